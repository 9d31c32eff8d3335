import { SlidingWindowLimiter, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, withMargin } from "./limits.js";

/** Sends as fast as the limiter allows, advancing a fake clock; returns the send times. */
function paceSends(limiter: SlidingWindowLimiter, key: string, count: number, start = 0): number[] {
  let now = start;
  const sent: number[] = [];
  while (sent.length < count) {
    const delay = limiter.delayUntilAllowed(key, now);
    if (delay > 0) {
      now += delay;
      continue;
    }
    limiter.record(key, now);
    sent.push(now);
  }
  return sent;
}

/** Largest number of sends inside any half-open span (t - ms, t]. */
function maxInAnyWindow(times: readonly number[], ms: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    const end = times[i] as number;
    const inside = times.filter((t) => t > end - ms && t <= end).length;
    best = Math.max(best, inside);
  }
  return best;
}

describe("SlidingWindowLimiter", () => {
  it("allows a burst up to the shortest window, then waits for the oldest request to slide out", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 3, ms: 1_000 }]);
    for (let i = 0; i < 3; i++) {
      expect(limiter.delayUntilAllowed("c", 100 + i)).toBe(0);
      limiter.record("c", 100 + i);
    }
    // The first request (t=100) leaves the window (t-1000, t] at t=1100.
    expect(limiter.delayUntilAllowed("c", 500)).toBe(600);
    expect(limiter.delayUntilAllowed("c", 1_099)).toBe(1);
    expect(limiter.delayUntilAllowed("c", 1_100)).toBe(0);
  });

  it("paces to Teams' per-conversation windows: 7 in 1 s, then 8 in 2 s decides", () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    const sent = paceSends(limiter, "conv", 20);
    // 7 at once, the 8th when the first second has passed, the 9th–15th when 2 s have passed, …
    expect(sent.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(sent[7]).toBe(1_000);
    expect(sent.slice(8, 15)).toEqual([2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000]);
    expect(sent[15]).toBe(3_000);
    expect(sent[19]).toBe(4_000);
    for (const w of TEAMS_CONVERSATION_WINDOWS) expect(maxInAnyWindow(sent, w.ms)).toBeLessThanOrEqual(w.limit);
  });

  it("holds 60 per 30 s over a longer run", () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    const sent = paceSends(limiter, "conv", 130);
    expect(maxInAnyWindow(sent, 30_000)).toBe(60);
    expect(maxInAnyWindow(sent, 2_000)).toBeLessThanOrEqual(8);
    // The 61st message has to wait for the first to leave the 30-s window.
    expect(sent[60]).toBe(30_000);
    expect(sent[120]).toBe(60_000);
  });

  it("caps the tenant at 50 per second", () => {
    const limiter = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    const sent = paceSends(limiter, "tenant", 120);
    expect(sent.filter((t) => t === 0)).toHaveLength(50);
    expect(sent.filter((t) => t === 1_000)).toHaveLength(50);
    expect(sent.filter((t) => t === 2_000)).toHaveLength(20);
  });

  it("keeps keys independent", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, ms: 1_000 }]);
    limiter.record("a", 0);
    expect(limiter.delayUntilAllowed("a", 0)).toBe(1_000);
    expect(limiter.delayUntilAllowed("b", 0)).toBe(0);
  });

  it("honours a pause (Retry-After) even with quota left, and never shortens it", () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    limiter.pause("conv", 5_000);
    limiter.pause("conv", 2_000);
    expect(limiter.delayUntilAllowed("conv", 1_000)).toBe(4_000);
    expect(limiter.delayUntilAllowed("conv", 5_000)).toBe(0);
    expect(limiter.delayUntilAllowed("other", 1_000)).toBe(0);
  });

  it("takes the longest of the window delay and the pause", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, ms: 10_000 }]);
    limiter.record("conv", 0);
    limiter.pause("conv", 3_000);
    expect(limiter.delayUntilAllowed("conv", 1_000)).toBe(9_000);
  });

  it("widens windows by a margin", () => {
    expect(withMargin([{ limit: 7, ms: 1_000 }], 50)).toEqual([{ limit: 7, ms: 1_050 }]);
    const limiter = new SlidingWindowLimiter(withMargin([{ limit: 1, ms: 1_000 }], 50));
    limiter.record("c", 0);
    expect(limiter.delayUntilAllowed("c", 1_000)).toBe(50);
  });

  it("stays correct when the injected clock moves backwards", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, ms: 1_000 }]);
    limiter.record("c", 500);
    limiter.record("c", 400);
    // Both are inside (−100, 900]; the older one (400) frees the slot at 1400.
    expect(limiter.delayUntilAllowed("c", 900)).toBe(500);
  });

  it("bounds memory: keeps at most the largest limit of timestamps and forgets idle keys", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 3, ms: 1_000 }], { sweepEveryMs: 500 });
    // Record far more than allowed at one instant (the caller ignored the delay): only 3 are kept,
    // which is all the window needs to answer.
    for (let i = 0; i < 1_000; i++) limiter.record("busy", 0);
    expect(limiter.delayUntilAllowed("busy", 0)).toBe(1_000);
    for (let i = 0; i < 200; i++) limiter.record(`idle-${i}`, 10);
    expect(limiter.size).toBe(201);
    // After the longest window has passed, the next call sweeps every idle key away.
    expect(limiter.delayUntilAllowed("new", 2_000)).toBe(0);
    expect(limiter.size).toBe(0);
  });

  it("does not forget a key while its pause is pending", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, ms: 1_000 }], { sweepEveryMs: 100 });
    limiter.pause("paused", 60_000);
    limiter.sweep(30_000);
    expect(limiter.size).toBe(1);
    expect(limiter.delayUntilAllowed("paused", 30_000)).toBe(30_000);
    limiter.sweep(60_000);
    expect(limiter.size).toBe(0);
  });

  it("moves a counted request to when its answer came back", () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, ms: 1_000 }]);
    limiter.record("c", 0);
    limiter.record("c", 10);
    expect(limiter.delayUntilAllowed("c", 500)).toBe(500);
    // The first call took 300 ms: the window now counts from its answer.
    limiter.move("c", 0, 300);
    expect(limiter.delayUntilAllowed("c", 500)).toBe(510);
    expect(limiter.delayUntilAllowed("c", 1_010)).toBe(0);
    // Moving an entry that is no longer there still counts the later time (never undercounts).
    limiter.move("c", 12_345, 1_200);
    expect(limiter.delayUntilAllowed("c", 1_250)).toBe(50);
  });

  it("rejects nonsensical windows", () => {
    expect(() => new SlidingWindowLimiter([])).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter([{ limit: 0, ms: 1_000 }])).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter([{ limit: 1.5, ms: 1_000 }])).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter([{ limit: 1, ms: 0 }])).toThrow(RangeError);
  });
});
