import { classifyConnectorError, DEFAULT_RETRY_AFTER_MS, retryAfterOf } from "./connector-errors.js";

/**
 * Shaped like the RestError botframework-connector 4.23 throws (sender.test.ts gets real ones from the
 * Connector simulator); these cover header forms the simulator never sends.
 */
function restError(statusCode: number, code: string | undefined, headers: Record<string, string> = {}): Error {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    name: "RestError",
    statusCode,
    code,
    response: { status: statusCode, headers: { get: (name: string) => lower.get(name.toLowerCase()) } },
  });
}

const NOW = Date.parse("2025-06-02T08:00:00Z");

describe("classifyConnectorError", () => {
  it("reads Retry-After in seconds, as an HTTP date, or Azure's millisecond headers", () => {
    expect(retryAfterOf(restError(429, "Throttled", { "Retry-After": "2" }), NOW)).toBe(2_000);
    expect(retryAfterOf(restError(429, "Throttled", { "Retry-After": "Mon, 02 Jun 2025 08:00:03 GMT" }), NOW)).toBe(3_000);
    expect(retryAfterOf(restError(429, "Throttled", { "retry-after-ms": "250" }), NOW)).toBe(250);
    expect(retryAfterOf(restError(429, "Throttled", { "x-ms-retry-after-ms": "400", "Retry-After": "9" }), NOW)).toBe(400);
    expect(retryAfterOf(restError(429, "Throttled", { "Retry-After": "soon" }), NOW)).toBeUndefined();
    // A date in the past means "now", never a negative wait.
    expect(retryAfterOf(restError(429, "Throttled", { "Retry-After": "Mon, 02 Jun 2025 07:00:00 GMT" }), NOW)).toBe(0);
  });

  it("also reads headers given as a plain object", () => {
    const error = { statusCode: 429, response: { headers: { "Retry-After": "5" } } };
    expect(retryAfterOf(error, NOW)).toBe(5_000);
  });

  it("defaults a 429 without Retry-After to one second", () => {
    expect(classifyConnectorError(restError(429, "Throttled"), NOW)).toEqual({ kind: "throttled", status: 429, code: "Throttled", retryAfterMs: DEFAULT_RETRY_AFTER_MS });
  });

  it("retries 412, 502, 503, 504 but not 500 or 4xx", () => {
    for (const status of [412, 502, 503, 504]) expect(classifyConnectorError(restError(status, undefined), NOW).kind).toBe("transient");
    for (const status of [400, 401, 404, 413, 500]) expect(classifyConnectorError(restError(status, "X"), NOW).kind).toBe("rejected");
    expect(classifyConnectorError(restError(503, "ServiceUnavailable", { "Retry-After": "3" }), NOW)).toMatchObject({ kind: "transient", retryAfterMs: 3_000 });
  });

  it("blocks only on Teams' blocked codes", () => {
    expect(classifyConnectorError(restError(403, "MessageWritesBlocked"), NOW).kind).toBe("blocked");
    expect(classifyConnectorError(restError(403, "ConversationBlockedByUser"), NOW).kind).toBe("blocked");
    expect(classifyConnectorError(restError(403, "BotNotInConversationRoster"), NOW).kind).toBe("rejected");
    expect(classifyConnectorError(restError(403, undefined), NOW).kind).toBe("rejected");
  });

  it("treats network failures as transient and anything else as unexpected", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(classifyConnectorError(refused, NOW)).toMatchObject({ kind: "transient", status: undefined, code: "ECONNREFUSED" });
    const wrapped = Object.assign(new Error("request failed"), { code: "REQUEST_SEND_ERROR" });
    expect(classifyConnectorError(wrapped, NOW).kind).toBe("transient");
    const viaCause = new Error("fetch failed", { cause: Object.assign(new Error("socket"), { code: "ECONNRESET" }) });
    expect(classifyConnectorError(viaCause, NOW).kind).toBe("transient");
    expect(classifyConnectorError(new Error("Invalid appId."), NOW).kind).toBe("unexpected");
    expect(classifyConnectorError("a string", NOW).kind).toBe("unexpected");
  });
});
