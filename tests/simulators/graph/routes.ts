/**
 * Routing and the per-request pipeline shared by top-level requests and $batch items: route match →
 * accounting → per-mailbox concurrency (Outlook's 4 concurrent requests per mailbox: a 5th gets 429
 * ApplicationThrottled) → injected faults / latency → handler.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultInjector, GraphRouteName, GraphSimulatorStats, RequestLogEntry } from "./faults.js";
import * as h from "./handlers.js";
import { error, type HandlerContext, type SimRequest, type SimResponse } from "./handlers.js";
import type { SeedUser } from "./seed.js";

const MAX_BATCH = 20;
/** Graph dispatches at most this many requests of one batch at the same time. */
const BATCH_PARALLELISM = 4;
const LOG_LIMIT = 2000;

/** Routes served by Exchange (count against the mailbox's concurrency); the others are directory reads. */
const MAILBOX_ROUTES = new Set<GraphRouteName>(["getMailboxSettings", "getSchedule", "createEvent", "getEvent", "updateEvent", "listInstances", "calendarView"]);

interface Match {
  route: GraphRouteName;
  /** decoded user segment (id / mail / UPN) */
  user?: string;
  eventId?: string;
}

function match(method: string, path: string): Match | SimResponse {
  let segments: string[];
  try {
    segments = path.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return error(400, "BadRequest", "Malformed URL.");
  }
  const [root, user, sub, sub2, sub3] = segments;
  const n = segments.length;
  const wrongMethod = (): SimResponse => error(405, "Request_BadRequest", `The HTTP method '${method}' is not allowed for this resource.`);
  if (root === "$batch" && n === 1) return method === "POST" ? { route: "batch" } : wrongMethod();
  if (root === "me") return error(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  if (root !== "users") return error(400, "BadRequest", `Resource not found for the segment '${root ?? ""}'.`);
  if (n === 1) return method === "GET" ? { route: "listUsers" } : wrongMethod();
  if (n === 2) return method === "GET" ? { route: "getUser", user: user as string } : wrongMethod();
  if (n === 3 && sub === "manager") return method === "GET" ? { route: "getManager", user: user as string } : wrongMethod();
  if (n === 3 && sub === "mailboxSettings") return method === "GET" ? { route: "getMailboxSettings", user: user as string } : wrongMethod();
  if (n === 3 && sub === "calendarView") return method === "GET" ? { route: "calendarView", user: user as string } : wrongMethod();
  if (n === 4 && sub === "calendar" && sub2 === "calendarView") return method === "GET" ? { route: "calendarView", user: user as string } : wrongMethod();
  if (n === 4 && sub === "calendar" && sub2 === "getSchedule") return method === "POST" ? { route: "getSchedule", user: user as string } : wrongMethod();
  if (n === 3 && sub === "events") return method === "POST" ? { route: "createEvent", user: user as string } : wrongMethod();
  if (n === 4 && sub === "events") {
    if (method === "GET") return { route: "getEvent", user: user as string, eventId: sub2 as string };
    if (method === "PATCH") return { route: "updateEvent", user: user as string, eventId: sub2 as string };
    return wrongMethod();
  }
  if (n === 5 && sub === "events" && sub3 === "instances") {
    return method === "GET" ? { route: "listInstances", user: user as string, eventId: sub2 as string } : wrongMethod();
  }
  return error(400, "BadRequest", `Resource not found for the segment '${segments[n - 1] ?? ""}'.`);
}

export interface PipelineOptions {
  stats: GraphSimulatorStats;
  faults: FaultInjector;
  /** 0 disables the check. */
  mailboxConcurrencyLimit: number;
  latencyMs: number;
}

export class GraphPipeline {
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly ctx: () => HandlerContext,
    private readonly options: PipelineOptions,
  ) {}

  async handle(req: SimRequest): Promise<SimResponse> {
    const at = Date.now();
    const matched = match(req.method, req.path);
    const { stats } = this.options;
    if ("status" in matched) {
      this.count("unknown", req.inBatch);
      this.log({ at, route: "unknown", method: req.method, path: req.path, status: matched.status, inBatch: req.inBatch });
      return matched;
    }
    const { route } = matched;
    this.count(route, req.inBatch);
    if (route === "batch") {
      const response = req.inBatch ? error(400, "BadRequest", "Nested $batch requests are not supported.") : await this.faulted(req, route, undefined, () => this.batch(req));
      this.log({ at, route, method: req.method, path: req.path, status: response.status, inBatch: req.inBatch });
      return response;
    }
    const ctx = this.ctx();
    const user = matched.user !== undefined ? ctx.state.findPathUser(matched.user) : undefined;
    const mailbox = MAILBOX_ROUTES.has(route) ? user : undefined;
    let response: SimResponse;
    if (mailbox) this.enter(mailbox.id);
    try {
      const over = mailbox && this.options.mailboxConcurrencyLimit > 0 && (this.inFlight.get(mailbox.id) ?? 0) > this.options.mailboxConcurrencyLimit;
      if (over) {
        stats.concurrencyRejections += 1;
        response = {
          status: 429,
          headers: { "Retry-After": "1" },
          body: (error(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.").body),
        };
      } else {
        response = await this.faulted(req, route, user?.id, () => this.dispatch(ctx, req, matched, user));
      }
    } finally {
      if (mailbox) this.leave(mailbox.id);
    }
    this.log({ at, route, method: req.method, path: req.path, status: response.status, inBatch: req.inBatch, ...(user ? { mailbox: user.mail } : {}) });
    return response;
  }

  private async faulted(req: SimRequest, route: GraphRouteName, userId: string | undefined, run: () => Promise<SimResponse> | SimResponse): Promise<SimResponse> {
    const fault = this.options.faults.take({ route, method: req.method, path: req.path, mailboxUserId: userId, inBatch: req.inBatch });
    this.options.stats.faultsFired = this.options.faults.fired;
    const delay = this.options.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (fault?.response) return fault.response;
    return run();
  }

  private dispatch(ctx: HandlerContext, req: SimRequest, m: Match, user: SeedUser | undefined): SimResponse {
    switch (m.route) {
      case "listUsers":
        return h.listUsers(ctx, req);
      case "getUser":
        return h.getUser(ctx, req, m.user as string);
      case "getManager":
        return h.getManager(ctx, req, m.user as string);
      default:
        break;
    }
    if (!user) return h.mailboxNotFound(m.user ?? "");
    switch (m.route) {
      case "getMailboxSettings":
        return h.getMailboxSettings(ctx, req, user);
      case "getSchedule":
        return h.getSchedule(ctx, req, user);
      case "createEvent":
        return h.createEvent(ctx, req, user);
      case "getEvent":
        return h.getEvent(ctx, req, user, m.eventId as string);
      case "updateEvent":
        return h.updateEvent(ctx, req, user, m.eventId as string);
      case "listInstances":
        return h.listInstances(ctx, req, user, m.eventId as string);
      case "calendarView":
        return h.calendarView(ctx, req, user);
      default:
        return error(400, "BadRequest", "Unsupported route.");
    }
  }

  /** JSON batching: ≤ 20 requests; parallel (≤ 4 at a time) unless any uses dependsOn, then in order. */
  private async batch(req: SimRequest): Promise<SimResponse> {
    const payload = req.body as { requests?: unknown } | undefined;
    if (!payload || !Array.isArray(payload.requests)) return error(400, "BadRequest", "Invalid batch payload format.");
    const items = payload.requests as Record<string, unknown>[];
    if (items.length === 0) return error(400, "BadRequest", "The batch request must contain at least one request.");
    if (items.length > MAX_BATCH) return error(400, "BadRequest", `Number of batch requests exceeds the maximum allowed limit of ${MAX_BATCH}.`);
    const ids = new Set<string>();
    for (const item of items) {
      if (typeof item !== "object" || item === null || typeof item["id"] !== "string" || typeof item["method"] !== "string" || typeof item["url"] !== "string") {
        return error(400, "BadRequest", "Every batch request needs string id, method and url.");
      }
      if (ids.has(item["id"])) return error(400, "BadRequest", `Batch request ids must be unique; '${item["id"]}' repeats.`);
      if (item["dependsOn"] !== undefined) {
        const deps = item["dependsOn"];
        if (!Array.isArray(deps) || !deps.every((d) => typeof d === "string" && ids.has(d))) {
          return error(400, "BadRequest", `dependsOn of '${item["id"]}' must list ids of earlier requests.`);
        }
      }
      ids.add(item["id"]);
    }
    this.options.stats.batches.push(items.length);
    const sequential = items.some((i) => i["dependsOn"] !== undefined);
    const results = new Map<string, Record<string, unknown>>();
    const runOne = async (item: Record<string, unknown>): Promise<void> => {
      const id = item["id"] as string;
      const failedDep = ((item["dependsOn"] as string[] | undefined) ?? []).find((d) => ((results.get(d)?.["status"] as number) ?? 0) >= 400);
      if (failedDep) {
        results.set(id, { id, status: 424, headers: {}, body: error(424, "FailedDependency", `Dependent request '${failedDep}' failed.`).body });
        return;
      }
      const response = await this.batchItem(item);
      results.set(id, {
        id,
        status: response.status,
        headers: { "Content-Type": "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8", ...(response.headers ?? {}) },
        ...(response.body === undefined ? {} : { body: response.body }),
      });
    };
    const order: Record<string, unknown>[] = [];
    if (sequential) {
      for (const item of items) {
        await runOne(item);
        order.push(results.get(item["id"] as string) as Record<string, unknown>);
      }
    } else {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < items.length) {
          const item = items[next++] as Record<string, unknown>;
          await runOne(item);
          order.push(results.get(item["id"] as string) as Record<string, unknown>); // completion order, like Graph
        }
      };
      await Promise.all(Array.from({ length: Math.min(BATCH_PARALLELISM, items.length) }, worker));
    }
    return { status: 200, body: { responses: order } };
  }

  private async batchItem(item: Record<string, unknown>): Promise<SimResponse> {
    const rawUrl = (item["url"] as string).replace(/^\/+/, "").replace(/^v1\.0\//, "");
    const url = new URL(`https://graph.invalid/v1.0/${rawUrl}`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((item["headers"] as Record<string, unknown> | undefined) ?? {})) headers[k.toLowerCase()] = String(v);
    if (item["body"] !== undefined && !headers["content-type"]) {
      return error(400, "BadRequest", "Content-Type header must be specified for a batch request with a body.");
    }
    const method = (item["method"] as string).toUpperCase();
    return this.handle({ method, path: url.pathname.slice("/v1.0".length), query: url.searchParams, headers, body: item["body"], inBatch: true });
  }

  private count(route: GraphRouteName | "unknown", inBatch: boolean): void {
    const { stats } = this.options;
    if (inBatch) stats.batchItems[route] = (stats.batchItems[route] ?? 0) + 1;
    else {
      stats.graphRequests += 1;
      stats.routes[route] = (stats.routes[route] ?? 0) + 1;
    }
  }

  private enter(mailbox: string): void {
    const n = (this.inFlight.get(mailbox) ?? 0) + 1;
    this.inFlight.set(mailbox, n);
    const max = this.options.stats.maxInFlightPerMailbox;
    if (n > (max[mailbox] ?? 0)) max[mailbox] = n;
  }

  private leave(mailbox: string): void {
    this.inFlight.set(mailbox, (this.inFlight.get(mailbox) ?? 1) - 1);
  }

  private log(entry: RequestLogEntry): void {
    const { log } = this.options.stats;
    log.push(entry);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
  }
}
