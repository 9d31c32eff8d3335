/**
 * A local Bot Connector (the service behind an activity's `serviceUrl`): receives the bot's outgoing
 * activities, enforces Teams' rate limits with 429 + Retry-After, can inject faults, and records every
 * delivered message for tests, benchmarks and `npm start`.
 *
 *   const connector = await startConnectorSimulator();
 *   // inbound activities carry serviceUrl: connector.url → the bot's replies land in connector.messages
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { decodeJwt } from "jose";
import { z } from "zod";
import { FaultInjector, MESSAGE_WRITES, type ConnectorOp, type FaultRule } from "./faults.js";
import { BodyTooLargeError, bearerToken, closeServer, errorBody, listen, readBody, sendJson } from "./http.js";
import { SlidingWindowLimiter, TEAMS_LIMITS, type ConnectorLimits, type RateWindow } from "./limits.js";
import { conversationIdOf, matchRoute, opOf, type Route } from "./routes.js";
import {
  activitySchema,
  conversationParametersSchema,
  tenantOf,
  tenantOfChannelData,
  type Activity,
  type TeamsMember,
} from "./schemas.js";
import { ConnectorState, type ConversationSeed, type TeamSeed } from "./state.js";

export interface ConnectorAuth {
  /** The bot's app id: the rate-limit key for accepted requests. */
  appId: string;
  /** True when the bearer token may call the connector (e.g. `issuer.connectorAuth(appId).acceptToken`). */
  acceptToken(token: string): boolean | Promise<boolean>;
}

export interface ConnectorSimulatorOptions {
  /** Default 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Teams limits by default; override some windows, or `false` for none (e.g. benchmarks of the bot itself). */
  limits?: Partial<ConnectorLimits> | false;
  /** When set, requests without an accepted `Authorization: Bearer` token get 401. */
  requireAuth?: ConnectorAuth;
  faults?: readonly FaultRule[];
  /** Milliseconds since the epoch; inject to drive the rate-limit windows by hand. */
  now?: () => number;
  /** Default roster returned by GET …/members for conversations without their own members. */
  members?: readonly TeamsMember[];
  conversations?: readonly ConversationSeed[];
  teams?: readonly TeamSeed[];
  /** Activities larger than this get 413 (Teams caps messages at ~100 KB). Default 100 KiB. */
  maxActivityBytes?: number;
}

export interface RecordedMessage {
  op: "create" | "send" | "reply" | "update";
  conversationId: string;
  /** The id the simulator assigned (create/send/reply) or the id updated. */
  activityId: string;
  /** For replies: the activity replied to (from the URL). */
  replyToId?: string;
  /** As received, with `id` set to `activityId`. */
  activity: Activity & { id: string };
  appId: string;
  tenantId: string;
  at: number;
}

export interface RecordedDeletion {
  conversationId: string;
  activityId: string;
  appId: string;
  at: number;
}

export interface RejectedRequest {
  op: ConnectorOp;
  conversationId?: string;
  appId: string;
  tenantId: string;
  /** Which limit said no. */
  scope: "conversation" | "app";
  window: RateWindow;
  retryAfterSeconds: number;
  at: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  op?: ConnectorOp;
  conversationId?: string;
  status: number;
  at: number;
}

export interface ConnectorStats {
  requests: number;
  delivered: number;
  /** 429s from the rate limits (injected 429 faults count under `faults`). */
  throttled: number;
  faults: number;
  unauthorized: number;
  badRequests: number;
  notFound: number;
  byStatus: Record<number, number>;
}

export type MessageWait =
  | number
  | ((m: RecordedMessage) => boolean)
  | { where?: (m: RecordedMessage) => boolean; count?: number };

