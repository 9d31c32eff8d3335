/**
 * Sliding-window rate limits, as Teams applies them to bots (ARCHITECTURE.md "Facts to design for"):
 * per bot per conversation 7 msgs / 1 s, 8 / 2 s, 60 / 30 s, 1,800 / 1 h; per app per tenant 50 requests / s.
 * Pure: the caller passes the time, so tests can pin it.
 */

export interface RateWindow {
  /** Requests allowed inside any window of `windowMs`. */
  max: number;
  windowMs: number;
}

export interface ConnectorLimits {
  /** Message writes (send, reply, update, delete) by one bot into one conversation. */
  perConversation: readonly RateWindow[];
  /** Every request by one app (bot id) for one tenant. */
  perAppPerTenant: readonly RateWindow[];
}

export const TEAMS_LIMITS: ConnectorLimits = {
  perConversation: [
    { max: 7, windowMs: 1_000 },
    { max: 8, windowMs: 2_000 },
    { max: 60, windowMs: 30_000 },
    { max: 1_800, windowMs: 3_600_000 },
  ],
  perAppPerTenant: [{ max: 50, windowMs: 1_000 }],
};

export type Admission = { ok: true } | { ok: false; retryAfterMs: number; window: RateWindow };

/**
 * Keeps, per key, the sorted times of admitted requests. Rejected
 * requests do not consume quota, so waiting `retryAfterMs` is always enough to be admitted.
 */
export class SlidingWindowLimiter {
  private readonly windows: readonly RateWindow[];
  private readonly longestMs: number;
  private readonly admitted = new Map<string, number[]>();

  constructor(windows: readonly RateWindow[]) {
    for (const w of windows) {
      if (!(Number.isInteger(w.max) && w.max > 0 && w.windowMs > 0)) {
        throw new RangeError(`invalid rate window ${JSON.stringify(w)}`);
      }
    }
    this.windows = windows;
    this.longestMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Admits (and counts) the request at `now`, or says how long until it would be admitted. */
  tryAcquire(key: string, now: number): Admission {
    const admission = this.check(key, now);
    if (admission.ok) this.record(key, now);
    return admission;
  }

  /** Counts an admitted request (after `check` said ok for every limiter involved). */
  record(key: string, now: number): void {
    const times = this.prune(key, now);
    // Keep the list sorted even if an injected clock is moved backwards.
    times.splice(lowerBoundAfter(times, now), 0, now);
  }

  /** Would a request at `now` be admitted? Consumes nothing. */
  check(key: string, now: number): Admission {
    const times = this.prune(key, now);
    let worst: { retryAfterMs: number; window: RateWindow } | undefined;
    for (const w of this.windows) {
      // Entries inside (now - windowMs, now]; `times` is sorted, so they are a suffix.
      const firstInside = lowerBoundAfter(times, now - w.windowMs);
      const inside = times.length - firstInside;
      if (inside >= w.max) {
        // The request fits once enough of the oldest in-window entries have slid out.
        const mustExpire = times[firstInside + (inside - w.max)] as number;
        const retryAfterMs = Math.max(1, mustExpire + w.windowMs - now);
        if (!worst || retryAfterMs > worst.retryAfterMs) worst = { retryAfterMs, window: w };
      }
    }
    return worst ? { ok: false, ...worst } : { ok: true };
  }

  reset(): void {
    this.admitted.clear();
  }

  private prune(key: string, now: number): number[] {
    let times = this.admitted.get(key);
    if (!times) {
      times = [];
      this.admitted.set(key, times);
      return times;
    }
    const drop = lowerBoundAfter(times, now - this.longestMs);
    if (drop > 0) times.splice(0, drop);
    return times;
  }
}

/** Index of the first element strictly greater than `t` (binary search over a sorted array). */
function lowerBoundAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
