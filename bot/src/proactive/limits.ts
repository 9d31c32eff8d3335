/**
 * Multi-window sliding-window limiter, keyed by string (a conversation id, a tenant id). The sender asks
 * it before every Bot Connector call so that we stay inside Teams' limits instead of learning them from
 * 429s (ARCHITECTURE.md "Facts to design for" → Teams / Bot Connector).
 *
 * Pure bookkeeping: the caller passes the time, so tests drive it with a fake clock.
 */

export interface RateWindow {
  /** Requests allowed inside any span of `ms` milliseconds. */
  limit: number;
  ms: number;
}

/** Teams: one bot into one conversation (message writes). */
export const TEAMS_CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/** Teams: every request of one app (bot id) for one tenant. */
export const TEAMS_TENANT_WINDOWS: readonly RateWindow[] = [{ limit: 50, ms: 1_000 }];

/**
 * The same windows, each `marginMs` longer. Our clock reads the time when we decide to send; the service
 * counts when the request arrives, and arrival gaps can be a little shorter than decision gaps.
 */
export function withMargin(windows: readonly RateWindow[], marginMs: number): RateWindow[] {
  return windows.map((w) => ({ limit: w.limit, ms: w.ms + marginMs }));
}

interface KeyState {
  /** Sorted times of recorded requests, at most `maxLimit` of them, none older than the longest window. */
  times: number[];
  /** No request before this instant (Retry-After). 0 = not paused. */
  pausedUntil: number;
}

export interface SlidingWindowLimiterOptions {
  /** How often (at most) idle keys are swept away. Default: the longest window. */
  sweepEveryMs?: number;
}

export class SlidingWindowLimiter {
  private readonly windows: readonly RateWindow[];
  private readonly longestMs: number;
  private readonly maxLimit: number;
  private readonly sweepEveryMs: number;
  private readonly keys = new Map<string, KeyState>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(windows: readonly RateWindow[], options: SlidingWindowLimiterOptions = {}) {
    if (windows.length === 0) throw new RangeError("a limiter needs at least one window");
    for (const w of windows) {
      if (!(Number.isInteger(w.limit) && w.limit > 0 && Number.isFinite(w.ms) && w.ms > 0)) {
        throw new RangeError(`invalid rate window ${JSON.stringify(w)}`);
      }
    }
    this.windows = windows.map((w) => ({ ...w }));
    this.longestMs = Math.max(...windows.map((w) => w.ms));
    this.maxLimit = Math.max(...windows.map((w) => w.limit));
    this.sweepEveryMs = options.sweepEveryMs ?? this.longestMs;
  }

  /**
   * Milliseconds to wait before a request for `key` would be within every window (and past any pause);
   * 0 = go now. Consumes nothing: call `record` when the request is actually made.
   */
  delayUntilAllowed(key: string, now: number): number {
    this.maybeSweep(now);
    const state = this.keys.get(key);
    if (!state) return 0;
    this.prune(state, now);
    let delay = Math.max(0, state.pausedUntil - now);
    const times = state.times;
    for (const w of this.windows) {
      // Requests inside (now - ms, now]: `times` is sorted, so they are a suffix.
      const firstInside = firstAfter(times, now - w.ms);
      const inside = times.length - firstInside;
      if (inside >= w.limit) {
        // Allowed once enough of the oldest in-window requests have slid out.
        const mustExpire = times[firstInside + (inside - w.limit)] as number;
        delay = Math.max(delay, mustExpire + w.ms - now);
      }
    }
    return delay;
  }

  /** Counts a request made at `now`. */
  record(key: string, now: number): void {
    this.maybeSweep(now);
    const state = this.stateOf(key);
    this.prune(state, now);
    const times = state.times;
    // Keep the list sorted even if an injected clock moves backwards.
    times.splice(firstAfter(times, now), 0, now);
    // Only the newest `maxLimit` entries can ever decide a delay: older ones are dropped to bound memory.
    if (times.length > this.maxLimit) times.splice(0, times.length - this.maxLimit);
  }

  /**
   * Moves a request counted at `from` to `to` (later). The sender counts a call when it decides to make it
   * and moves it to when the answer came back: the service saw the request somewhere in between, so
   * spacing from the answer is safe however slow the call was.
   */
  move(key: string, from: number, to: number): void {
    const state = this.stateOf(key);
    const times = state.times;
    const at = firstAfter(times, from) - 1;
    if (at >= 0 && times[at] === from) times.splice(at, 1);
    times.splice(firstAfter(times, to), 0, to);
    if (times.length > this.maxLimit) times.splice(0, times.length - this.maxLimit);
  }

  /** No requests for `key` before `untilMs` (e.g. now + Retry-After). Never shortens an existing pause. */
  pause(key: string, untilMs: number): void {
    const state = this.stateOf(key);
    state.pausedUntil = Math.max(state.pausedUntil, untilMs);
  }

  /** Keys currently remembered (for tests and stats). */
  get size(): number {
    return this.keys.size;
  }

  /** Forgets keys with no request inside the longest window and no pause pending. */
  sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, state] of this.keys) {
      this.prune(state, now);
      if (state.times.length === 0 && state.pausedUntil <= now) this.keys.delete(key);
    }
  }

  private maybeSweep(now: number): void {
    if (now - this.lastSweep >= this.sweepEveryMs || now < this.lastSweep) this.sweep(now);
  }

  private stateOf(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { times: [], pausedUntil: 0 };
      this.keys.set(key, state);
    }
    return state;
  }

  private prune(state: KeyState, now: number): void {
    const drop = firstAfter(state.times, now - this.longestMs);
    if (drop > 0) state.times.splice(0, drop);
    if (state.pausedUntil <= now) state.pausedUntil = 0;
  }
}

/** Index of the first element strictly greater than `t` (binary search over a sorted array). */
function firstAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
