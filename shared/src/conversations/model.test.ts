import { parseWith } from "../errors.js";
import { conversationRefsCollection } from "./collection.js";
import { docIdFromKey } from "./doc-id.js";
import { blockConversationRef, conversationRefId, conversationRefSchema, parseConversationRefInput, touchConversationRef } from "./model.js";

const personalId = "a:1Xyz-personal-chat-id";
const valid = {
  kind: "personal",
  userId: "00000000-0000-0000-0000-0000000000a1",
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  conversation: { id: personalId, tenantId: "t1", conversationType: "personal" },
  bot: { id: "28:bot-app-id", name: "opsco" },
  user: { id: "29:user", name: "Ana", aadObjectId: "00000000-0000-0000-0000-0000000000a1" },
  locale: "de-DE",
  timeZone: "Europe/Berlin",
  reference: { activityId: "1", bot: { id: "28:bot-app-id" }, conversation: { id: personalId }, serviceUrl: "https://smba.trafficmanager.net/emea/" },
};

function input(overrides: Record<string, unknown> = {}) {
  const parsed = parseConversationRefInput({ ...valid, ...overrides });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

function paths(raw: unknown): string[] {
  const parsed = parseConversationRefInput(raw);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? [] : [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("conversationRefId / docIdFromKey", () => {
  it("is deterministic, store-safe and injective for ids with reserved characters", () => {
    expect(conversationRefId(personalId)).toBe(personalId);
    expect(conversationRefId("19:abc@thread.tacv2;messageid=1")).toBe("19:abc@thread.tacv2;messageid=1");
    expect(conversationRefId("a/b?c#d\\e")).toBe("a~2Fb~3Fc~23d~5Ce");
    expect(conversationRefId("a/b")).not.toBe(conversationRefId("a~2Fb"));
    const long = conversationRefId(`19:${"x".repeat(400)}`);
    expect(long).toMatch(/^~h[0-9a-f]{64}$/);
    expect(long).toBe(conversationRefId(`19:${"x".repeat(400)}`));
    expect(docIdFromKey("p:", " padded ")).toMatch(/^p:~h/);
  });
});

describe("conversation reference model", () => {
  it("builds the stored record for an inbound activity", () => {
    const ref = touchConversationRef(null, input(), { tenantId: "t1", now: "2026-11-25T08:00:00.000Z" });
    expect(ref).toMatchObject({ id: personalId, createdAt: "2026-11-25T08:00:00.000Z", lastSeenAt: "2026-11-25T08:00:00.000Z", sendBlockedAt: null, teamId: null });
    const parsed = parseWith(conversationRefSchema, ref, "conversation reference");
    expect(parsed).toEqual({ ok: true, value: ref });
    for (const field of conversationRefsCollection.indexes) expect(Object.keys(ref)).toContain(field);
  });

  it("keeps first-seen time and known zone on refresh, and lifts a send block", () => {
    const first = touchConversationRef(null, input(), { tenantId: "t1", now: "2026-11-01T08:00:00.000Z" });
    const blocked = blockConversationRef(first, "2026-11-02T08:00:00.000Z");
    expect(blocked.sendBlockedAt).toBe("2026-11-02T08:00:00.000Z");
    expect(blockConversationRef(blocked, "2026-11-03T08:00:00.000Z")).toBe(blocked);
    const again = touchConversationRef(blocked, input({ timeZone: undefined, locale: undefined }), { tenantId: "t1", now: "2026-11-25T08:00:00.000Z" });
    expect(again).toMatchObject({ createdAt: "2026-11-01T08:00:00.000Z", lastSeenAt: "2026-11-25T08:00:00.000Z", sendBlockedAt: null, timeZone: "Europe/Berlin", locale: "de-DE" });
  });

  it("refuses a record whose id or tenant does not match its conversation", () => {
    const ref = touchConversationRef(null, input(), { tenantId: "t1", now: "2026-11-25T08:00:00.000Z" });
    const wrongId = parseWith(conversationRefSchema, { ...ref, id: "other" }, "conversation reference");
    expect(!wrongId.ok && wrongId.error.issues.map((i) => i.path)).toEqual(["id"]);
    const wrongTenant = parseWith(conversationRefSchema, { ...ref, tenantId: "t2" }, "conversation reference");
    expect(!wrongTenant.ok && wrongTenant.error.issues.map((i) => i.path)).toEqual(["conversation.tenantId"]);
  });

  it.each([
    ["userId", { ...valid, userId: undefined }],
    ["kind", { ...valid, kind: "meeting" }],
    ["serviceUrl", { ...valid, serviceUrl: "not a url" }],
    ["serviceUrl", { ...valid, serviceUrl: "ftp://x.example" }],
    ["timeZone", { ...valid, timeZone: "Berlin" }],
    ["conversation.id", { ...valid, conversation: {} }],
    ["bot", { ...valid, bot: undefined }],
    ["reference", { ...valid, reference: "serialised" }],
    ["kind", { ...valid, kind: "groupChat" }],
    ["reference", { ...valid, reference: { blob: "x".repeat(40_000) } }],
  ])("refuses bad input: %s (#%#)", (path, raw) => {
    expect(paths(raw)).toEqual([path]);
  });

  it("accepts a channel conversation without a user", () => {
    const channel = input({ kind: "channel", userId: undefined, teamId: "19:team", conversation: { id: "19:chan@thread.tacv2", conversationType: "channel" } });
    expect(channel).toMatchObject({ kind: "channel", userId: null, teamId: "19:team" });
  });
});
