/**
 * The outbound sender against the real Bot Connector simulator (tests/simulators/connector) through a
 * real OpscoCloudAdapter: no mocks between `send` and the HTTP server that enforces Teams' limits.
 */
import { Writable } from "node:stream";
import { MessageFactory, type ConversationReference } from "botbuilder";
import type { ServiceClientCredentialsFactory } from "botframework-connector";
import { createAdapter } from "../host/adapter.js";
import { createLogger } from "../logger.js";
import { createOutboundSender, type OutboundSender, type OutboundSenderOptions } from "./sender.js";
import { createConnectorNotifier } from "./notifier.js";
import { fail, ok } from "@opsco/shared";

// The simulators live in the `tests` workspace, outside bot's tsconfig rootDir: a static import would pull
// them into bot's program (TS6059). So they are loaded at run time and typed here by the parts we use.
interface RecordedMessage {
  conversationId: string;
  activity: { id: string; text?: string; attachments?: { contentType: string; content?: unknown }[] };
  appId: string;
  tenantId: string;
  at: number;
}
interface FaultRule {
  status: number;
  code?: string;
  conversationId?: string;
  times?: number;
  retryAfterSeconds?: number;
}
interface ConnectorSimulator {
  url: string;
  messages: readonly RecordedMessage[];
  requests: readonly { conversationId?: string; status: number; at: number }[];
  stats(): { throttled: number; faults: number; unauthorized: number; byStatus: Record<number, number> };
  setFaults(rules: readonly FaultRule[]): void;
  reset(): void;
  close(): Promise<void>;
}
interface ConnectorAuth {
  appId: string;
  acceptToken(token: string): boolean | Promise<boolean>;
}
type StartConnectorSimulator = (options?: { requireAuth?: ConnectorAuth }) => Promise<ConnectorSimulator>;
type CredentialsFactoryClass = new (options: { appId: string; token: string }) => ServiceClientCredentialsFactory & { minted: number };

const connectorModule = "../../../tests/simulators/connector/index.js";
const botauthModule = "../../../tests/simulators/botauth/index.js";

async function loadSimulators(): Promise<{
  startConnectorSimulator: StartConnectorSimulator;
  TestConnectorCredentialsFactory: CredentialsFactoryClass;
  sharedTokenAuth: (appId: string, token: string) => ConnectorAuth;
}> {
  const connector = (await import(connectorModule)) as { startConnectorSimulator: StartConnectorSimulator };
  const botauth = (await import(botauthModule)) as {
    TestConnectorCredentialsFactory: CredentialsFactoryClass;
    sharedTokenAuth: (appId: string, token: string) => ConnectorAuth;
  };
  return { ...connector, ...botauth };
}

const DEV_BOT = { appId: undefined, appPassword: undefined, appTenantId: undefined, appType: "MultiTenant" as const, openIdMetadataUrl: undefined, tokenIssuer: undefined };

function referenceTo(sim: ConnectorSimulator, conversationId: string, tenantId: string): Partial<ConversationReference> {
  return {
    channelId: "msteams",
    serviceUrl: sim.url,
    conversation: { id: conversationId, tenantId, conversationType: "personal", isGroup: false, name: "" },
    bot: { id: "28:opsco-bot", name: "opsco" },
    user: { id: `29:user-${conversationId}`, name: "A user" },
  };
}