export interface ConnectorSimulator {
  /** Service URL to put in inbound activities (with a trailing slash, like Teams' service URLs). */
  readonly url: string;
  /** Delivered messages in arrival order (429s, faults and rejects are not recorded). Live array. */
  readonly messages: readonly RecordedMessage[];
  readonly deletions: readonly RecordedDeletion[];
  /** Requests refused by the rate limits. */
  readonly rejected: readonly RejectedRequest[];
  /** Every request with the status it got. */
  readonly requests: readonly RequestLogEntry[];
  stats(): ConnectorStats;
  /**
   * Resolves with the matching messages once there are enough: a number waits for that many messages
   * in total; a predicate waits for one match; `{ where, count }` for `count` matches.
   * Rejects after `timeoutMs` (default 5000) listing what did arrive.
   */
  waitForMessages(want: MessageWait, timeoutMs?: number): Promise<RecordedMessage[]>;
  /** The conversation's current activities (updates applied, deletions removed). */
  transcript(conversationId: string): Activity[];
  seedConversation(seed: ConversationSeed): void;
  setFaults(rules: readonly FaultRule[]): void;
  /** Clears recordings, stats and rate-limit windows; re-arms faults; keeps seeds. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_MAX_ACTIVITY_BYTES = 100 * 1024;

export async function startConnectorSimulator(options: ConnectorSimulatorOptions = {}): Promise<ConnectorSimulator> {
  const now = options.now ?? Date.now;
  const maxActivityBytes = options.maxActivityBytes ?? DEFAULT_MAX_ACTIVITY_BYTES;
  const limits = options.limits === false ? undefined : { ...TEAMS_LIMITS, ...options.limits };
  const conversationLimiter = limits ? new SlidingWindowLimiter(limits.perConversation) : undefined;
  const appLimiter = limits ? new SlidingWindowLimiter(limits.perAppPerTenant) : undefined;
  const faults = new FaultInjector();
  faults.set(options.faults ?? []);
  const state = new ConnectorState(options.members ?? [], {
    conversations: options.conversations ?? [],
    teams: options.teams ?? [],
  });

  const messages: RecordedMessage[] = [];
  const deletions: RecordedDeletion[] = [];
  const rejected: RejectedRequest[] = [];
  const requests: RequestLogEntry[] = [];
  const counters = { delivered: 0, throttled: 0, faults: 0, unauthorized: 0, badRequests: 0, notFound: 0 };
  const waiters = new Set<() => void>();

  function record(message: RecordedMessage): void {
    messages.push(message);
    counters.delivered += 1;
    for (const wake of [...waiters]) wake();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://connector.local");
    const log: RequestLogEntry = { method, path: url.pathname, status: 0, at: now() };
    requests.push(log);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      log.status = status;
      sendJson(res, status, body, headers);
    };

    const match = matchRoute(method, url.pathname);
    if (!match.ok) {
      counters[match.status === 404 ? "notFound" : "badRequests"] += 1;
      req.resume();
      return reply(match.status, errorBody(match.status === 404 ? "NotFound" : "BadArgument", match.reason));
    }
    const route = match.route;
    const op = opOf(route);
    log.op = op;
    const conversationId = conversationIdOf(route);
    if (conversationId !== undefined) log.conversationId = conversationId;

    // Auth first, as the real service does: nothing else is revealed to an unauthenticated caller.
    const token = bearerToken(req);
    if (options.requireAuth && !(token && (await options.requireAuth.acceptToken(token)))) {
      counters.unauthorized += 1;
      req.resume();
      return reply(401, { message: "Authorization has been denied for this request." });
    }
    const appId = options.requireAuth?.appId ?? appIdFromToken(token) ?? "anonymous";

    let body: unknown;
    if (method === "POST" || method === "PUT") {
      const parsed = await readJson(req, maxActivityBytes);
      if (!parsed.ok) {
        counters.badRequests += 1;
        return reply(parsed.status, errorBody(parsed.code, parsed.message));
      }
      body = parsed.value;
    } else {
      req.resume();
    }

    // Validate before faults/limits: a malformed request is the caller's bug whatever the service's mood.
    const input = validate(route, body, url.searchParams);
    if (!input.ok) {
      counters.badRequests += 1;
      return reply(400, errorBody("BadArgument", input.message));
    }
    const knownTenant =
      tenantOf(input.activity) ??
      input.params?.tenantId ??
      tenantOfChannelData(input.params?.channelData) ??
      tenantOf(input.params?.activity) ??
      (conversationId !== undefined ? state.tenantOfConversation(conversationId) : undefined);
    const tenantId = knownTenant ?? "unknown";

    const fault = faults.match(op, conversationId);
    if (fault) {
      counters.faults += 1;
      return reply(fault.status, fault.body, fault.headers);
    }

    if (appLimiter && conversationLimiter) {
      const at = now();
      const appKey = `${appId}|${tenantId}`;
      const conversationKey = conversationId !== undefined && MESSAGE_WRITES.includes(op) ? `${appId}|${conversationId}` : undefined;
      const byApp = appLimiter.check(appKey, at);
      const byConversation = conversationKey ? conversationLimiter.check(conversationKey, at) : ({ ok: true } as const);
      const refusal = !byApp.ok ? { scope: "app" as const, ...byApp } : !byConversation.ok ? { scope: "conversation" as const, ...byConversation } : undefined;
      if (refusal) {
        const worstMs = Math.max(byApp.ok ? 0 : byApp.retryAfterMs, byConversation.ok ? 0 : byConversation.retryAfterMs);
        const retryAfterSeconds = Math.max(1, Math.ceil(worstMs / 1000));
        counters.throttled += 1;
        rejected.push({
          op,
          ...(conversationId !== undefined ? { conversationId } : {}),
          appId,
          tenantId,
          scope: refusal.scope,
          window: refusal.window,
          retryAfterSeconds,
          at,
        });
        return reply(429, errorBody("Throttled", `rate limit ${refusal.window.max}/${refusal.window.windowMs} ms (${refusal.scope})`), {
          "retry-after": String(retryAfterSeconds),
        });
      }
      appLimiter.record(appKey, at);
      if (conversationKey) conversationLimiter.record(conversationKey, at);
    }

    const result = serve(route, input, { appId, tenantId }, knownTenant);
    reply(result.status, result.body);
  }

  function serve(
    route: Route,
    input: ValidInput,
    who: { appId: string; tenantId: string },
    knownTenant: string | undefined,
  ): { status: number; body: unknown } {
    const at = now();
    switch (route.kind) {
      case "listConversations":
        return { status: 200, body: { conversations: state.listConversations().map((c) => ({ id: c.id, isGroup: c.isGroup })) } };
      case "createConversation": {
        const params = input.params ?? {};
        const activityId = params.activity ? state.newActivityId() : undefined;
        const conversation = state.createConversation(params, knownTenant, activityId);
        if (params.activity && activityId) {
          const activity = { ...params.activity, id: activityId };
          state.putActivity(conversation.id, activity);
          record({ op: "create", conversationId: conversation.id, activityId, activity, ...who, at });
        }
        return { status: 201, body: { id: conversation.id, ...(activityId ? { activityId } : {}), serviceUrl: simulator.url } };
      }
      case "send":
      case "reply": {
        const activity0 = input.activity as Activity;
        state.touch(route.conversationId, knownTenant);
        const activityId = state.newActivityId();
        const activity = { ...activity0, id: activityId };
        state.putActivity(route.conversationId, activity);
        const replyToId = route.kind === "reply" ? route.activityId : undefined;
        record({ op: route.kind, conversationId: route.conversationId, activityId, ...(replyToId ? { replyToId } : {}), activity, ...who, at });
        return { status: 201, body: { id: activityId } };
      }
      case "history":
        return { status: 501, body: errorBody("NotImplemented", "the simulator does not store conversation history uploads") };
      case "update": {
        if (!state.hasActivity(route.conversationId, route.activityId)) {
          return { status: 404, body: errorBody("ActivityNotFoundInConversation", `no activity ${route.activityId} in ${route.conversationId}`) };
        }
        const activity = { ...(input.activity as Activity), id: route.activityId };
        state.putActivity(route.conversationId, activity);
        record({ op: "update", conversationId: route.conversationId, activityId: route.activityId, activity, ...who, at });
        return { status: 200, body: { id: route.activityId } };
      }
      case "delete": {
        if (!state.deleteActivity(route.conversationId, route.activityId)) {
          return { status: 404, body: errorBody("ActivityNotFoundInConversation", `no activity ${route.activityId} in ${route.conversationId}`) };
        }
        deletions.push({ conversationId: route.conversationId, activityId: route.activityId, appId: who.appId, at });
        return { status: 200, body: undefined };
      }
      case "members":
      case "activityMembers":
        return { status: 200, body: state.members(route.conversationId) };
      case "pagedMembers": {
        const all = state.members(route.conversationId);
        const offset = Number.parseInt(input.query.get("continuationToken") ?? "0", 10) || 0;
        const pageSize = Math.max(1, Number.parseInt(input.query.get("pageSize") ?? "200", 10) || 200);
        const page = all.slice(offset, offset + pageSize);
        const next = offset + pageSize < all.length ? String(offset + pageSize) : undefined;
        return { status: 200, body: { members: page, ...(next ? { continuationToken: next } : {}) } };
      }
      case "member": {
        const member = state.member(route.conversationId, route.memberId);
        return member
          ? { status: 200, body: member }
          : { status: 404, body: errorBody("MemberNotFoundInConversation", `no member ${route.memberId} in ${route.conversationId}`) };
      }
      case "removeMember":
        return state.removeMember(route.conversationId, route.memberId)
          ? { status: 200, body: undefined }
          : { status: 404, body: errorBody("MemberNotFoundInConversation", `no member ${route.memberId} in ${route.conversationId}`) };
      case "team": {
        const team = state.team(route.teamId);
        return team
          ? { status: 200, body: { id: team.id, name: team.name, ...(team.aadGroupId ? { aadGroupId: team.aadGroupId } : {}) } }
          : { status: 404, body: errorBody("NotFound", `no team ${route.teamId}`) };
      }
      case "teamChannels": {
        const team = state.team(route.teamId);
        return team
          ? { status: 200, body: { conversations: team.channels ?? [{ id: team.id, name: "General" }] } }
          : { status: 404, body: errorBody("NotFound", `no team ${route.teamId}`) };
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A simulator bug must surface in the test, not hang it.
      if (!res.headersSent) sendJson(res, 500, errorBody("SimulatorError", err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1_000;
  const port = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  const host = options.host ?? "127.0.0.1";

  const simulator: ConnectorSimulator = {
    url: `http://${host}:${port}/`,
    messages,
    deletions,
    rejected,
    requests,
    stats() {
      const byStatus: Record<number, number> = {};
      for (const r of requests) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { requests: requests.length, ...counters, byStatus };
    },
    waitForMessages(want, timeoutMs = 5_000) {
      const where = typeof want === "function" ? want : typeof want === "number" ? undefined : want.where;
      const count = typeof want === "number" ? want : typeof want === "function" ? 1 : (want.count ?? 1);
      const matching = (): RecordedMessage[] => (where ? messages.filter(where) : [...messages]);
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = matching();
          if (found.length < count) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = messages.map((m) => `${m.op} ${m.conversationId}: ${m.activity.type} ${m.activity.text ?? ""}`.trim());
          reject(new Error(`waitForMessages: wanted ${count}, got ${matching().length} after ${timeoutMs} ms; recorded:\n${seen.join("\n") || "(none)"}`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    transcript: (conversationId) => state.transcript(conversationId),
    seedConversation: (seed) => state.seedConversation(seed),
    setFaults: (rules) => faults.set(rules),
    reset() {
      messages.length = 0;
      deletions.length = 0;
      rejected.length = 0;
      requests.length = 0;
      for (const key of Object.keys(counters) as (keyof typeof counters)[]) counters[key] = 0;
      conversationLimiter?.reset();
      appLimiter?.reset();
      faults.rearm();
      state.reset();
    },
    close: () => closeServer(server),
  };
  return simulator;
}

interface ValidInput {
  activity?: Activity;
  params?: z.infer<typeof conversationParametersSchema>;
  query: URLSearchParams;
}

type Validation = ({ ok: true } & ValidInput) | { ok: false; message: string };

function validate(route: Route, body: unknown, query: URLSearchParams): Validation {
  switch (route.kind) {
    case "createConversation": {
      const parsed = conversationParametersSchema.safeParse(body);
      return parsed.success ? { ok: true, params: parsed.data, query } : { ok: false, message: `invalid ConversationParameters: ${z.prettifyError(parsed.error)}` };
    }
    case "send":
    case "reply":
    case "update": {
      const parsed = activitySchema.safeParse(body);
      return parsed.success ? { ok: true, activity: parsed.data, query } : { ok: false, message: `invalid activity: ${z.prettifyError(parsed.error)}` };
    }
    default:
      return { ok: true, query };
  }
}

type JsonRead = { ok: true; value: unknown } | { ok: false; status: 400 | 413; code: string; message: string };

async function readJson(req: IncomingMessage, limitBytes: number): Promise<JsonRead> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limitBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      return { ok: false, status: 413, code: "MessageSizeTooBig", message: `activity exceeds ${limitBytes} bytes` };
    }
    throw err;
  }
  try {
    return { ok: true, value: JSON.parse(raw.toString("utf8")) as unknown };
  } catch (err) {
    return { ok: false, status: 400, code: "BadSyntax", message: `body is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The bot id a Bot Framework token names (`appid` v1, `azp` v2) — used only as a rate-limit key. */
function appIdFromToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const claims = decodeJwt(token);
    const id = claims["appid"] ?? claims["azp"];
    return typeof id === "string" && id ? id : undefined;
  } catch {
    return undefined;
  }
}
