/**
 * Storage benchmark (`npm run bench -- storage`): for each Store adapter — SQLite on a temp file in WAL
 * mode, Cosmos against cosmosdb-server in its own process — point reads/s, upserts/s, etag-conflict
 * retries/s, and latency of "open action items of one owner" with 10k items in the tenant.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { defineCollection, mutate, ok, type NewDoc, type Query, type Repository, type Result, type Store } from "@opsco/shared";
import { createCosmosStore } from "@opsco/shared/adapters/cosmos";
import { createSqliteStore } from "@opsco/shared/adapters/sqlite";
import { startCosmosServer } from "../support/cosmos-server.js";
import { percentile, report, throughput, timeEach, wanted } from "./lib.js";

const benchItemSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  etag: z.string().optional(),
  ownerId: z.string(),
  status: z.enum(["open", "done", "snoozed", "cancelled"]),
  dueDate: z.string(),
  count: z.number().int(),
  title: z.string(),
});
type BenchItem = z.output<typeof benchItemSchema>;
const indexes = ["ownerId", "status", "dueDate"];
// Reads and queries run on one container/table, writes on another, so writes never grow the data
// the query figures scan (cosmosdb-server filters in memory).
const itemsDef = defineCollection({ name: "benchItems", schema: benchItemSchema, indexes });
const writesDef = defineCollection({ name: "benchWrites", schema: benchItemSchema, indexes });

const tenantId = "bench-tenant";
const itemCount = 10_000;
const ownerCount = 50;
const stamp = "2026-01-05T09:00:00.000Z";
const statuses = ["open", "open", "done", "snoozed", "cancelled"] as const; // ~40% open

function benchItem(i: number, tenant = tenantId): NewDoc<BenchItem> {
  return {
    id: `item-${String(i).padStart(6, "0")}`,
    tenantId: tenant,
    createdAt: stamp,
    updatedAt: stamp,
    ownerId: `owner-${String(i % ownerCount).padStart(2, "0")}`,
    status: statuses[Math.floor(i / ownerCount) % statuses.length] ?? "open",
    dueDate: `2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`,
    count: 0,
    title: `Follow up on item ${i} with the vendor`,
    etag: undefined,
  };
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

interface Plan {
  adapter: "sqlite" | "cosmos";
  seedConcurrency: number;
  reads: { count: number; concurrency: number };
  upserts: { count: number; concurrency: number };
  conflicts: { workers: number; incrementsEach: number };
  queries: number;
}

async function benchStore(store: Store, plan: Plan): Promise<void> {
  const prefix = `storage.${plan.adapter}`;
  const items: Repository<BenchItem> = store.collection(itemsDef);
  const writes: Repository<BenchItem> = store.collection(writesDef);

  let t0 = performance.now();
  if (wanted(`${prefix}.point_reads_per_s`) || wanted(`${prefix}.open_items_by_owner`)) {
    await throughput(itemCount, plan.seedConcurrency, async (i) => must(await items.upsert(benchItem(i))));
    console.log(`${plan.adapter}: seeded ${itemCount} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  if (wanted(`${prefix}.point_reads_per_s`)) {
    const { count, concurrency } = plan.reads;
    const perS = await throughput(count, concurrency, async (i) => must(await items.get(tenantId, benchItem((i * 7919) % itemCount).id)));
    report({ name: `${prefix}.point_reads_per_s`, value: perS, unit: "ops/s", count, concurrency });
  }

  if (wanted(`${prefix}.upserts_per_s`)) {
    const { count, concurrency } = plan.upserts;
    // Half new ids, half overwrites: an upsert cache sees both.
    const perS = await throughput(count, concurrency, async (i) => must(await writes.upsert({ ...benchItem(i % (count / 2)), count: i })));
    report({ name: `${prefix}.upserts_per_s`, value: perS, unit: "ops/s", count, concurrency });
  }

  if (wanted(`${prefix}.etag_conflict_retries_per_s`)) {
    // N workers increment one counter through mutate(); every stale etag costs a retry. Real handlers
    // do I/O between read and write, so each read is followed by one event-loop turn (an in-process
    // SQLite call never yields on its own, and the workers would simply take turns). Retries go again
    // at once, not after mutate's jittered sleep: the figure is the store's conflict path, not a timer.
    const { workers, incrementsEach } = plan.conflicts;
    const counter = must(await writes.upsert({ ...benchItem(0, "bench-counter"), id: "counter" }));
    const contended: Repository<BenchItem> = {
      ...writes,
      get: async (tenant, id) => {
        const read = await writes.get(tenant, id);
        await new Promise((resolve) => setImmediate(resolve));
        return read;
      },
    };
    let retries = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let k = 0; k < incrementsEach; k += 1) {
          const change = (c: BenchItem): Result<BenchItem> => ok({ ...c, count: c.count + 1 });
          must(
            await mutate(contended, counter.tenantId, counter.id, change, {
              maxAttempts: 10_000,
              beforeRetry: async () => {
                retries += 1;
              },
            }),
          );
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const final = must(await writes.get(counter.tenantId, counter.id)).count;
    if (final !== workers * incrementsEach) throw new Error(`lost updates: counter ${final}, expected ${workers * incrementsEach}`);
    report({
      name: `${prefix}.etag_conflict_retries_per_s`,
      value: retries / seconds,
      unit: "retries/s",
      workers,
      increments: workers * incrementsEach,
      retries,
      increments_per_s: Number(((workers * incrementsEach) / seconds).toFixed(1)),
    });
  }

  if (wanted(`${prefix}.open_items_by_owner`)) {
    const query = (owner: number): Query => ({
      where: [
        { field: "ownerId", op: "eq", value: `owner-${String(owner).padStart(2, "0")}` },
        { field: "status", op: "eq", value: "open" },
      ],
      orderBy: { field: "dueDate" },
      limit: 100,
    });
    const expected = must(await items.query(tenantId, query(0))).items.length; // also warms caches
    const samples = await timeEach(plan.queries, async (i) => {
      const page = must(await items.query(tenantId, query(i % ownerCount)));
      if (page.items.length !== expected) throw new Error(`owner ${i % ownerCount}: ${page.items.length} open items, expected ${expected}`);
    });
    const extra = { queries: plan.queries, items_in_tenant: itemCount, owners: ownerCount, page_items: expected };
    report({ name: `${prefix}.open_items_by_owner_p50_ms`, value: percentile(samples, 50), unit: "ms", ...extra });
    report({ name: `${prefix}.open_items_by_owner_p99_ms`, value: percentile(samples, 99), unit: "ms", ...extra });
  }
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "opsco-bench-"));
  const store = createSqliteStore({ path: path.join(dir, "bench.sqlite") });
  try {
    await benchStore(store, {
      adapter: "sqlite",
      seedConcurrency: 1,
      reads: { count: 50_000, concurrency: 1 },
      upserts: { count: 20_000, concurrency: 1 },
      conflicts: { workers: 8, incrementsEach: 250 },
      queries: 2_000,
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchCosmos(): Promise<void> {
  const server = await startCosmosServer({ mode: "child" });
  const store = await createCosmosStore({ endpoint: server.endpoint, key: server.key, database: "opsco-bench", disableEndpointDiscovery: true });
  try {
    await benchStore(store, {
      adapter: "cosmos",
      seedConcurrency: 16,
      reads: { count: 5_000, concurrency: 8 },
      upserts: { count: 3_000, concurrency: 8 },
      conflicts: { workers: 8, incrementsEach: 25 },
      // cosmosdb-server filters a query in memory over the whole container (10k items), twice per
      // query (the SDK's query-plan request runs it too): ~0.3 s each, so fewer samples.
      queries: 100,
    });
  } finally {
    await store.close();
    await server.stop();
  }
}

if (wanted("storage.sqlite")) await benchSqlite();
if (wanted("storage.cosmos")) await benchCosmos();
