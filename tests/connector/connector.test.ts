import { startConnectorSimulator, type ConnectorSimulator } from "../simulators/connector/index.js";
import { sharedTokenAuth } from "../simulators/botauth/credentials.js";
import { activitiesPath, call, manualClock, message } from "./helpers.js";

// A Teams channel-thread id: ':' ';' '@' '=' must survive encoding and decoding.
const THREAD = "19:abc123@thread.tacv2;messageid=1700000000001";
const CHAT = "a:1Xy_personal-chat";

describe("Connector simulator: delivery and recording", () => {
  let sim: ConnectorSimulator;
  beforeAll(async () => {
    sim = await startConnectorSimulator({
      members: [
        { id: "29:alice", name: "Alice", aadObjectId: "aad-alice", email: "alice@contoso.test", tenantId: "t1" },
        { id: "29:bob", name: "Bob", aadObjectId: "aad-bob", email: "bob@contoso.test", tenantId: "t1" },
        { id: "29:cara", name: "Cara", aadObjectId: "aad-cara", tenantId: "t1" },
      ],
      teams: [{ id: "19:team@thread.tacv2", name: "Ops", aadGroupId: "grp-1", channels: [{ id: "19:team@thread.tacv2", name: "General" }, { id: "19:fin@thread.tacv2", name: "Finance" }] }],
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it("serves on 127.0.0.1 with a trailing-slash service URL", () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("records a sent activity with the decoded conversation id and returns { id }", async () => {
    const res = await call(sim.url, "POST", activitiesPath(THREAD), message("hello", { conversation: { id: THREAD, tenantId: "t1" } }));
    expect(res.status).toBe(201);
    const { id } = res.body as { id: string };
    expect(id).toMatch(/^\d+$/);
    expect(sim.messages).toHaveLength(1);
    expect(sim.messages[0]).toMatchObject({ op: "send", conversationId: THREAD, activityId: id, tenantId: "t1", appId: "anonymous" });
    expect(sim.messages[0]?.activity).toMatchObject({ type: "message", text: "hello", id });
    expect(typeof sim.messages[0]?.at).toBe("number");
  });

  it("replies, updates in place and deletes", async () => {
    const sent = await call(sim.url, "POST", activitiesPath(CHAT), message("card v1"));
    const cardId = (sent.body as { id: string }).id;
    const replied = await call(sim.url, "POST", activitiesPath(CHAT, "user-msg-7"), message("a reply"));
    expect(replied.status).toBe(201);
    const replyId = (replied.body as { id: string }).id;
    expect(sim.messages[1]).toMatchObject({ op: "reply", replyToId: "user-msg-7", activityId: replyId });

    const updated = await call(sim.url, "PUT", activitiesPath(CHAT, cardId), message("card v2", { id: cardId }));
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id: cardId });
    expect(sim.messages[2]).toMatchObject({ op: "update", activityId: cardId });
    expect(sim.transcript(CHAT).map((a) => a.text)).toEqual(["card v2", "a reply"]);

    const deleted = await call(sim.url, "DELETE", activitiesPath(CHAT, replyId));
    expect(deleted.status).toBe(200);
    expect(sim.deletions).toEqual([expect.objectContaining({ conversationId: CHAT, activityId: replyId })]);
    expect(sim.transcript(CHAT).map((a) => a.text)).toEqual(["card v2"]);
  });

  it("answers 404 for updating or deleting an activity it never delivered", async () => {
    const put = await call(sim.url, "PUT", activitiesPath(CHAT, "nope"), message("x"));
    expect(put.status).toBe(404);
    expect(put.body).toMatchObject({ error: { code: "ActivityNotFoundInConversation" } });
    expect((await call(sim.url, "DELETE", activitiesPath(CHAT, "nope"))).status).toBe(404);
    expect(sim.messages).toHaveLength(0);
  });

  it("rejects bad bodies with 400 and an error body, recording nothing", async () => {
    const notJson = await call(sim.url, "POST", activitiesPath(CHAT), "{ not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: "BadSyntax" } });
    const noType = await call(sim.url, "POST", activitiesPath(CHAT), { text: "typeless" });
    expect(noType.status).toBe(400);
    expect(noType.body).toMatchObject({ error: { code: "BadArgument" } });
    expect((noType.body as { error: { message: string } }).error.message).toMatch(/type/);
    const badAttachment = await call(sim.url, "POST", activitiesPath(CHAT), message("x", { attachments: [{ content: {} }] }));
    expect(badAttachment.status).toBe(400);
    const array = await call(sim.url, "POST", activitiesPath(CHAT), [message("x")]);
    expect(array.status).toBe(400);
    expect(sim.messages).toHaveLength(0);
    expect(sim.stats().badRequests).toBe(4);
  });

  it("answers 413 for activities over 100 KB", async () => {
    const big = message("x".repeat(101 * 1024));
    const res = await call(sim.url, "POST", activitiesPath(CHAT), big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: "MessageSizeTooBig" } });
    expect(sim.messages).toHaveLength(0);
  });

  it("answers 404 for routes the Bot Connector does not have", async () => {
    expect((await call(sim.url, "GET", "/v3/nothing")).status).toBe(404);
    expect((await call(sim.url, "PATCH", activitiesPath(CHAT, "1"), message("x"))).status).toBe(404);
    expect((await call(sim.url, "GET", "/healthz")).status).toBe(404);
    expect(sim.stats().notFound).toBe(3);
  });

  it("ignores a regional prefix before /v3/, like Teams' service URLs", async () => {
    const res = await call(sim.url, "POST", `/amer${activitiesPath(CHAT)}`, message("via amer"));
    expect(res.status).toBe(201);
    expect(sim.messages[0]?.conversationId).toBe(CHAT);
  });

  it("creates conversations like Teams: stable 1:1 ids, channel-thread ids, first activity recorded", async () => {
    const params = { bot: { id: "28:bot" }, members: [{ id: "29:alice" }], tenantId: "t1", isGroup: false };
    const first = await call(sim.url, "POST", "/v3/conversations", params);
    const again = await call(sim.url, "POST", "/v3/conversations", params);
    expect(first.status).toBe(201);
    const firstId = (first.body as { id: string }).id;
    expect(firstId).toMatch(/^a:/);
    expect((again.body as { id: string }).id).toBe(firstId);
    // Members named at creation are resolved against the roster.
    const members = await call(sim.url, "GET", `/v3/conversations/${encodeURIComponent(firstId)}/members`);
    expect(members.body).toEqual([expect.objectContaining({ id: "29:alice", name: "Alice" })]);

    const post = await call(sim.url, "POST", "/v3/conversations", {
      isGroup: true,
      channelData: { channel: { id: "19:fin@thread.tacv2" }, tenant: { id: "t1" } },
      activity: message("digest"),
    });
    const body = post.body as { id: string; activityId: string; serviceUrl: string };
    expect(body.id).toBe(`19:fin@thread.tacv2;messageid=${body.activityId}`);
    expect(body.serviceUrl).toBe(sim.url);
    expect(sim.messages).toEqual([expect.objectContaining({ op: "create", conversationId: body.id, activityId: body.activityId, tenantId: "t1" })]);

    const listed = await call(sim.url, "GET", "/v3/conversations");
    expect((listed.body as { conversations: { id: string }[] }).conversations.map((c) => c.id)).toEqual(expect.arrayContaining([firstId, body.id]));
  });

  it("returns members, one member (by 29: id or AAD id), pages and team details", async () => {
    const conv = `/v3/conversations/${encodeURIComponent(THREAD)}`;
    const all = await call(sim.url, "GET", `${conv}/members`);
    expect((all.body as { id: string }[]).map((m) => m.id)).toEqual(["29:alice", "29:bob", "29:cara"]);
    expect((await call(sim.url, "GET", `${conv}/members/29%3Abob`)).body).toMatchObject({ name: "Bob", email: "bob@contoso.test" });
    expect((await call(sim.url, "GET", `${conv}/members/aad-cara`)).body).toMatchObject({ id: "29:cara" });
    const missing = await call(sim.url, "GET", `${conv}/members/29%3Azed`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "MemberNotFoundInConversation" } });

    const page1 = (await call(sim.url, "GET", `${conv}/pagedmembers?pageSize=2`)).body as { members: unknown[]; continuationToken?: string };
    expect(page1.members).toHaveLength(2);
    const page2 = (await call(sim.url, "GET", `${conv}/pagedmembers?pageSize=2&continuationToken=${page1.continuationToken}`)).body as { members: { id: string }[]; continuationToken?: string };
    expect(page2.members.map((m) => m.id)).toEqual(["29:cara"]);
    expect(page2.continuationToken).toBeUndefined();

    const team = `/v3/teams/${encodeURIComponent("19:team@thread.tacv2")}`;
    expect((await call(sim.url, "GET", team)).body).toEqual({ id: "19:team@thread.tacv2", name: "Ops", aadGroupId: "grp-1" });
    expect(((await call(sim.url, "GET", `${team}/conversations`)).body as { conversations: { name: string }[] }).conversations.map((c) => c.name)).toEqual(["General", "Finance"]);
    expect((await call(sim.url, "GET", "/v3/teams/unknown")).status).toBe(404);
  });

  it("waitForMessages waits for a count, a predicate, or several matches, and times out with a listing", async () => {
    const byCount = sim.waitForMessages(2, 2_000);
    const byPredicate = sim.waitForMessages((m) => m.activity.text === "second", 2_000);
    const several = sim.waitForMessages({ where: (m) => m.conversationId === CHAT, count: 2 }, 2_000);
    await call(sim.url, "POST", activitiesPath(CHAT), message("first"));
    await call(sim.url, "POST", activitiesPath(CHAT), message("second"));
    expect((await byCount).map((m) => m.activity.text)).toEqual(["first", "second"]);
    expect((await byPredicate).map((m) => m.activity.text)).toEqual(["second"]);
    expect(await several).toHaveLength(2);
    // Already satisfied → resolves at once.
    await expect(sim.waitForMessages(1, 10)).resolves.toHaveLength(2);
    await expect(sim.waitForMessages((m) => m.activity.text === "never", 50)).rejects.toThrow(/wanted 1, got 0 after 50 ms[\s\S]*send a:1Xy_personal-chat: message first/);
  });

  it("keeps a request log and status counts", async () => {
    await call(sim.url, "POST", activitiesPath(CHAT), message("one"));
    await call(sim.url, "POST", activitiesPath(CHAT), "bad");
    expect(sim.requests.map((r) => [r.method, r.op, r.status])).toEqual([
      ["POST", "send", 201],
      ["POST", "send", 400],
    ]);
    expect(sim.stats()).toMatchObject({ requests: 2, delivered: 1, badRequests: 1, byStatus: { 201: 1, 400: 1 } });
  });
});

