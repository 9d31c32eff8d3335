/**
 * Per-mailbox concurrency (Outlook allows 4 concurrent requests per mailbox; a 5th is throttled).
 *
 * Each mailbox has a p-queue whose "tasks" are slot holds: a request (or a $batch touching several
 * mailboxes) takes its slots, runs, and gives them back. A $batch may need several slots of one mailbox
 * (Graph runs up to 4 of its requests at once), so it is weighted. Multi-slot holders acquire under one
 * global lock, in mailbox-key order, so two batches can never each hold part of what the other needs.
 */
import PQueue from "p-queue";

export class MailboxLimiter {
  private readonly queues = new Map<string, { queue: PQueue; holders: number }>();
  private readonly multiSlotLock = new PQueue({ concurrency: 1 });

  constructor(readonly perMailbox: number) {
    if (!Number.isInteger(perMailbox) || perMailbox < 1) throw new Error(`perMailbox must be a positive integer, got ${perMailbox}`);
  }

  /** Runs `fn` holding `weights.get(mailbox)` slots of every mailbox listed (each capped at perMailbox). */
  async run<T>(weights: ReadonlyMap<string, number>, fn: () => Promise<T>): Promise<T> {
    const wanted = [...weights.entries()]
      .map(([key, w]) => [key, Math.min(this.perMailbox, Math.max(0, Math.floor(w)))] as const)
      .filter(([, w]) => w > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const total = wanted.reduce((sum, [, w]) => sum + w, 0);
    const releases: (() => void)[] = [];
    if (total === 1) {
      releases.push(await this.acquire((wanted[0] as readonly [string, number])[0]));
    } else if (total > 1) {
      await this.multiSlotLock.add(async () => {
        for (const [key, w] of wanted) for (let i = 0; i < w; i += 1) releases.push(await this.acquire(key));
      });
    }
    try {
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Convenience: one slot of one mailbox. */
  runFor<T>(mailbox: string, fn: () => Promise<T>): Promise<T> {
    return this.run(new Map([[mailbox, 1]]), fn);
  }

  /** Requests waiting or running for a mailbox (for tests and diagnostics). */
  inUse(mailbox: string): { running: number; waiting: number } {
    const q = this.queues.get(mailbox)?.queue;
    return { running: q?.pending ?? 0, waiting: q?.size ?? 0 };
  }

  /** Mailboxes with a request waiting or running (the map never holds idle ones). */
  get trackedMailboxes(): number {
    return this.queues.size;
  }

  private acquire(key: string): Promise<() => void> {
    let entry = this.queues.get(key);
    if (!entry) {
      entry = { queue: new PQueue({ concurrency: this.perMailbox }), holders: 0 };
      this.queues.set(key, entry);
    }
    const e = entry;
    // Counted here rather than read from p-queue: its pending count drops only some ticks after a
    // release, so checking it then would never find the queue idle and the map would grow forever.
    e.holders += 1;
    return new Promise((granted) => {
      void e.queue.add(
        () =>
          new Promise<void>((release) => {
            granted(() => {
              release();
              e.holders -= 1;
              // Nobody waiting or running: forget the mailbox. A later request starts a fresh queue;
              // this one only finishes its bookkeeping for a slot already given back.
              if (e.holders === 0 && this.queues.get(key) === e) this.queues.delete(key);
            });
          }),
      );
    });
  }
}
