/**
 * Fault injection and request accounting. Faults match by route name (or a RegExp on "METHOD /v1.0/path"),
 * optionally by mailbox and by where the request arrived (top level or inside a $batch), and fire `times`
 * times (default: forever).
 */

export type GraphRouteName =
  | "openid"
  | "jwks"
  | "token"
  | "batch"
  | "listUsers"
  | "getUser"
  | "getManager"
  | "getMailboxSettings"
  | "getSchedule"
  | "createEvent"
  | "getEvent"
  | "updateEvent"
  | "listInstances"
  | "calendarView";

export interface GraphFault {
  /** Route name, "*" (every Graph route), or a RegExp tested against e.g. "POST /v1.0/users/x/events". */
  route: GraphRouteName | "*" | RegExp;
  /** Answer with this status (429, 503, 500, 404, …). Omit for a slow-only fault. */
  status?: number;
  /** Graph `error.code`; defaults by status (429 TooManyRequests, 503 serviceNotAvailable, …). */
  code?: string;
  message?: string;
  /** `Retry-After` header in seconds (0 allowed). Defaults to 1 for 429 and 503. */
  retryAfterSeconds?: number;
  /** Hold the request this long first (the request counts as in flight meanwhile). */
  delayMs?: number;
  /** Fire this many times, then let requests through. Default: forever. */
  times?: number;
  /** Only requests for this mailbox / user (id, mail or UPN). */
  mailbox?: string;
  /** "request": top-level HTTP requests only; "batchItem": only inside $batch; default both. */
  where?: "request" | "batchItem" | "any";
}

const DEFAULT_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "InvalidAuthenticationToken",
  403: "ErrorAccessDenied",
  404: "ErrorItemNotFound",
  429: "TooManyRequests",
  500: "generalException",
  502: "badGateway",
  503: "serviceNotAvailable",
  504: "gatewayTimeout",
};

export interface FaultMatch {
  route: GraphRouteName;
  method: string;
  path: string;
  mailboxUserId: string | undefined;
  inBatch: boolean;
}

export interface FaultOutcome {
  delayMs: number;
  response?: { status: number; headers: Record<string, string>; body: unknown };
}

export class FaultInjector {
  private rules: { fault: GraphFault; remaining: number; mailboxId: string | undefined }[] = [];
  fired = 0;

  constructor(private readonly resolveMailbox: (idOrMail: string) => string | undefined) {}

  set(faults: readonly GraphFault[]): void {
    this.rules = faults.map((fault) => ({
      fault,
      remaining: fault.times ?? Number.POSITIVE_INFINITY,
      mailboxId: fault.mailbox ? (this.resolveMailbox(fault.mailbox) ?? `unknown:${fault.mailbox}`) : undefined,
    }));
  }

  /** Consumes the first matching rule (if any) and says what to do. */
  take(req: FaultMatch): FaultOutcome | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matches(rule.fault, rule.mailboxId, req)) continue;
      rule.remaining -= 1;
      this.fired += 1;
      const { fault } = rule;
      if (fault.status === undefined) return { delayMs: fault.delayMs ?? 0 };
      const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 || fault.status === 503 ? 1 : undefined);
      const code = fault.code ?? DEFAULT_CODES[fault.status] ?? "UnknownError";
      return {
        delayMs: fault.delayMs ?? 0,
        response: {
          status: fault.status,
          headers: retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
          body: graphError(code, fault.message ?? `Injected fault ${fault.status} (${code}).`),
        },
      };
    }
    return undefined;
  }
}

function matches(fault: GraphFault, mailboxId: string | undefined, req: FaultMatch): boolean {
  const where = fault.where ?? "any";
  if (where === "request" && req.inBatch) return false;
  if (where === "batchItem" && !req.inBatch) return false;
  if (mailboxId !== undefined && mailboxId !== req.mailboxUserId) return false;
  if (fault.route === "*") return req.route !== "openid" && req.route !== "jwks" && req.route !== "token";
  if (fault.route instanceof RegExp) return fault.route.test(`${req.method} /v1.0${req.path}`);
  return fault.route === req.route;
}

/** Graph's error body, with the innerError Graph always adds. */
export function graphError(code: string, message: string): { error: Record<string, unknown> } {
  return {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString().slice(0, 19), "request-id": cryptoRandomId(), "client-request-id": cryptoRandomId() },
    },
  };
}

function cryptoRandomId(): string {
  return globalThis.crypto.randomUUID();
}

export interface RequestLogEntry {
  /** Epoch ms when the request arrived. */
  at: number;
  route: GraphRouteName | "unknown";
  method: string;
  path: string;
  status: number;
  inBatch: boolean;
  mailbox?: string;
}

/** What tests and benchmarks read. All counters are live; `reset()` / `resetStats()` zero them. */
export interface GraphSimulatorStats {
  /** Top-level HTTP requests under /v1.0 (a $batch counts once). */
  graphRequests: number;
  /** Top-level requests per route. */
  routes: Partial<Record<GraphRouteName | "unknown", number>>;
  /** Requests carried inside $batch bodies, per route. */
  batchItems: Partial<Record<GraphRouteName | "unknown", number>>;
  /** Size of every $batch received, in arrival order (length = number of $batch calls). */
  batches: number[];
  tokenRequests: number;
  /** Faults that fired (throttles, 503s, slow responses). */
  faultsFired: number;
  /** Highest number of concurrent requests seen per mailbox (user id), top level and batch items together. */
  maxInFlightPerMailbox: Record<string, number>;
  /** 429s sent because a mailbox had more than `mailboxConcurrencyLimit` requests in flight. */
  concurrencyRejections: number;
  /** Last 2,000 requests (top level and batch items). */
  log: RequestLogEntry[];
}

export function emptyStats(): GraphSimulatorStats {
  return {
    graphRequests: 0,
    routes: {},
    batchItems: {},
    batches: [],
    tokenRequests: 0,
    faultsFired: 0,
    maxInFlightPerMailbox: {},
    concurrencyRejections: 0,
    log: [],
  };
}

export function clearStats(stats: GraphSimulatorStats): void {
  Object.assign(stats, emptyStats());
}