describe("Connector simulator: Teams rate limits", () => {
  const clock = manualClock();
  let sim: ConnectorSimulator;
  beforeAll(async () => {
    sim = await startConnectorSimulator({ now: clock.now });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  const send = (conversationId: string, text: string, tenantId = "t1") =>
    call(sim.url, "POST", activitiesPath(conversationId), message(text, { conversation: { id: conversationId, tenantId } }));

  it("answers the 8th message in a second with 429 + Retry-After, and accepts it after waiting", async () => {
    for (let i = 1; i <= 7; i++) expect((await send(THREAD, `m${i}`)).status).toBe(201);
    clock.advance(300);
    const eighth = await send(THREAD, "m8");
    expect(eighth.status).toBe(429);
    expect(eighth.headers.get("retry-after")).toBe("1"); // 700 ms, rounded up to whole seconds
    expect(eighth.body).toMatchObject({ error: { code: "Throttled" } });
    expect(sim.rejected).toEqual([expect.objectContaining({ scope: "conversation", conversationId: THREAD, retryAfterSeconds: 1, window: { max: 7, windowMs: 1_000 } })]);
    expect(sim.messages).toHaveLength(7); // the 429'd message is not recorded

    clock.advance(Number(eighth.headers.get("retry-after")) * 1_000);
    expect((await send(THREAD, "m8")).status).toBe(201);
    expect(sim.messages.map((m) => m.activity.text)).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]);
    // Other conversations were never affected.
    expect((await send(CHAT, "elsewhere")).status).toBe(201);
  });

  it("counts replies and updates against the same conversation", async () => {
    const first = await send(CHAT, "card");
    const id = (first.body as { id: string }).id;
    for (let i = 0; i < 3; i++) expect((await call(sim.url, "POST", activitiesPath(CHAT, "u1"), message(`r${i}`))).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await call(sim.url, "PUT", activitiesPath(CHAT, id), message(`v${i}`))).status).toBe(200);
    expect((await call(sim.url, "PUT", activitiesPath(CHAT, id), message("v4"))).status).toBe(429);
  });

  it("enforces 8 per 2 seconds after the 1-second window has cleared", async () => {
    for (let i = 0; i < 7; i++) await send(THREAD, `a${i}`);
    clock.advance(1_000);
    expect((await send(THREAD, "b0")).status).toBe(201);
    const ninth = await send(THREAD, "b1");
    expect(ninth.status).toBe(429);
    expect(sim.rejected[0]?.window).toEqual({ max: 8, windowMs: 2_000 });
    expect(ninth.headers.get("retry-after")).toBe("1");
  });

  it("enforces 50 requests per second per app per tenant across conversations", async () => {
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => send(`a:user-${i}`, "digest")));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(sim.rejected.every((r) => r.scope === "app" && r.tenantId === "t1" && r.appId === "anonymous")).toBe(true);
    expect(sim.stats()).toMatchObject({ delivered: 50, throttled: 10 });
    // Another tenant has its own budget; the first tenant's comes back a second later.
    expect((await send("a:other-tenant-user", "hi", "t2")).status).toBe(201);
    clock.advance(1_000);
    expect((await send("a:user-59", "retry")).status).toBe(201);
  });

  it("keys the app limit on the bot id named in the token", async () => {
    // An unsigned JWT naming appid "bot-a"; without requireAuth the simulator only reads the claim.
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const tokenFor = (appid: string) => `${enc({ alg: "none" })}.${enc({ appid })}.`;
    const sendAs = (appid: string, i: number) =>
      call(sim.url, "POST", activitiesPath(`a:u${i}`), message("x", { conversation: { id: `a:u${i}`, tenantId: "t1" } }), { authorization: `Bearer ${tokenFor(appid)}` });
    for (let i = 0; i < 50; i++) expect((await sendAs("bot-a", i)).status).toBe(201);
    expect((await sendAs("bot-a", 50)).status).toBe(429);
    expect((await sendAs("bot-b", 51)).status).toBe(201);
    expect(sim.messages.at(-1)?.appId).toBe("bot-b");
  });

  it("accepts configurable windows, or no limits at all", async () => {
    const tight = await startConnectorSimulator({ now: clock.now, limits: { perConversation: [{ max: 2, windowMs: 10_000 }] } });
    const open = await startConnectorSimulator({ limits: false });
    try {
      const p = activitiesPath(CHAT);
      expect((await call(tight.url, "POST", p, message("1"))).status).toBe(201);
      expect((await call(tight.url, "POST", p, message("2"))).status).toBe(201);
      const third = await call(tight.url, "POST", p, message("3"));
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("10");
      for (let i = 0; i < 20; i++) expect((await call(open.url, "POST", p, message(`${i}`))).status).toBe(201);
    } finally {
      await Promise.all([tight.close(), open.close()]);
    }
  });
});

