/** Tiny benchmark helpers: percentiles and the `BENCH {json}` line format all benches print. */

export interface Figure {
  name: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

const filter = process.env["OPSCO_BENCH_FILTER"] ?? "";

/** Whether a figure (or a group of figures sharing a name prefix) was asked for. */
export function wanted(namePrefix: string): boolean {
  return filter === "" || namePrefix.startsWith(filter) || filter.startsWith(namePrefix);
}

export function report(figure: Figure): void {
  if (!wanted(figure.name)) return;
  const value = Number.isInteger(figure.value) ? figure.value : Number(figure.value.toFixed(3));
  console.log(`BENCH ${JSON.stringify({ ...figure, value })}`);
}

export function percentile(sortedOrNot: readonly number[], p: number): number {
  if (sortedOrNot.length === 0) return Number.NaN;
  const sorted = [...sortedOrNot].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Runs `fn` `count` times sequentially; returns per-call milliseconds. */
export async function timeEach(count: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Operations per second for `count` calls of `fn` with `concurrency` in flight. */
export async function throughput(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return count / ((performance.now() - t0) / 1000);
}
