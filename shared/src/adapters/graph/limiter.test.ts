import { setTimeout as sleep } from "node:timers/promises";
import { MailboxLimiter } from "./limiter.js";

/** Tracks how many holders of each mailbox run at once. */
function tracker() {
  const now = new Map<string, number>();
  const peak = new Map<string, number>();
  return {
    peak,
    async hold(weights: Map<string, number>, ms: number): Promise<void> {
      for (const [k, w] of weights) {
        now.set(k, (now.get(k) ?? 0) + w);
        peak.set(k, Math.max(peak.get(k) ?? 0, now.get(k) ?? 0));
      }
      await sleep(ms);
      for (const [k, w] of weights) now.set(k, (now.get(k) ?? 0) - w);
    },
  };
}

describe("MailboxLimiter", () => {
  it("lets at most 4 single requests per mailbox run, and other mailboxes run alongside", async () => {
    const limiter = new MailboxLimiter(4);
    const t = tracker();
    await Promise.all([
      ...Array.from({ length: 10 }, () => limiter.runFor("a", () => t.hold(new Map([["a", 1]]), 10))),
      ...Array.from({ length: 3 }, () => limiter.runFor("b", () => t.hold(new Map([["b", 1]]), 10))),
    ]);
    expect(t.peak.get("a")).toBe(4);
    expect(t.peak.get("b")).toBe(3);
  });

  it("counts weighted (batch) holders, and never deadlocks on crossing multi-mailbox batches", async () => {
    const limiter = new MailboxLimiter(4);
    const t = tracker();
    const mailboxes = ["m1", "m2", "m3", "m4"];
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const weights = new Map<string, number>();
      const order = i % 2 === 0 ? mailboxes : [...mailboxes].reverse(); // crossing acquisition orders
      for (const m of order) if (rand() < 0.6) weights.set(m, 1 + Math.floor(rand() * 4));
      return limiter.run(weights, () => t.hold(weights, 1 + Math.floor(rand() * 5)));
    });
    await Promise.race([Promise.all(jobs), sleep(10_000, undefined, { ref: false }).then(() => Promise.reject(new Error("deadlock")))]);
    for (const m of mailboxes) expect(t.peak.get(m) ?? 0).toBeLessThanOrEqual(4);
    expect(limiter.inUse("m1")).toEqual({ running: 0, waiting: 0 });
  });

  it("caps a weight above the per-mailbox limit and releases on failure", async () => {
    const limiter = new MailboxLimiter(2);
    await expect(limiter.run(new Map([["x", 9]]), () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const t = tracker();
    await Promise.all(Array.from({ length: 4 }, () => limiter.runFor("x", () => t.hold(new Map([["x", 1]]), 5))));
    expect(t.peak.get("x")).toBe(2);
  });

  it("forgets mailboxes once idle, so memory stays the size of the active set", async () => {
    const limiter = new MailboxLimiter(4);
    for (let i = 0; i < 200; i += 1) await limiter.runFor(`m${i}`, async () => i);
    await limiter.run(new Map([["a", 3], ["b", 1]]), async () => 0);
    await expect(limiter.runFor("c", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const held = limiter.runFor("busy", () => sleep(30));
    expect(limiter.trackedMailboxes).toBe(1);
    await held;
    expect(limiter.trackedMailboxes).toBe(0);
    // A mailbox forgotten and used again still gets its limit.
    const t = tracker();
    await Promise.all(Array.from({ length: 6 }, () => limiter.runFor("m1", () => t.hold(new Map([["m1", 1]]), 5))));
    expect(t.peak.get("m1")).toBe(4);
  });
});