describe("Connector simulator: real clock", () => {
  it("honouring Retry-After in real time gets the message through", async () => {
    const sim = await startConnectorSimulator();
    try {
      const p = activitiesPath(CHAT);
      for (let i = 0; i < 7; i++) expect((await call(sim.url, "POST", p, message(`${i}`))).status).toBe(201);
      const eighth = await call(sim.url, "POST", p, message("7"));
      expect(eighth.status).toBe(429);
      const wait = Number(eighth.headers.get("retry-after"));
      expect(wait).toBe(1);
      await new Promise((r) => setTimeout(r, wait * 1_000));
      expect((await call(sim.url, "POST", p, message("7"))).status).toBe(201);
    } finally {
      await sim.close();
    }
  });
});

describe("Connector simulator: fault injection", () => {
  let sim: ConnectorSimulator;
  beforeAll(async () => {
    sim = await startConnectorSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.setFaults([]);
    sim.reset();
  });

  it("blocks one conversation with 403 MessageWritesBlocked, others still deliver", async () => {
    sim.setFaults([{ status: 403, code: "MessageWritesBlocked", conversationId: CHAT }]);
    const blocked = await call(sim.url, "POST", activitiesPath(CHAT), message("x"));
    expect(blocked.status).toBe(403);
    expect(blocked.body).toEqual({ error: { code: "MessageWritesBlocked", message: expect.any(String) } });
    expect((await call(sim.url, "POST", activitiesPath(THREAD), message("y"))).status).toBe(201);
    expect(sim.messages.map((m) => m.conversationId)).toEqual([THREAD]);
    expect(sim.stats().faults).toBe(1);
  });

  it("defaults a 403 to ConversationBlockedByUser", async () => {
    sim.setFaults([{ status: 403 }]);
    const res = await call(sim.url, "POST", activitiesPath(CHAT), message("x"));
    expect(res.body).toMatchObject({ error: { code: "ConversationBlockedByUser" } });
  });

  it.each([412, 502, 503, 504] as const)("injects %i a limited number of times, then delivers", async (status) => {
    sim.setFaults([{ status, times: 2 }]);
    expect((await call(sim.url, "POST", activitiesPath(CHAT), message("x"))).status).toBe(status);
    expect((await call(sim.url, "POST", activitiesPath(CHAT), message("x"))).status).toBe(status);
    expect((await call(sim.url, "POST", activitiesPath(CHAT), message("x"))).status).toBe(201);
    expect(sim.messages).toHaveLength(1);
    // reset() re-arms the budget.
    sim.reset();
    expect((await call(sim.url, "POST", activitiesPath(CHAT), message("x"))).status).toBe(status);
  });

  it("injects 429 with a Retry-After, only for the chosen operations", async () => {
    sim.setFaults([{ status: 429, retryAfterSeconds: 7, ops: ["update"] }]);
    const sent = await call(sim.url, "POST", activitiesPath(CHAT), message("card"));
    expect(sent.status).toBe(201);
    const update = await call(sim.url, "PUT", activitiesPath(CHAT, (sent.body as { id: string }).id), message("card v2"));
    expect(update.status).toBe(429);
    expect(update.headers.get("retry-after")).toBe("7");
    expect(sim.transcript(CHAT).map((a) => a.text)).toEqual(["card"]);
  });

  it("still answers 400 for a malformed body while a fault is active", async () => {
    sim.setFaults([{ status: 503 }]);
    expect((await call(sim.url, "POST", activitiesPath(CHAT), "nope")).status).toBe(400);
  });
});

describe("Connector simulator: auth", () => {
  it("requires an accepted bearer token when configured", async () => {
    const sim = await startConnectorSimulator({ requireAuth: sharedTokenAuth("app-1", "s3cret-token") });
    try {
      const none = await call(sim.url, "POST", activitiesPath(CHAT), message("x"));
      expect(none.status).toBe(401);
      const wrong = await call(sim.url, "POST", activitiesPath(CHAT), message("x"), { authorization: "Bearer other" });
      expect(wrong.status).toBe(401);
      const ok = await call(sim.url, "POST", activitiesPath(CHAT), message("x"), { authorization: "Bearer s3cret-token" });
      expect(ok.status).toBe(201);
      expect(sim.messages).toEqual([expect.objectContaining({ appId: "app-1" })]);
      expect(sim.stats().unauthorized).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
