import { fail, ok, type Result } from "../errors.js";
import type { Delivery } from "./delivery-model.js";

/**
 * The outbox state machine as pure functions (the sender persists each result with an etag replace, so
 * two workers can never both win a claim):
 *   pending/failed ─claim→ sending ─sent→ sent
 *                          sending ─fail→ failed (retry later) | dead (gave up / permanent error)
 * A `sending` delivery whose lease expired (worker crashed) can be claimed again.
 */

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

const plus = (instant: string, ms: number): string => new Date(Date.parse(instant) + ms).toISOString();

export function isClaimable(d: Delivery, now: string): boolean {
  if (d.status === "pending" || d.status === "failed") return d.nextAttemptAt === null || Date.parse(d.nextAttemptAt) <= Date.parse(now);
  return d.status === "sending" && d.leaseUntil !== null && Date.parse(d.leaseUntil) <= Date.parse(now);
}

/** Take the delivery for one attempt, holding it for `leaseMs`. `conflict` when it is not up for sending. */
export function claimDelivery(d: Delivery, now: string, leaseMs: number): Result<Delivery> {
  if (!isClaimable(d, now)) return fail("conflict", `Delivery ${d.id} is ${d.status} and cannot be claimed now`, { status: d.status });
  return ok({ ...d, status: "sending", attempts: d.attempts + 1, leaseUntil: plus(now, leaseMs), nextAttemptAt: null, updatedAt: now });
}

/** Record success. Idempotent for an already-sent delivery. */
export function markDeliverySent(d: Delivery, result: { activityId: string | null; now: string }): Result<Delivery> {
  if (d.status === "sent") return ok(d);
  if (d.status !== "sending") return fail("conflict", `Delivery ${d.id} is ${d.status}, not sending`, { status: d.status });
  return ok({ ...d, status: "sent", activityId: result.activityId, sentAt: result.now, leaseUntil: null, lastError: null, updatedAt: result.now });
}

export interface FailureInfo {
  error: string;
  now: string;
  /** Server-requested wait (429 Retry-After), honoured when longer than the backoff. */
  retryAfterMs?: number;
  /** No point retrying (e.g. 403 MessageWritesBlocked, conversation gone). */
  permanent?: boolean;
}

/** Record a failed attempt: retry with exponential backoff, or `dead` after the last attempt. */
export function markDeliveryFailed(d: Delivery, failure: FailureInfo, policy: RetryPolicy = defaultRetryPolicy): Result<Delivery> {
  if (d.status !== "sending") return fail("conflict", `Delivery ${d.id} is ${d.status}, not sending`, { status: d.status });
  const lastError = failure.error.slice(0, 2000);
  const base = { ...d, leaseUntil: null, lastError, updatedAt: failure.now };
  if (failure.permanent || d.attempts >= policy.maxAttempts) return ok({ ...base, status: "dead", nextAttemptAt: null });
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, d.attempts - 1));
  const delay = Math.max(backoff, failure.retryAfterMs ?? 0);
  return ok({ ...base, status: "failed", nextAttemptAt: plus(failure.now, delay) });
}
