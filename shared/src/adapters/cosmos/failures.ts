import { fail, type Err } from "../../errors.js";
import type { DomainError } from "../../errors.js";

/** Status (number) or Node network code (string) of whatever the SDK threw. */
const codeOf = (e: unknown): number | string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "number" || typeof code === "string" ? code : undefined;
};

/** Errors that came from Cosmos or the network (they carry a code); anything else is our bug and rethrown. */
export const isCosmosError = (e: unknown): boolean => codeOf(e) !== undefined;

// "TimeoutError": the SDK's own request timeout, thrown after its failover retries.
const networkDown = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "UND_ERR_SOCKET", "TimeoutError"]);

/**
 * Cosmos answers → coded domain errors. The SDK has already retried 429 (honouring
 * x-ms-retry-after-ms) and transient network failures by the time an error reaches us.
 */
export function cosmosFailure(e: unknown, what: string): Err<DomainError> {
  const code = codeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  switch (code) {
    case 404:
      return fail("not_found", `${what} not found`);
    case 409:
      return fail("duplicate", `${what} already exists`);
    case 412:
      return fail("conflict", `${what} was changed by someone else (etag mismatch)`);
    case 449:
      // "Retry With": the write raced another write to the same item. The SDK does not retry it; as a
      // conflict, mutate() re-reads and tries again, which is exactly what Cosmos asks for.
      return fail("conflict", `${what} was being written concurrently (449 Retry With); read it again and retry`);
    case 429:
      return fail("rate_limited", `Cosmos DB is throttling ${what} (429 after retries)`);
    case 400:
      return fail("validation", `Cosmos DB refused the request for ${what}: ${message}`);
    case 408:
    case 503:
      return fail("unavailable", `Cosmos DB unavailable for ${what} (${code})`);
    default:
      if (typeof code === "string" && networkDown.has(code)) return fail("unavailable", `Cosmos DB unreachable (${code}) for ${what}`);
      return fail("upstream", `Cosmos DB failed on ${what}: ${message}`, { status: code });
  }
}