/** Pino writes JSON lines; keep them to assert what was logged. */
function capturedLogger(): { log: ReturnType<typeof createLogger>; lines: () => { level: number; msg: string }[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return {
    log: createLogger("debug", sink),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
  };
}

function maxInAnyWindow(times: readonly number[], ms: number): number {
  let best = 0;
  for (const end of times) best = Math.max(best, times.filter((t) => t > end - ms && t <= end).length);
  return best;
}

const requestsFor = (sim: ConnectorSimulator, conversationId: string) => sim.requests.filter((r) => r.conversationId === conversationId);

describe("outbound sender, dev mode (empty app id) against the Connector simulator", () => {
  let sim: ConnectorSimulator;
  const adapter = createAdapter(DEV_BOT);
  const senders: OutboundSender[] = [];
  const logs = capturedLogger();
  const newSender = (extra: Partial<OutboundSenderOptions> = {}): OutboundSender => {
    const sender = createOutboundSender({ adapter, appId: "", log: logs.log, ...extra });
    senders.push(sender);
    return sender;
  };

  beforeAll(async () => {
    sim = await (await loadSimulators()).startConnectorSimulator();
  });
  afterAll(async () => {
    await Promise.all(senders.map((s) => s.close()));
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    sim.setFaults([]);
  });

  it("delivers 20 messages to one conversation in order, paced so that Teams never answers 429", async () => {
    const sender = newSender();
    const conversation = "a:1-twenty";
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sender.send("tenant-a", referenceTo(sim, conversation, "tenant-a"), MessageFactory.text(`message ${i}`))),
    );
    const elapsed = Date.now() - started;

    expect(results.every((r) => r.ok)).toBe(true);
    const ids = results.map((r) => (r.ok ? r.value.activityId : undefined));
    expect(new Set(ids).size).toBe(20);
    const delivered = sim.messages.filter((m) => m.conversationId === conversation);
    expect(delivered.map((m) => m.activity.text)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`));
    expect(delivered.map((m) => m.activity.id)).toEqual(ids);
    expect(sim.stats().throttled).toBe(0);
    expect(sim.stats().byStatus[429]).toBeUndefined();

    // 8 per 2 s means 20 messages span at least 4 s (1–8, 9–16 ≥ 2 s later, 17–20 ≥ 4 s later).
    const at = delivered.map((m) => m.at);
    const span = (at[19] as number) - (at[0] as number);
    expect(span).toBeGreaterThanOrEqual(4_000);
    expect(maxInAnyWindow(at, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInAnyWindow(at, 2_000)).toBeLessThanOrEqual(8);
    // …and not much more: the sender uses its quota (counted from each answer, plus a 50 ms margin per window).
    expect(elapsed).toBeLessThan(5_500);
    expect(sender.stats()).toMatchObject({ sent: 20, retried: 0, rateLimited: 0, failed: 0, inFlight: 0, activeConversations: 0, activeTenants: 0 });
  });

  it("delivers 120 conversations × 1 message in one tenant under 50 requests/s", async () => {
    const sender = newSender();
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => sender.send("tenant-b", referenceTo(sim, `a:1-fanout-${i}`, "tenant-b"), MessageFactory.text(`digest ${i}`))),
    );
    const elapsed = Date.now() - started;

    expect(results.filter((r) => r.ok)).toHaveLength(120);
    const delivered = sim.messages.filter((m) => m.tenantId === "tenant-b");
    expect(new Set(delivered.map((m) => m.conversationId)).size).toBe(120);
    expect(sim.stats().throttled).toBe(0);
    const at = delivered.map((m) => m.at).sort((a, b) => a - b);
    expect(maxInAnyWindow(at, 1_000)).toBeLessThanOrEqual(50);
    // 50 now, 50 a second later, 20 a second after that.
    expect((at[119] as number) - (at[0] as number)).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(3_500);
    expect(sender.stats()).toMatchObject({ sent: 120, activeConversations: 0, activeTenants: 0 });
  });

  it("honours an injected 429 Retry-After: 1 and delivers after at least a second", async () => {
    const sender = newSender();
    const conversation = "a:1-throttled";
    sim.setFaults([{ status: 429, conversationId: conversation, times: 1, retryAfterSeconds: 1 }]);
    const started = Date.now();
    const result = await sender.send("tenant-c", referenceTo(sim, conversation, "tenant-c"), MessageFactory.text("after the pause"));
    const elapsed = Date.now() - started;

    expect(result.ok).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(2_000);
    // Exactly two calls: botbuilder's own retry policy is off, so the 429 reached the sender.
    expect(requestsFor(sim, conversation).map((r) => r.status)).toEqual([429, 201]);
    const [rejected, accepted] = requestsFor(sim, conversation);
    expect((accepted?.at ?? 0) - (rejected?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(sender.stats()).toMatchObject({ sent: 1, retried: 1, rateLimited: 1, failed: 0 });
  });

  it("keeps a conversation's order when a 429 interrupts it", async () => {
    const sender = newSender();
    const conversation = "a:1-ordered-throttle";
    sim.setFaults([{ status: 429, conversationId: conversation, times: 1, retryAfterSeconds: 1 }]);
    const results = await Promise.all(
      ["first", "second", "third"].map((text) => sender.send("tenant-c", referenceTo(sim, conversation, "tenant-c"), MessageFactory.text(text))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sim.messages.filter((m) => m.conversationId === conversation).map((m) => m.activity.text)).toEqual(["first", "second", "third"]);
  });

  it("retries 503 twice with backoff and delivers", async () => {
    const sender = newSender();
    const conversation = "a:1-flaky";
    sim.setFaults([{ status: 503, conversationId: conversation, times: 2 }]);
    const result = await sender.send("tenant-d", referenceTo(sim, conversation, "tenant-d"), MessageFactory.text("eventually"));

    expect(result.ok).toBe(true);
    expect(requestsFor(sim, conversation).map((r) => r.status)).toEqual([503, 503, 201]);
    const [first, second, third] = requestsFor(sim, conversation).map((r) => r.at) as [number, number, number];
    // Equal jitter on a 500 ms base: ≥ 250 ms, then ≥ 500 ms.
    expect(second - first).toBeGreaterThanOrEqual(240);
    expect(third - second).toBeGreaterThanOrEqual(490);
    expect(sender.stats()).toMatchObject({ sent: 1, retried: 2, rateLimited: 0, failed: 0 });
  });

  it("gives up on 502 after maxAttempts with an upstream error", async () => {
    const sender = newSender({ maxAttempts: 3, backoff: { baseMs: 20 } });
    const conversation = "a:1-down";
    sim.setFaults([{ status: 502, conversationId: conversation }]);
    const result = await sender.send("tenant-d", referenceTo(sim, conversation, "tenant-d"), MessageFactory.text("never"));

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("upstream");
      expect(result.error.details).toMatchObject({ status: 502, conversationId: conversation });
    }
    expect(requestsFor(sim, conversation)).toHaveLength(3);
    expect(sender.stats()).toMatchObject({ sent: 0, retried: 2, failed: 1 });
  });

  it("stops writing to a conversation after 403 MessageWritesBlocked, without further HTTP calls", async () => {
    const blockedEvents: string[] = [];
    const local = capturedLogger();
    const sender = createOutboundSender({ adapter, appId: "", log: local.log, onBlocked: (t, c) => blockedEvents.push(`${t}|${c}`) });
    senders.push(sender);
    const conversation = "a:1-blocked";
    sim.setFaults([{ status: 403, code: "MessageWritesBlocked", conversationId: conversation }]);
    const reference = referenceTo(sim, conversation, "tenant-e");

    const first = await sender.send("tenant-e", reference, MessageFactory.text("hello?"));
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.error.code).toBe("forbidden");
    expect(requestsFor(sim, conversation)).toHaveLength(1);

    const later = await Promise.all([1, 2, 3].map((i) => sender.send("tenant-e", reference, MessageFactory.text(`again ${i}`))));
    expect(later.every((r) => !r.ok && r.error.code === "forbidden")).toBe(true);
    expect(requestsFor(sim, conversation)).toHaveLength(1);
    expect(sender.isBlocked(conversation)).toBe(true);
    expect(blockedEvents).toEqual([`tenant-e|${conversation}`]);
    expect(sender.stats()).toMatchObject({ sent: 0, failed: 4, blockedConversations: 1 });
    // Logged once, not once per refused send.
    expect(local.lines().filter((l) => l.level >= 40)).toHaveLength(1);

    // Other conversations are unaffected.
    expect((await sender.send("tenant-e", referenceTo(sim, "a:1-fine", "tenant-e"), MessageFactory.text("hi"))).ok).toBe(true);

    // The person unblocks the bot (their next activity reaches us): the conversation is writable again.
    sim.setFaults([]);
    sender.unblock(conversation);
    expect(sender.isBlocked(conversation)).toBe(false);
    expect((await sender.send("tenant-e", reference, MessageFactory.text("welcome back"))).ok).toBe(true);
    expect(sim.messages.filter((m) => m.conversationId === conversation).map((m) => m.activity.text)).toEqual(["welcome back"]);
  });

  it("treats 403 ConversationBlockedByUser as blocked too, but other 4xx as upstream errors without retry", async () => {
    const sender = newSender();
    sim.setFaults([
      { status: 403, code: "ConversationBlockedByUser", conversationId: "a:1-user-blocked" },
      { status: 404, conversationId: "a:1-gone" },
      { status: 403, code: "BotNotInConversationRoster", conversationId: "a:1-removed" },
    ]);
    const blockedByUser = await sender.send("t", referenceTo(sim, "a:1-user-blocked", "t"), MessageFactory.text("x"));
    const gone = await sender.send("t", referenceTo(sim, "a:1-gone", "t"), MessageFactory.text("x"));
    const removed = await sender.send("t", referenceTo(sim, "a:1-removed", "t"), MessageFactory.text("x"));

    expect(!blockedByUser.ok && blockedByUser.error.code).toBe("forbidden");
    expect(!gone.ok && gone.error.code).toBe("upstream");
    expect(!gone.ok && gone.error.details).toMatchObject({ status: 404, code: "ConversationNotFound" });
    expect(!removed.ok && removed.error.code).toBe("upstream");
    expect(sender.isBlocked("a:1-user-blocked")).toBe(true);
    expect(sender.isBlocked("a:1-removed")).toBe(false);
    for (const id of ["a:1-user-blocked", "a:1-gone", "a:1-removed"]) expect(requestsFor(sim, id)).toHaveLength(1);
  });

  it("refuses, without an HTTP call, a reference it cannot route and a message over the size limit", async () => {
    const sender = newSender();
    const noUrl = await sender.send("t", { conversation: { id: "a:1-x", isGroup: false, conversationType: "personal", name: "" } }, MessageFactory.text("x"));
    expect(!noUrl.ok && noUrl.error.code).toBe("validation");

    const huge = await sender.send("t", referenceTo(sim, "a:1-huge", "t"), MessageFactory.text("x".repeat(90 * 1024)));
    expect(!huge.ok && huge.error.code).toBe("validation");
    expect(sim.requests).toHaveLength(0);
  });

  it("answers `unavailable` when the Connector cannot be reached", async () => {
    const sender = newSender({ maxAttempts: 2, backoff: { baseMs: 10 } });
    const unreachable = { ...referenceTo(sim, "a:1-nowhere", "t"), serviceUrl: "http://127.0.0.1:9/" };
    const result = await sender.send("t", unreachable, MessageFactory.text("x"));
    expect(!result.ok && result.error.code).toBe("unavailable");
    expect(sender.stats()).toMatchObject({ retried: 1, failed: 1 });
  });

  it("close() settles queued sends promptly with `unavailable`; idle() waits for everything", async () => {
    const sender = newSender();
    const conversation = "a:1-closing";
    // 12 messages: 7 go at once, the rest wait for the windows.
    const pending = Array.from({ length: 12 }, (_, i) => sender.send("t", referenceTo(sim, conversation, "t"), MessageFactory.text(`m${i}`)));
    await new Promise((r) => setTimeout(r, 300)); // the first 7 are through, the 8th waits for the 1-s window
    const closedAt = Date.now();
    await sender.close();
    expect(Date.now() - closedAt).toBeLessThan(500);
    const results = await Promise.all(pending);
    const delivered = results.filter((r) => r.ok).length;
    expect(delivered).toBe(7);
    expect(results.slice(7).every((r) => !r.ok && r.error.code === "unavailable")).toBe(true);
    expect(sender.stats().inFlight).toBe(0);
    await sender.idle();
    const after = await sender.send("t", referenceTo(sim, conversation, "t"), MessageFactory.text("late"));
    expect(!after.ok && after.error.code).toBe("unavailable");
  });

  it("backs the shared Notifier port: looks up the reference, sends a card, passes lookup errors through", async () => {
    const sender = newSender();
    const reference = referenceTo(sim, "a:1-digest", "tenant-f");
    const notifier = createConnectorNotifier({
      sender,
      log: logs.log,
      lookup: async (tenantId, refId) => (tenantId === "tenant-f" && refId === "ref-1" ? ok({ reference }) : fail("not_found", `no conversation reference ${refId}`)),
    });
    const card = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "Morning digest" }] };

    const sent = await notifier.send({ tenantId: "tenant-f", conversationRefId: "ref-1" }, { kind: "card", card, summary: "Morning digest" }, "sub-1|2025-06-02|u1");
    expect(sent.ok).toBe(true);
    const delivered = sim.messages.find((m) => m.conversationId === "a:1-digest");
    expect(sent.ok && sent.value.activityId).toBe(delivered?.activity.id);
    expect(delivered?.activity.attachments?.[0]).toEqual({ contentType: "application/vnd.microsoft.card.adaptive", content: card });

    const text = await notifier.send({ tenantId: "tenant-f", conversationRefId: "ref-1" }, { kind: "text", text: "plain" }, "k2");
    expect(text.ok).toBe(true);
    expect(sim.messages.at(-1)?.activity.text).toBe("plain");

    const missing = await notifier.send({ tenantId: "tenant-f", conversationRefId: "ref-404" }, { kind: "text", text: "x" }, "k3");
    expect(!missing.ok && missing.error.code).toBe("not_found");
    // Another tenant cannot reach tenant-f's reference.
    const otherTenant = await notifier.send({ tenantId: "tenant-g", conversationRefId: "ref-1" }, { kind: "text", text: "x" }, "k4");
    expect(!otherTenant.ok && otherTenant.error.code).toBe("not_found");
    expect(sim.messages).toHaveLength(2);
  });
});

describe("outbound sender with an app id and credentials (authenticated Connector)", () => {
  const appId = "00000000-0000-0000-0000-0000000000b0";
  const token = "connector-token-for-tests";
  let sim: ConnectorSimulator;
  let factory: ServiceClientCredentialsFactory & { minted: number };
  let sender: OutboundSender;

  beforeAll(async () => {
    const simulators = await loadSimulators();
    sim = await simulators.startConnectorSimulator({ requireAuth: simulators.sharedTokenAuth(appId, token) });
    factory = new simulators.TestConnectorCredentialsFactory({ appId, token });
    const adapter = createAdapter({ ...DEV_BOT, appId, appPassword: "unused-with-injected-factory" }, factory);
    sender = createOutboundSender({ adapter, appId, log: createLogger("silent") });
  });
  afterAll(async () => {
    await sender.close();
    await sim.close();
  });

  it("signs every call and delivers in order under the bot's app id", async () => {
    const results = await Promise.all(
      ["one", "two", "three"].map((text) => sender.send("tenant-h", referenceTo(sim, "a:1-authed", "tenant-h"), MessageFactory.text(text))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sim.messages.map((m) => [m.activity.text, m.appId])).toEqual([
      ["one", appId],
      ["two", appId],
      ["three", appId],
    ]);
    expect(sim.stats().unauthorized).toBe(0);
    expect(factory.minted).toBeGreaterThanOrEqual(1);
  });

  it("surfaces the Connector's 401 (wrong credentials) as an upstream error, once, without retrying", async () => {
    const simulators = await loadSimulators();
    const wrong = new simulators.TestConnectorCredentialsFactory({ appId, token: "not-the-token" });
    const badSender = createOutboundSender({ adapter: createAdapter({ ...DEV_BOT, appId, appPassword: "x" }, wrong), appId, log: createLogger("silent") });
    const result = await badSender.send("tenant-h", referenceTo(sim, "a:1-authed-bad", "tenant-h"), MessageFactory.text("x"));
    await badSender.close();
    expect(!result.ok && result.error.code).toBe("upstream");
    expect(!result.ok && result.error.details).toMatchObject({ status: 401 });
    expect(sim.requests.filter((r) => r.conversationId === "a:1-authed-bad")).toHaveLength(1);
  });
});
