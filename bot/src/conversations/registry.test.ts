/**
 * The conversation registry over a real (in-memory SQLite) store: what an inbound activity writes, how a
 * send block is stored and lifted, and that store trouble never fails a turn or escapes as a rejection.
 */
import { Writable } from "node:stream";
import { BotAdapter, TurnContext, type Activity } from "botbuilder";
import { conversationRefId, conversationRefsCollection, FixedClock, type Store } from "@opsco/shared";
import { createSqliteStore } from "@opsco/shared/adapters/sqlite";
import { createLogger } from "../logger.js";
import { createConversationRegistry, type ConversationRegistry } from "./registry.js";

class NoopAdapter extends BotAdapter {
  async sendActivities(): Promise<never[]> {
    return [];
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(): Promise<void> {}
}

const TENANT = "tenant-1";

function inbound(conversationId: string, extra: Partial<Activity> = {}): TurnContext {
  return new TurnContext(new NoopAdapter(), {
    type: "message",
    id: "activity-1",
    channelId: "msteams",
    serviceUrl: "https://smba.trafficmanager.net/emea/",
    from: { id: "29:adele", aadObjectId: "aad-adele", name: "Adele Vance" },
    recipient: { id: "28:opsco-bot", name: "opsco" },
    conversation: { id: conversationId, conversationType: "personal", tenantId: TENANT, isGroup: false, name: "" },
    channelData: { tenant: { id: TENANT } },
    text: "help",
    ...extra,
  });
}

function setUp(options: { memoLimit?: number } = {}): { store: Store; clock: FixedClock; registry: ConversationRegistry; logged: () => { level: number; msg: string }[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const store = createSqliteStore({ path: ":memory:" });
  const clock = new FixedClock("2026-11-03T08:00:00Z");
  const registry = createConversationRegistry({ store, clock, log: createLogger("debug", sink), ...options });
  return { store, clock, registry, logged: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

describe("conversation registry", () => {
  it("stores the reference of an inbound activity and hands it out for proactive messages", async () => {
    const { store, registry } = setUp();
    const id = await registry.remember(inbound("a:1"), TENANT);
    expect(id).toBe(conversationRefId("a:1"));
    const found = await registry.reference(TENANT, id);
    expect(found.ok && found.value.reference).toMatchObject({ conversation: { id: "a:1" }, serviceUrl: "https://smba.trafficmanager.net/emea/" });
    await store.close();
  });

  // BUG: markBlocked wrote the block but left the "written recently" memo in place, so a person who unblocked
  // the bot and wrote again within 10 minutes was not re-written: the stored block stayed, digests stayed off.
  it("lifts a stored send block on the next inbound activity, however soon it comes", async () => {
    const { store, clock, registry } = setUp();
    const id = await registry.remember(inbound("a:2"), TENANT);
    clock.advance(60_000);
    await registry.markBlocked(TENANT, "a:2");
    expect((await registry.reference(TENANT, id)).ok).toBe(false);

    clock.advance(60_000);
    await registry.remember(inbound("a:2"), TENANT);
    const after = await registry.reference(TENANT, id);
    expect(after.ok ? "ok" : after.error.code).toBe("ok");
    await store.close();
  });

  // BUG: the memo of what was last written grew by one entry per conversation ever seen, for the life of
  // the process. Bounded, the oldest entries go (and are simply written again when they come back).
  it("keeps a bounded memo: a conversation pushed out of it is written again on its next activity", async () => {
    const { store, clock, registry } = setUp({ memoLimit: 2 });
    const refs = store.collection(conversationRefsCollection);
    for (const c of ["a:m1", "a:m2", "a:m3"]) await registry.remember(inbound(c), TENANT);
    clock.advance(60_000);
    await registry.remember(inbound("a:m3"), TENANT); // still memoised: not re-written
    await registry.remember(inbound("a:m1"), TENANT); // pushed out by a:m3: written again
    const seen = async (c: string) => {
      const r = await refs.get(TENANT, conversationRefId(c));
      return r.ok ? r.value.lastSeenAt : r.error.code;
    };
    expect(await seen("a:m3")).toBe("2026-11-03T08:00:00.000Z");
    expect(await seen("a:m1")).toBe("2026-11-03T08:01:00.000Z");
    await store.close();
  });

  // BUG: a store that throws (SQLite busy past its timeout, a closed store during shutdown, a stored record
  // that no longer parses) made remember() reject: the whole turn failed ("Sorry — something went wrong",
  // and an invoke got a bare 501) although only the proactive-messaging cache could not be written.
  it("answers the conversation id and logs when the store throws, instead of failing the turn", async () => {
    const { store, registry, logged } = setUp();
    await store.close();
    await expect(registry.remember(inbound("a:3"), TENANT)).resolves.toBe(conversationRefId("a:3"));
    expect(logged().some((l) => l.level === 50 && l.msg === "conversation reference not stored")).toBe(true);
  });

  // BUG: compose.ts calls markBlocked detached (`void …`) from the sender's onBlocked hook; a store that
  // throws turned into an unhandled rejection, which ends a Node 20 process.
  it("markBlocked never rejects: store failures are logged", async () => {
    const { store, registry, logged } = setUp();
    await registry.remember(inbound("a:4"), TENANT);
    await store.close();
    await expect(registry.markBlocked(TENANT, "a:4")).resolves.toBeUndefined();
    expect(logged().some((l) => l.level === 50 && l.msg === "could not mark conversation as blocked")).toBe(true);
  });
});
