/**
 * What a failed Bot Connector call means for the sender. botframework-connector 4.23 throws
 * @azure/core-rest-pipeline's RestError: `statusCode`, `code` (the body's `error.code`, e.g.
 * "MessageWritesBlocked") and `response.headers` (an HttpHeaders with `get(name)`). Network failures
 * carry a Node system error code (ECONNREFUSED, …) or RestError's "REQUEST_SEND_ERROR" and no status.
 */

export type ConnectorFailure =
  /** 429: wait `retryAfterMs`, then try again. */
  | { kind: "throttled"; status: 429; code: string | undefined; retryAfterMs: number }
  /** 412/502/503/504 or a network error: back off, then try again. */
  | { kind: "transient"; status: number | undefined; code: string | undefined; retryAfterMs: number | undefined }
  /** 403 MessageWritesBlocked / ConversationBlockedByUser: never write to this conversation again. */
  | { kind: "blocked"; status: 403; code: string }
  /** Any other HTTP error: retrying will not help. */
  | { kind: "rejected"; status: number; code: string | undefined }
  /** Not an HTTP answer at all (bad configuration, a bug): do not retry. */
  | { kind: "unexpected"; code: string | undefined };

/** Teams' documented codes for "this bot may not post here any more". */
export const BLOCKED_CODES: ReadonlySet<string> = new Set(["MessageWritesBlocked", "ConversationBlockedByUser"]);

/** Statuses Teams documents as worth retrying with backoff. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([412, 502, 503, 504]);

const NETWORK_CODES: ReadonlySet<string> = new Set([
  "REQUEST_SEND_ERROR",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);

/** Used when a 429 carries no (readable) Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

export function classifyConnectorError(error: unknown, nowMs: number): ConnectorFailure {
  const status = numberProp(error, "statusCode") ?? numberProp(error, "status");
  const code = stringProp(error, "code");
  if (status === undefined) {
    const cause = (error as { cause?: unknown } | null)?.cause;
    const networkCode = [code, stringProp(cause, "code")].find((c) => c !== undefined && NETWORK_CODES.has(c));
    return networkCode ? { kind: "transient", status: undefined, code: networkCode, retryAfterMs: undefined } : { kind: "unexpected", code };
  }
  const retryAfterMs = retryAfterOf(error, nowMs);
  if (status === 429) return { kind: "throttled", status, code, retryAfterMs: retryAfterMs ?? DEFAULT_RETRY_AFTER_MS };
  if (status === 403 && code !== undefined && BLOCKED_CODES.has(code)) return { kind: "blocked", status, code };
  if (TRANSIENT_STATUSES.has(status)) return { kind: "transient", status, code, retryAfterMs };
  return { kind: "rejected", status, code };
}

/** Retry-After as seconds or an HTTP date; also Azure's `retry-after-ms` / `x-ms-retry-after-ms`. */
export function retryAfterOf(error: unknown, nowMs: number): number | undefined {
  const header = headerReader(error);
  if (!header) return undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(header(name));
    if (header(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = header("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** Reads a response header whether the headers are an HttpHeaders (`get`) or a plain object. */
function headerReader(error: unknown): ((name: string) => string | undefined) | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  if (!headers || typeof headers !== "object") return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === "function") {
    return (name) => {
      const v: unknown = get.call(headers, name);
      return typeof v === "string" ? v : undefined;
    };
  }
  const record = headers as Record<string, unknown>;
  return (name) => {
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : record[key];
    return typeof v === "string" ? v : undefined;
  };
}

function numberProp(value: unknown, key: string): number | undefined {
  const v = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function stringProp(value: unknown, key: string): string | undefined {
  const v = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" && v ? v : undefined;
}
