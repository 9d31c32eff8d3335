import { SlidingWindowLimiter, TEAMS_LIMITS } from "../simulators/connector/limits.js";

/** Sends `n` requests at time `t`; returns how many were admitted. */
function burst(limiter: SlidingWindowLimiter, key: string, t: number, n: number): number {
  let admitted = 0;
  for (let i = 0; i < n; i++) if (limiter.tryAcquire(key, t).ok) admitted++;
  return admitted;
}

describe("SlidingWindowLimiter with the Teams per-conversation windows", () => {
  const windows = TEAMS_LIMITS.perConversation;

  it("admits 7 in one second and says exactly when the 8th fits", () => {
    const limiter = new SlidingWindowLimiter(windows);
    expect(burst(limiter, "c", 0, 7)).toBe(7);
    const eighth = limiter.tryAcquire("c", 400);
    expect(eighth).toEqual({ ok: false, retryAfterMs: 600, window: { max: 7, windowMs: 1_000 } });
    expect(limiter.tryAcquire("c", 999).ok).toBe(false);
    expect(limiter.tryAcquire("c", 1_000).ok).toBe(true);
  });

  it("applies 8 per 2 s on top of 7 per 1 s", () => {
    const limiter = new SlidingWindowLimiter(windows);
    expect(burst(limiter, "c", 0, 7)).toBe(7);
    expect(limiter.tryAcquire("c", 1_000).ok).toBe(true); // 1 in the last second, 8 in the last two
    const ninth = limiter.tryAcquire("c", 1_000);
    expect(ninth.ok).toBe(false);
    if (!ninth.ok) {
      expect(ninth.window).toEqual({ max: 8, windowMs: 2_000 });
      expect(ninth.retryAfterMs).toBe(1_000);
    }
    expect(limiter.tryAcquire("c", 2_000).ok).toBe(true);
  });

  it("applies 60 per 30 s to a steady 4 messages a second", () => {
    const limiter = new SlidingWindowLimiter(windows);
    let admitted = 0;
    let t = 0;
    for (; t < 15_000; t += 250) if (limiter.tryAcquire("c", t).ok) admitted++;
    expect(admitted).toBe(60);
    const next = limiter.tryAcquire("c", t);
    expect(next.ok).toBe(false);
    if (!next.ok) {
      expect(next.window.max).toBe(60);
      expect(next.retryAfterMs).toBe(15_000); // the first message (t=0) leaves the 30 s window at t=30 000
    }
    expect(limiter.tryAcquire("c", 30_000).ok).toBe(true);
  });

  it("applies 1,800 per hour", () => {
    const limiter = new SlidingWindowLimiter(windows);
    // One message every 1.5 s stays well inside the short windows (20 per 30 s), so only the hour counts.
    let admitted = 0;
    let t = 0;
    for (; admitted < 1_800; t += 1_500) {
      expect(limiter.tryAcquire("c", t).ok).toBe(true);
      admitted++;
    }
    const over = limiter.tryAcquire("c", t);
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.window).toEqual({ max: 1_800, windowMs: 3_600_000 });
      expect(over.retryAfterMs).toBe(3_600_000 - t);
    }
    expect(limiter.tryAcquire("c", 3_600_000).ok).toBe(true);
  });

  it("keeps keys apart, does not charge rejected requests, and forgets on reset", () => {
    const limiter = new SlidingWindowLimiter(windows);
    expect(burst(limiter, "a", 0, 7)).toBe(7);
    expect(burst(limiter, "b", 0, 7)).toBe(7);
    // 100 rejected attempts in the same second do not push the retry time out.
    expect(burst(limiter, "a", 500, 100)).toBe(0);
    expect(limiter.tryAcquire("a", 1_000).ok).toBe(true);
    limiter.reset();
    expect(burst(limiter, "a", 1_000, 7)).toBe(7);
  });

  it("check() never consumes quota", () => {
    const limiter = new SlidingWindowLimiter([{ max: 1, windowMs: 1_000 }]);
    expect(limiter.check("k", 0).ok).toBe(true);
    expect(limiter.check("k", 0).ok).toBe(true);
    limiter.record("k", 0);
    expect(limiter.check("k", 0).ok).toBe(false);
  });

  it("refuses nonsense windows", () => {
    expect(() => new SlidingWindowLimiter([{ max: 0, windowMs: 1_000 }])).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter([{ max: 2.5, windowMs: 1_000 }])).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter([{ max: 1, windowMs: 0 }])).toThrow(RangeError);
  });
});
