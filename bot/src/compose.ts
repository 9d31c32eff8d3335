import type { Server } from "node:http";
import type { ServiceClientCredentialsFactory } from "botframework-connector";
import { systemClock, uuidIds, type Clock, type GraphPort, type IdGen, type Notifier, type OpscoConfig, type Store } from "@opsco/shared";
import { buildApi } from "./api/index.js";
import type { CommandRegistry } from "./commands/registry.js";
import { createConversationRegistry } from "./conversations/registry.js";
import { createAdapter } from "./host/adapter.js";
import { createActivityRouter } from "./host/activity-router.js";
import { createHttpApp } from "./host/http.js";
import { httpLifecycle, settlesWithin } from "./host/lifecycle.js";
import { createGraph, createStore } from "./infra.js";
import { createLogger, type Logger } from "./logger.js";
import { createConnectorNotifier } from "./proactive/notifier.js";
import { createOutboundSender } from "./proactive/sender.js";
import { conversationalReplies } from "./replies.js";
import { botRoutes } from "./routes/index.js";

export interface BuildOptions {
  log?: Logger;
  clock?: Clock;
  ids?: IdGen;
  store?: Store;
  graph?: GraphPort;
  /** Outgoing-call credentials (tests: ones the Connector simulator accepts). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /**
   * How long `close()` may take (default 10 s): running requests are answered and queued replies sent
   * within it; then connections are cut and sends still waiting (e.g. on a Retry-After) settle as unavailable.
   */
  shutdownGraceMs?: number;
}

export interface OpscoBot {
  app: ReturnType<typeof createHttpApp>;
  store: Store;
  log: Logger;
  commands: CommandRegistry;
  /** Proactive messages to stored conversations (digests, reminders), paced like every other send. */
  notify: Notifier["send"];
  /** Resolves when every queued outgoing message has been handed to the Connector. */
  idle(): Promise<void>;
  listen(port?: number, host?: string): Promise<{ server: Server; url: string }>;
  /** Graceful, bounded by `shutdownGraceMs`; calling it again returns the same promise. */
  close(): Promise<void>;
}

/** Composition root: config → adapters → services → routes → HTTP. */
export async function buildBot(config: OpscoConfig, options: BuildOptions = {}): Promise<OpscoBot> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidIds;
  if (!config.bot.appId) {
    log.warn("OPSCO_DEV=1 and no MICROSOFT_APP_ID: Bot Framework authentication is OFF. Never run like this outside your machine.");
  }
  const store = options.store ?? (await createStore(config.store));
  const graph = options.graph ?? createGraph(config.graph);
  if (!graph) log.warn("Microsoft Graph is not configured (GRAPH_*): scheduling commands will say so");

  const adapter = createAdapter(config.bot, options.credentialsFactory);
  const conversations = createConversationRegistry({ store, clock, log });
  const sender = createOutboundSender({
    adapter,
    appId: config.bot.appId ?? "",
    log,
    onBlocked: (tenantId, conversationId) => void conversations.markBlocked(tenantId, conversationId),
  });
  const notifier = createConnectorNotifier({ sender, lookup: (tenantId, id) => conversations.reference(tenantId, id), log });

  const { commands, actions } = botRoutes({ store, graph, clock, ids, organizerFallback: config.organizerFallback });

  adapter.onTurnError = async (context, error) => {
    // Unexpected failures: logged once here, and the person gets an answer instead of silence.
    log.error({ err: error, activityId: context.activity.id, conversationId: context.activity.conversation?.id }, "turn failed");
    if (context.activity.type === "message") {
      await context.sendActivity("Sorry — something went wrong on my side. Please try again in a moment.").catch(() => undefined);
    }
  };

  const logic = createActivityRouter({
    commands,
    actions,
    log,
    defaultTenantId: config.defaultTenantId,
    rememberConversation: (context, tenantId) => {
      // Whoever blocked the bot and now writes to it has unblocked it: replies must flow again.
      sender.unblock(context.activity.conversation.id);
      return conversations.remember(context, tenantId);
    },
    forgetConversation: (context, tenantId) => conversations.forget(context, tenantId),
    replies: conversationalReplies(commands),
    send: (tenantId, reference, activity) => sender.send(tenantId, reference, activity),
  });

  const app = createHttpApp({
    adapter,
    logic,
    log,
    api: buildApi({ config: config.api, store, graph, clock, ids, log }),
    health: async () => {
      const storeHealth = await store.health();
      return { ok: storeHealth.ok, store: storeHealth, graph: graph ? "configured" : "unconfigured", auth: config.bot.appId ? "on" : "off (dev)", api: config.api.kind };
    },
  });

  const http = httpLifecycle(app, log);
  let closed: Promise<void> | undefined;
  const graceMs = options.shutdownGraceMs ?? 10_000;

  async function shutDown(): Promise<void> {
    const deadline = Date.now() + graceMs;
    await http.stop(graceMs);
    // Replies of the turns just answered get the rest of the grace period to go out.
    if (!(await settlesWithin(sender.idle(), deadline - Date.now()))) {
      log.warn({ inFlight: sender.stats().inFlight }, "shutdown: outgoing messages still waiting; they are given up");
    }
    // Wakes sends waiting on rate limits or Retry-After (they settle as unavailable); a Connector call
    // already on the wire gets a last moment to answer.
    await settlesWithin(sender.close(), Math.max(1_000, deadline - Date.now()));
    await store.close();
  }

  return {
    app,
    store,
    log,
    commands,
    notify: (target, message, key) => notifier.send(target, message, key),
    idle: () => sender.idle(),
    listen: (port = config.port, host = config.host) => http.listen(port, host),
    close: () => (closed ??= shutDown()),
  };
}
