import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FixedClock, loadConfig, unwrap, type OpscoConfig } from "@opsco/shared";
import { buildBot, type BuildOptions, type OpscoBot } from "../../bot/src/compose.js";
import { createLogger } from "../../bot/src/logger.js";
import { startConnectorSimulator, type ConnectorSimulator, type ConnectorSimulatorOptions, type RecordedMessage } from "../simulators/connector/index.js";
import { startGraphSimulator, type GraphSimulator } from "../simulators/graph/index.js";

/** The tenant the e2e tests run in (activities carry it in channelData like Teams does). */
export const TENANT = "72f988bf-0000-4000-8000-000000000001";
/** The simulated tenant's calendars are anchored on Monday 2026-11-02; tests pin "now" inside that window. */
export const NOW = "2026-11-03T08:00:00Z";

export interface E2E {
  bot: OpscoBot;
  url: string;
  connector: ConnectorSimulator;
  graph: GraphSimulator;
  clock: FixedClock;
  config: OpscoConfig;
  dataDir: string;
  /** POSTs an activity to /api/messages; returns the HTTP status and JSON body (invoke responses). */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** A message from `user` in a personal chat; waits for `replies` bot messages in that conversation. */
  say(text: string, options?: SayOptions): Promise<RecordedMessage[]>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestUser {
  aadObjectId: string;
  name: string;
  mail: string;
  timeZone: string;
}

export interface SayOptions {
  user?: TestUser;
  conversationId?: string;
  replies?: number;
  value?: Record<string, unknown>;
  replyToId?: string;
}

let activityCounter = 0;

export function messageActivity(e2e: Pick<E2E, "connector">, user: TestUser, conversationId: string, fields: Record<string, unknown>): Record<string, unknown> {
  activityCounter += 1;
  return {
    type: "message",
    id: `act-${activityCounter}`,
    timestamp: new Date().toISOString(),
    serviceUrl: e2e.connector.url,
    channelId: "msteams",
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: "28:opsco-bot", name: "opsco" },
    conversation: { id: conversationId, conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    localTimezone: user.timeZone,
    locale: "en-US",
    ...fields,
  };
}

export interface E2EOptions {
  env?: Record<string, string>;
  connector?: ConnectorSimulatorOptions;
  build?: Pick<BuildOptions, "credentialsFactory" | "shutdownGraceMs">;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const connector = await startConnectorSimulator(options.connector);
  const graph = await startGraphSimulator();
  const clock = new FixedClock(NOW);
  const dataDir = mkdtempSync(path.join(tmpdir(), "opsco-e2e-"));
  const config = unwrap(
    loadConfig({
      OPSCO_DEV: "1",
      LOG_LEVEL: "silent",
      PORT: "0",
      OPSCO_SQLITE_PATH: path.join(dataDir, "opsco.sqlite"),
      GRAPH_TENANT_ID: graph.tenantId,
      GRAPH_CLIENT_ID: graph.clientId,
      GRAPH_CLIENT_SECRET: graph.clientSecret,
      GRAPH_BASE_URL: graph.url,
      GRAPH_AUTHORITY_HOST: graph.authorityHost,
      ...options.env,
    }),
  );
  const log = createLogger("silent");
  let bot = await buildBot(config, { clock, log, ...options.build });
  let url = (await bot.listen(0)).url;

  const e2e: E2E = {
    get bot() {
      return bot;
    },
    get url() {
      return url;
    },
    connector,
    graph,
    clock,
    config,
    dataDir,
    async post(activity, headers = {}) {
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, body };
    },
    async say(text, sayOptions = {}) {
      const user = sayOptions.user ?? seededUser(e2e, "adele.vance");
      const conversationId = sayOptions.conversationId ?? `a:personal-${user.aadObjectId}`;
      const before = connector.messages.filter((m) => m.conversationId === conversationId).length;
      const activity = messageActivity(e2e, user, conversationId, {
        text,
        ...(sayOptions.value ? { value: sayOptions.value } : {}),
        ...(sayOptions.replyToId ? { replyToId: sayOptions.replyToId } : {}),
      });
      const res = await e2e.post(activity);
      if (res.status !== 200) throw new Error(`POST /api/messages → ${res.status} ${JSON.stringify(res.body)}`);
      const want = sayOptions.replies ?? 1;
      if (want === 0) return [];
      await connector.waitForMessages({ where: (m) => m.conversationId === conversationId, count: before + want }, 10_000);
      return connector.messages.filter((m) => m.conversationId === conversationId).slice(before);
    },
    async restart() {
      await bot.close();
      bot = await buildBot(config, { clock, log, ...options.build });
      url = (await bot.listen(0)).url;
    },
    async close() {
      await bot.close();
      await connector.close();
      await graph.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}

/** A seeded simulator user (tests/simulators/graph/seed.ts) as Teams would present them. */
export function seededUser(e2e: Pick<E2E, "graph">, mailLocalPart: string): TestUser {
  const user = e2e.graph.tenant.users.find((u) => u.mail.startsWith(`${mailLocalPart}@`));
  if (!user) throw new Error(`no seeded user ${mailLocalPart}`);
  return { aadObjectId: user.id, name: user.displayName, mail: user.mail, timeZone: user.timeZone };
}

/** The first attachment of a recorded message, as an Adaptive Card. */
export function cardOf(message: RecordedMessage | undefined): Record<string, unknown> {
  const attachment = (message?.activity.attachments as { contentType?: string; content?: unknown }[] | undefined)?.[0];
  if (!attachment || attachment.contentType !== "application/vnd.microsoft.card.adaptive") {
    throw new Error(`expected an Adaptive Card, got ${JSON.stringify(message?.activity).slice(0, 300)}`);
  }
  return attachment.content as Record<string, unknown>;
}

/** Every Action.Execute in a card (depth-first), for clicking buttons in tests. */
export { findExecuteActions as executeActions } from "@opsco/shared/testing";
