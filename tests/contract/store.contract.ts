/**
 * The Store contract: every adapter (sqlite, cosmos, …) must pass this same suite, so services can
 * rely on one behaviour whatever runs underneath. Used by sqlite.test.ts and cosmos.test.ts.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { defineCollection, mutate, ok, type NewDoc, type Query, type Repository, type Result, type Store } from "@opsco/shared";

// An action-item-like document, defined here so the contract depends on no feature's model.
const contractItemSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  etag: z.string().optional(),
  ownerId: z.string().min(1),
  status: z.enum(["open", "done", "snoozed"]),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  count: z.number().int().min(0),
  title: z.string().min(1),
  /** Optional and nullable: exercises eq/ne null ("missing or null" / "present and not null"). */
  note: z.string().nullable().optional(),
});
type ContractItem = z.output<typeof contractItemSchema>;

const contractItems = defineCollection({
  name: "contractItems",
  schema: contractItemSchema,
  indexes: ["ownerId", "status", "dueDate", "count", "note"],
});

const stamp = "2026-01-05T09:00:00.000Z";
const newTenant = (): string => `tenant-${randomUUID()}`;

function item(tenantId: string, id: string, fields: Partial<ContractItem> = {}): NewDoc<ContractItem> {
  return {
    id,
    tenantId,
    createdAt: stamp,
    updatedAt: stamp,
    ownerId: "owner-1",
    status: "open",
    dueDate: "2026-02-01",
    count: 0,
    title: `Item ${id}`,
    ...fields,
    etag: undefined,
  };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorCode(result: Result<unknown>): string {
  if (result.ok) throw new Error("expected an error, got ok");
  return result.error.code;
}

/** Runs fn over 0..n-1 with a bounded number in flight (the emulator is one process too). */
async function inParallel(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next;
      next += 1;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Follows continuation tokens to the end; also checks each page respects the limit. */
async function readAll(repo: Repository<ContractItem>, tenantId: string, query: Query): Promise<ContractItem[]> {
  const all: ContractItem[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = value(await repo.query(tenantId, { ...query, continuationToken: token }));
    expect(page.items.length).toBeLessThanOrEqual(query.limit ?? 100);
    all.push(...page.items);
    token = page.continuationToken;
    if (!token) return all;
  }
  throw new Error("paging never ended");
}

const ids = (docs: readonly { id: string }[]): string[] => docs.map((d) => d.id);

/** Expected order: by `key` then id, both in `direction` (the port's tie-break rule). */
function sortedIds(docs: readonly ContractItem[], key: keyof ContractItem, direction: "asc" | "desc"): string[] {
  const sign = direction === "asc" ? 1 : -1;
  const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...docs]
    .sort((a, b) => sign * (cmp(a[key] as string | number, b[key] as string | number) || cmp(a.id, b.id)))
    .map((d) => d.id);
}

export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let repo: Repository<ContractItem>;

    beforeAll(async () => {
      store = await makeStore();
      repo = store.collection(contractItems);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("reports itself healthy", async () => {
      const health = await store.health();
      expect(health).toMatchObject({ ok: true, kind: store.kind });
    });

    describe("point operations", () => {
      it("create returns the document with an etag, and get reads it back without store internals", async () => {
        const tenant = newTenant();
        const created = value(await repo.create(item(tenant, "a1", { title: "Order badges" })));
        expect(created).toMatchObject({ id: "a1", tenantId: tenant, title: "Order badges", count: 0 });
        expect(typeof created.etag).toBe("string");
        const read = value(await repo.get(tenant, "a1"));
        expect(read).toEqual(created);
        expect(Object.keys(read).filter((k) => k.startsWith("_"))).toEqual([]);
      });

      it("create of an existing id is `duplicate` and leaves the stored document alone", async () => {
        const tenant = newTenant();
        const first = value(await repo.create(item(tenant, "dup", { title: "first" })));
        expect(errorCode(await repo.create(item(tenant, "dup", { title: "second" })))).toBe("duplicate");
        expect(value(await repo.get(tenant, "dup"))).toEqual(first);
      });

      it("get of a missing id is `not_found`", async () => {
        expect(errorCode(await repo.get(newTenant(), "nope"))).toBe("not_found");
      });

      it("replace with the current etag writes and hands out a new etag; a stale etag is `conflict`", async () => {
        const tenant = newTenant();
        const v1 = value(await repo.create(item(tenant, "r1")));
        const v2 = value(await repo.replace({ ...v1, title: "renamed", count: 1 }, { ifMatch: v1.etag ?? "" }));
        expect(v2).toMatchObject({ title: "renamed", count: 1 });
        expect(v2.etag).not.toBe(v1.etag);

        const stale = await repo.replace({ ...v1, title: "lost update" }, { ifMatch: v1.etag ?? "" });
        expect(errorCode(stale)).toBe("conflict");
        expect(value(await repo.get(tenant, "r1"))).toEqual(v2);
      });

      it("replace of a missing document is `not_found` (and does not create it)", async () => {
        const tenant = newTenant();
        const ghost = { ...item(tenant, "ghost"), etag: "whatever" };
        expect(errorCode(await repo.replace(ghost, { ifMatch: "whatever" }))).toBe("not_found");
        expect(errorCode(await repo.get(tenant, "ghost"))).toBe("not_found");
      });

      it("delete: a stale ifMatch is `conflict`, the current one deletes, a second delete is `not_found`", async () => {
        const tenant = newTenant();
        const v1 = value(await repo.create(item(tenant, "d1")));
        const v2 = value(await repo.replace({ ...v1, count: 5 }, { ifMatch: v1.etag ?? "" }));
        expect(errorCode(await repo.delete(tenant, "d1", { ifMatch: v1.etag ?? "" }))).toBe("conflict");
        expect(value(await repo.get(tenant, "d1"))).toEqual(v2);
        expect((await repo.delete(tenant, "d1", { ifMatch: v2.etag ?? "" })).ok).toBe(true);
        expect(errorCode(await repo.get(tenant, "d1"))).toBe("not_found");
        expect(errorCode(await repo.delete(tenant, "d1"))).toBe("not_found");
        expect(errorCode(await repo.delete(tenant, "d1", { ifMatch: v2.etag ?? "" }))).toBe("not_found");
      });

      it("delete without ifMatch is unconditional", async () => {
        const tenant = newTenant();
        value(await repo.create(item(tenant, "d2")));
        expect((await repo.delete(tenant, "d2")).ok).toBe(true);
        expect(errorCode(await repo.get(tenant, "d2"))).toBe("not_found");
      });

      it("upsert creates when missing and overwrites whatever is there (last writer wins)", async () => {
        const tenant = newTenant();
        const created = value(await repo.upsert(item(tenant, "u1", { title: "v1" })));
        expect(created.etag).toBeTruthy();
        const overwritten = value(await repo.upsert({ ...item(tenant, "u1", { title: "v2" }) }));
        expect(overwritten.title).toBe("v2");
        expect(overwritten.etag).not.toBe(created.etag);
        // An upsert carrying an old etag still wins: it is not a conditional write.
        const again = value(await repo.upsert({ ...created, title: "v3" }));
        expect(value(await repo.get(tenant, "u1"))).toEqual(again);
      });
    });

    describe("bad input", () => {
      it("refuses documents failing the schema at create, upsert and replace, writing nothing", async () => {
        const tenant = newTenant();
        const noOwner = { ...item(tenant, "bad1"), ownerId: "" };
        const created = await repo.create(noOwner);
        expect(errorCode(created)).toBe("validation");
        if (!created.ok) expect(created.error.issues.map((i) => i.path)).toContain("ownerId");
        expect(errorCode(await repo.upsert({ ...item(tenant, "bad2"), count: -1 }))).toBe("validation");
        expect(errorCode(await repo.create({ ...item(tenant, "bad3"), dueDate: "01/02/2026" }))).toBe("validation");
        for (const id of ["bad1", "bad2", "bad3"]) expect(errorCode(await repo.get(tenant, id))).toBe("not_found");

        const good = value(await repo.create(item(tenant, "good")));
        const badReplace = await repo.replace({ ...good, status: "archived" as "open" }, { ifMatch: good.etag ?? "" });
        expect(errorCode(badReplace)).toBe("validation");
        expect(value(await repo.get(tenant, "good"))).toEqual(good);
      });

      it("refuses ids and tenant ids no store can hold (/ \\ ? #, empty)", async () => {
        const tenant = newTenant();
        for (const id of ["a/b", "a\\b", "a?b", "a#b", "", "   "]) {
          expect(errorCode(await repo.create(item(tenant, id)))).toBe("validation");
          expect(errorCode(await repo.get(tenant, id))).toBe("validation");
          expect(errorCode(await repo.delete(tenant, id))).toBe("validation");
        }
        expect(errorCode(await repo.get("", "x"))).toBe("validation");
        expect(errorCode(await repo.query("t/1"))).toBe("validation");
      });

      it("replace without an etag is `validation`", async () => {
        const tenant = newTenant();
        const doc = value(await repo.create(item(tenant, "noetag")));
        expect(errorCode(await repo.replace(doc, { ifMatch: "" }))).toBe("validation");
      });

      it("a stored document that no longer fits the schema makes reads fail loudly, not quietly", async () => {
        const tenant = newTenant();
        value(await repo.create(item(tenant, "old-shape")));
        const stricter = store.collection({
          ...contractItems,
          schema: contractItemSchema.extend({ priority: z.number().int() }),
        });
        await expect(stricter.get(tenant, "old-shape")).rejects.toThrow(/migrate/);
      });
    });

    describe("optimistic concurrency", () => {
      it("20 concurrent read-modify-write increments via mutate() end at exactly 20, after real conflicts", async () => {
        const tenant = newTenant();
        value(await repo.create(item(tenant, "counter")));
        let retries = 0;
        const increments = await Promise.all(
          Array.from({ length: 20 }, () =>
            mutate(repo, tenant, "counter", (current) => ok({ ...current, count: current.count + 1 }), {
              maxAttempts: 100,
              beforeRetry: async () => {
                retries += 1;
                await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
              },
            }),
          ),
        );
        expect(increments.filter((r) => !r.ok)).toEqual([]);
        expect(value(await repo.get(tenant, "counter")).count).toBe(20);
        expect(retries).toBeGreaterThan(0); // the etag check really refused stale writes
      });
    });

    describe("tenant isolation", () => {
      it("the same id in two tenants is two documents", async () => {
        const [a, b] = [newTenant(), newTenant()];
        value(await repo.create(item(a, "shared-id", { title: "A's" })));
        value(await repo.create(item(b, "shared-id", { title: "B's" })));
        expect(value(await repo.get(a, "shared-id")).title).toBe("A's");
        expect(value(await repo.get(b, "shared-id")).title).toBe("B's");
        expect((await repo.delete(a, "shared-id")).ok).toBe(true);
        expect(value(await repo.get(b, "shared-id")).title).toBe("B's");
      });

      it("tenant A can never get, query, replace or delete tenant B's documents", async () => {
        const [a, b] = [newTenant(), newTenant()];
        const bDoc = value(await repo.create(item(b, "b-only", { ownerId: "shared-owner" })));
        value(await repo.create(item(a, "a-only", { ownerId: "shared-owner" })));

        expect(errorCode(await repo.get(a, "b-only"))).toBe("not_found");
        expect(errorCode(await repo.replace({ ...bDoc, tenantId: a, title: "hijack" }, { ifMatch: bDoc.etag ?? "" }))).toBe("not_found");
        expect(errorCode(await repo.delete(a, "b-only"))).toBe("not_found");
        expect(errorCode(await repo.delete(a, "b-only", { ifMatch: bDoc.etag ?? "" }))).toBe("not_found");
        expect(value(await repo.get(b, "b-only"))).toEqual(bDoc);

        const shared: Query = { where: [{ field: "ownerId", op: "eq", value: "shared-owner" }] };
        expect(ids(value(await repo.query(a, shared)).items)).toEqual(["a-only"]);
        expect(ids(value(await repo.query(a)).items)).toEqual(["a-only"]);
        expect(ids(value(await repo.query(b, shared)).items)).toEqual(["b-only"]);
      });

      it("a continuation token of tenant B is refused for tenant A", async () => {
        const [a, b] = [newTenant(), newTenant()];
        await inParallel(3, 3, (i) => repo.create(item(b, `b${i}`)).then(value));
        await inParallel(3, 3, (i) => repo.create(item(a, `a${i}`)).then(value));
        const bPage = value(await repo.query(b, { limit: 1 }));
        expect(bPage.continuationToken).toBeDefined();
        expect(errorCode(await repo.query(a, { limit: 1, continuationToken: bPage.continuationToken }))).toBe("validation");
      });
    });

    describe("queries", () => {
      const tenant = newTenant();
      // 12 documents: 3 owners, 3 statuses, due dates spread over a month, some with notes.
      const docs = Array.from({ length: 12 }, (_, i) =>
        item(tenant, `q${String(i).padStart(2, "0")}`, {
          ownerId: `owner-${i % 3}`,
          status: (["open", "done", "snoozed"] as const)[(i >> 1) % 3] ?? "open",
          dueDate: `2026-03-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`,
          count: i % 5,
          ...(i % 4 === 0 ? { note: "has note" } : i % 4 === 1 ? { note: null } : {}),
        }),
      );
      const match = (pred: (d: ContractItem) => boolean): string[] => ids(docs.filter(pred)).sort();
      const found = async (query: Query): Promise<string[]> => ids(await readAll(repo, tenant, query)).sort();

      beforeAll(async () => {
        await inParallel(docs.length, 6, (i) => repo.create(docs[i] as NewDoc<ContractItem>).then(value));
      });

      it("eq, ne, in and AND of conditions", async () => {
        expect(await found({ where: [{ field: "ownerId", op: "eq", value: "owner-1" }] })).toEqual(match((d) => d.ownerId === "owner-1"));
        expect(await found({ where: [{ field: "status", op: "ne", value: "open" }] })).toEqual(match((d) => d.status !== "open"));
        expect(await found({ where: [{ field: "status", op: "in", value: ["done", "snoozed"] }] })).toEqual(
          match((d) => d.status === "done" || d.status === "snoozed"),
        );
        expect(
          await found({
            where: [
              { field: "ownerId", op: "eq", value: "owner-0" },
              { field: "status", op: "eq", value: "open" },
            ],
          }),
        ).toEqual(match((d) => d.ownerId === "owner-0" && d.status === "open"));
        expect(await found({ where: [{ field: "count", op: "in", value: [0, 4] }] })).toEqual(match((d) => d.count === 0 || d.count === 4));
      });

      it("ranges on strings (due dates) and numbers", async () => {
        expect(
          await found({
            where: [
              { field: "dueDate", op: "gte", value: "2026-03-08" },
              { field: "dueDate", op: "lt", value: "2026-03-22" },
            ],
          }),
        ).toEqual(match((d) => d.dueDate >= "2026-03-08" && d.dueDate < "2026-03-22"));
        expect(await found({ where: [{ field: "count", op: "gt", value: 2 }] })).toEqual(match((d) => d.count > 2));
        expect(await found({ where: [{ field: "count", op: "lte", value: 1 }] })).toEqual(match((d) => d.count <= 1));
      });

      it("null: eq null = missing or null, ne null = present and not null; ne and ranges skip absent values", async () => {
        expect(await found({ where: [{ field: "note", op: "eq", value: null }] })).toEqual(match((d) => d.note === undefined || d.note === null));
        expect(await found({ where: [{ field: "note", op: "ne", value: null }] })).toEqual(match((d) => typeof d.note === "string"));
        expect(await found({ where: [{ field: "note", op: "ne", value: "other" }] })).toEqual(match((d) => typeof d.note === "string"));
        expect(await found({ where: [{ field: "note", op: "gte", value: "a" }] })).toEqual(match((d) => typeof d.note === "string"));
      });

      it("orderBy asc and desc, ties broken by id in the same direction; default is id ascending", async () => {
        for (const direction of ["asc", "desc"] as const) {
          const byDue = await readAll(repo, tenant, { orderBy: { field: "dueDate", direction }, limit: 5 });
          expect(ids(byDue)).toEqual(sortedIds(docs, "dueDate", direction));
          const byCount = await readAll(repo, tenant, { orderBy: { field: "count", direction }, limit: 4 });
          expect(ids(byCount)).toEqual(sortedIds(docs, "count", direction));
        }
        expect(ids(value(await repo.query(tenant)).items)).toEqual(sortedIds(docs, "id", "asc"));
        expect(ids(value(await repo.query(tenant, { orderBy: { field: "id", direction: "desc" } })).items)).toEqual(
          sortedIds(docs, "id", "desc"),
        );
      });

      it("filter + sort: open items of one owner by due date", async () => {
        const open = await readAll(repo, tenant, {
          where: [
            { field: "ownerId", op: "eq", value: "owner-0" },
            { field: "status", op: "eq", value: "open" },
          ],
          orderBy: { field: "dueDate" },
          limit: 2,
        });
        expect(ids(open)).toEqual(sortedIds(docs.filter((d) => d.ownerId === "owner-0" && d.status === "open"), "dueDate", "asc"));
      });

      it("an `in` with no values matches nothing", async () => {
        expect(value(await repo.query(tenant, { where: [{ field: "status", op: "in", value: [] }] }))).toEqual({ items: [] });
      });

      it("refuses unindexed fields, bad operators and limits with `validation`", async () => {
        const refused: Query[] = [
          { where: [{ field: "title", op: "eq", value: "Item q01" }] },
          { orderBy: { field: "title" } },
          { where: [{ field: "status", op: "like" as "eq", value: "o%" }] },
          { where: [{ field: "count", op: "lt", value: null }] },
          { where: [{ field: "status", op: "in", value: ["open", null] }] },
          { orderBy: { field: "dueDate", direction: "sideways" as "asc" } },
          { limit: 0 },
          { limit: 1001 },
          { limit: 2.5 },
        ];
        for (const query of refused) expect([query, errorCode(await repo.query(tenant, query))]).toEqual([query, "validation"]);
      });

      it("refuses continuation tokens it did not issue for this query, without crashing", async () => {
        const first = value(await repo.query(tenant, { orderBy: { field: "dueDate" }, limit: 3 }));
        expect(first.continuationToken).toBeDefined();
        const forged = Buffer.from(JSON.stringify({ f: "x", k: "2026", i: "q01", c: "+RID:abc" })).toString("base64url");
        for (const continuationToken of ["garbage", "%%%", forged, (first.continuationToken ?? "").slice(0, -6)]) {
          expect(errorCode(await repo.query(tenant, { orderBy: { field: "dueDate" }, limit: 3, continuationToken }))).toBe("validation");
        }
        // The right token but a different query (sort order) is refused too.
        const otherQuery = await repo.query(tenant, { orderBy: { field: "count" }, limit: 3, continuationToken: first.continuationToken });
        expect(errorCode(otherQuery)).toBe("validation");
      });
    });

    describe("paging", () => {
      const tenant = newTenant();
      const total = 250;
      const docs = Array.from({ length: total }, (_, i) =>
        item(tenant, `p${String(i).padStart(3, "0")}`, {
          ownerId: `owner-${i % 4}`,
          status: i % 3 === 0 ? "done" : "open",
          dueDate: `2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 9)).padStart(2, "0")}`, // many ties
          count: i % 7,
        }),
      );

      beforeAll(async () => {
        await inParallel(total, 10, (i) => repo.create(docs[i] as NewDoc<ContractItem>).then(value));
      }, 60_000);

      it("returns every item exactly once with small pages, in order, for each sort", async () => {
        for (const orderBy of [undefined, { field: "dueDate" }, { field: "count", direction: "desc" as const }]) {
          const all = await readAll(repo, tenant, { limit: 7, ...(orderBy ? { orderBy } : {}) });
          expect(all).toHaveLength(total);
          expect(new Set(ids(all)).size).toBe(total);
          const key = (orderBy?.field ?? "id") as keyof ContractItem;
          expect(ids(all)).toEqual(sortedIds(docs, key, orderBy?.direction ?? "asc"));
        }
      });

      it("pages through a filtered query exactly once", async () => {
        const open = await readAll(repo, tenant, { where: [{ field: "status", op: "eq", value: "open" }], orderBy: { field: "dueDate" }, limit: 7 });
        expect(ids(open)).toEqual(sortedIds(docs.filter((d) => d.status === "open"), "dueDate", "asc"));
      });

      it("when everything fits in one page there is no continuation token", async () => {
        const firstAll = value(await repo.query(tenant, { limit: 1000 }));
        expect(firstAll.items).toHaveLength(total);
        expect(firstAll.continuationToken).toBeUndefined();
      });
    });
  });
}
