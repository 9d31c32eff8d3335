/**
 * Graceful shutdown of the composed bot (bot/src/compose.ts `close()`): it must finish within its grace
 * period whatever the clients and the Connector do, answer the requests already running, and settle
 * every accepted send.
 */
import http from "node:http";
import { createSqliteStore } from "@opsco/shared/adapters/sqlite";
import { conversationRefId, loadConfig, unwrap } from "@opsco/shared";
import { buildBot } from "../../bot/src/compose.js";
import { createLogger } from "../../bot/src/logger.js";
import { messageActivity, seededUser, startE2E, TENANT } from "./harness.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET over a keep-alive agent (like the App Service front end, or any HTTP/1.1 client pool). */
function get(url: string, agent: http.Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      })
      .on("error", reject);
  });
}

// BUG: close() called server.close(), which on Node 20 closes only connections idle at that moment: a
// kept-alive connection whose request was still running stayed open after its response, so close() hung
// until the client's or the server's keep-alive timeout (5 s by default; forever with a chatty client).
it("close() answers the request in flight and returns promptly although its connection is kept alive", async () => {
  const config = unwrap(loadConfig({ OPSCO_DEV: "1", LOG_LEVEL: "silent", PORT: "0", OPSCO_SQLITE_PATH: ":memory:" }));
  const store = createSqliteStore({ path: ":memory:" });
  // A health check that takes a while: a request that is still running when close() is called.
  const slowStore = { ...store, health: async () => (await sleep(300), store.health()) };
  const bot = await buildBot(config, { log: createLogger("silent"), store: slowStore });
  const { url } = await bot.listen(0, "127.0.0.1");
  const agent = new http.Agent({ keepAlive: true });
  try {
    expect((await get(`${url}/healthz`, agent)).status).toBe(200); // the connection is now pooled
    const inFlight = get(`${url}/healthz`, agent);
    await sleep(50);
    const started = Date.now();
    await bot.close();
    const elapsed = Date.now() - started;
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.connection).toBe("close");
    expect(elapsed).toBeLessThan(2_000);
  } finally {
    agent.destroy();
  }
});

// BUG: close() first awaited sender.idle() — while still accepting requests — so a reply held back by a
// 429 with a long Retry-After (or a steady stream of new turns) kept the process from stopping.
it("close() stops within its grace period when a reply is held back by a long Retry-After, settling it as unavailable", async () => {
  const e2e = await startE2E({ build: { shutdownGraceMs: 500 } });
  try {
    const user = seededUser(e2e, "adele.vance");
    const conversationId = `a:personal-${user.aadObjectId}`;
    await e2e.say("help", { user });
    e2e.connector.setFaults([{ status: 429, conversationId, retryAfterSeconds: 60 }]);
    const held = e2e.bot.notify({ tenantId: TENANT, conversationRefId: conversationRefId(conversationId) }, { kind: "text", text: "digest" }, "shutdown-1");
    const res = await e2e.post(messageActivity(e2e, user, conversationId, { text: "help" }));
    expect(res.status).toBe(200);
    while (!e2e.connector.requests.some((r) => r.conversationId === conversationId && r.status === 429)) await sleep(10);

    const started = Date.now();
    await e2e.bot.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    const outcome = await held;
    expect(!outcome.ok && outcome.error.code).toBe("unavailable");
    // Closing twice is harmless (the harness closes again).
    await e2e.bot.close();
  } finally {
    e2e.connector.setFaults([]);
    await e2e.close();
  }
});
