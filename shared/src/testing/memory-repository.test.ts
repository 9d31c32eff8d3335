import { z } from "zod";
import { storedDocShape } from "../common/schemas.js";
import { fail } from "../errors.js";
import { defineCollection, type NewDoc } from "../ports/store.js";
import { mutate } from "../store/mutate.js";
import { MemoryStore, memoryRepository, type MemoryRepository } from "./memory-repository.js";

const things = defineCollection({
  name: "things",
  schema: z.object({
    ...storedDocShape,
    title: z.string().min(1),
    rank: z.number().optional(),
    owner: z.string().optional(),
    secret: z.string().optional(),
  }),
  indexes: ["rank", "owner", "title"],
});
type Thing = z.output<typeof things.schema>;

const at = "2026-06-01T00:00:00.000Z";
const thing = (id: string, extra: Partial<Thing> = {}): NewDoc<Thing> => ({
  id,
  tenantId: "t1",
  createdAt: at,
  updatedAt: at,
  title: `thing ${id}`,
  ...extra,
  etag: undefined,
});

async function seeded(): Promise<MemoryRepository<Thing>> {
  const repo = memoryRepository(things);
  for (const [id, rank, owner] of [
    ["a", 3, "ann"],
    ["b", 1, "bob"],
    ["c", 2, "ann"],
    ["d", 2, undefined],
    ["e", undefined, "bob"],
  ] as const) {
    const created = await repo.create(thing(id, { rank, owner }));
    expect(created.ok).toBe(true);
  }
  await repo.create({ ...thing("x", { rank: 0, owner: "ann" }), tenantId: "t2" });
  return repo;
}

describe("MemoryRepository", () => {
  it("creates with a store-managed etag and refuses a second create of the same id", async () => {
    const repo = memoryRepository(things);
    const created = await repo.create(thing("a"));
    expect(created.ok && created.value.etag).toMatch(/^".+"$/);
    const again = await repo.create(thing("a", { title: "other" }));
    expect(again.ok ? null : again.error.code).toBe("duplicate");
    const read = await repo.get("t1", "a");
    expect(read.ok && read.value.title).toBe("thing a");
  });

  it("validates documents against the collection schema and normalises them", async () => {
    const repo = memoryRepository(things);
    const bad = await repo.create(thing("a", { title: "" }));
    expect(bad.ok ? null : bad.error.code).toBe("validation");
    const normalised = await repo.create(thing("b", { createdAt: "2026-06-01T02:00:00+02:00" }));
    expect(normalised.ok && normalised.value.createdAt).toBe("2026-06-01T00:00:00.000Z");
  });

  it("isolates tenants", async () => {
    const repo = memoryRepository(things);
    await repo.create(thing("a"));
    const other = await repo.get("t2", "a");
    expect(other.ok ? null : other.error.code).toBe("not_found");
    expect((await repo.create({ ...thing("a"), tenantId: "t2" })).ok).toBe(true);
    expect(repo.size).toBe(2);
  });

  it("replaces only with the current etag, and changes the etag on every write", async () => {
    const repo = memoryRepository(things);
    const created = await repo.create(thing("a"));
    if (!created.ok) throw created.error;
    const first = await repo.replace({ ...created.value, title: "one" }, { ifMatch: created.value.etag! });
    if (!first.ok) throw first.error;
    expect(first.value.etag).not.toBe(created.value.etag);
    const stale = await repo.replace({ ...created.value, title: "two" }, { ifMatch: created.value.etag! });
    expect(stale.ok ? null : stale.error.code).toBe("conflict");
    const gone = await repo.replace(thing("zz"), { ifMatch: '"1"' });
    expect(gone.ok ? null : gone.error.code).toBe("not_found");
    const read = await repo.get("t1", "a");
    expect(read.ok && read.value.title).toBe("one");
  });

  it("works with mutate() under concurrent updates (no lost update)", async () => {
    const repo = memoryRepository(things);
    await repo.create(thing("a", { rank: 0 }));
    await Promise.all(
      Array.from({ length: 10 }, () =>
        mutate(repo, "t1", "a", (cur) => ({ ok: true, value: { ...cur, rank: (cur.rank ?? 0) + 1 } }), { beforeRetry: async () => {} }),
      ),
    );
    const read = await repo.get("t1", "a");
    expect(read.ok && read.value.rank).toBe(10);
  });

  it("upserts unconditionally and deletes with or without ifMatch", async () => {
    const repo = memoryRepository(things);
    const up = await repo.upsert(thing("a"));
    if (!up.ok) throw up.error;
    const up2 = await repo.upsert({ ...up.value, title: "again", etag: '"stale"' });
    expect(up2.ok && up2.value.title).toBe("again");
    const wrong = await repo.delete("t1", "a", { ifMatch: up.value.etag! });
    expect(wrong.ok ? null : wrong.error.code).toBe("conflict");
    expect((await repo.delete("t1", "a")).ok).toBe(true);
    const again = await repo.delete("t1", "a");
    expect(again.ok ? null : again.error.code).toBe("not_found");
  });

  it("hands out copies: mutating a returned document does not change the store", async () => {
    const repo = memoryRepository(things);
    const created = await repo.create(thing("a"));
    if (!created.ok) throw created.error;
    created.value.title = "hacked";
    const read = await repo.get("t1", "a");
    expect(read.ok && read.value.title).toBe("thing a");
  });

  it("queries one tenant with conditions, Cosmos-like missing-field semantics and ordering", async () => {
    const repo = await seeded();
    const ids = async (query: Parameters<typeof repo.query>[1]): Promise<string[]> => {
      const page = await repo.query("t1", query);
      if (!page.ok) throw page.error;
      return page.value.items.map((d) => d.id);
    };
    expect(await ids({})).toEqual(["a", "b", "c", "d", "e"]);
    expect(await ids({ where: [{ field: "owner", op: "eq", value: "ann" }] })).toEqual(["a", "c"]);
    expect(await ids({ where: [{ field: "owner", op: "ne", value: "ann" }] })).toEqual(["b", "e"]); // d has no owner
    expect(await ids({ where: [{ field: "rank", op: "gte", value: 2 }] })).toEqual(["a", "c", "d"]);
    expect(await ids({ where: [{ field: "rank", op: "lt", value: "3" }] })).toEqual([]); // no cross-type compare
    expect(await ids({ where: [{ field: "owner", op: "in", value: ["bob", "zed"] }] })).toEqual(["b", "e"]);
    expect(await ids({ orderBy: { field: "rank" } })).toEqual(["e", "b", "c", "d", "a"]); // missing first, ties by id
    expect(await ids({ orderBy: { field: "rank", direction: "desc" } })).toEqual(["a", "d", "c", "b", "e"]);
  });

  it("pages with continuation tokens without skipping or repeating", async () => {
    const repo = await seeded();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await repo.query("t1", { orderBy: { field: "rank", direction: "desc" }, limit: 2, continuationToken: token });
      if (!page.ok) throw page.error;
      expect(page.value.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.value.items.map((d) => d.id));
      token = page.value.continuationToken;
    } while (token);
    expect(seen).toEqual(["a", "d", "c", "b", "e"]);
  });

  it("refuses queries on fields that are not indexed, bad limits and bad tokens", async () => {
    const repo = await seeded();
    const code = async (query: Parameters<typeof repo.query>[1]) => {
      const r = await repo.query("t1", query);
      return r.ok ? "ok" : r.error.code;
    };
    expect(await code({ where: [{ field: "secret", op: "eq", value: "x" }] })).toBe("validation");
    expect(await code({ orderBy: { field: "secret" } })).toBe("validation");
    expect(await code({ limit: 0 })).toBe("validation");
    expect(await code({ limit: 1001 })).toBe("validation");
    expect(await code({ continuationToken: "garbage" })).toBe("validation");
  });

  it("lets a test refuse writes (outage or race simulation)", async () => {
    const repo = memoryRepository(things, { beforeWrite: (op) => (op === "create" ? fail("unavailable", "store down") : undefined) });
    const r = await repo.create(thing("a"));
    expect(r.ok ? null : r.error.code).toBe("unavailable");
    expect(repo.size).toBe(0);
  });

  it("MemoryStore hands out one repository per collection", async () => {
    const store = new MemoryStore();
    await store.collection(things).create(thing("a"));
    const read = await store.collection(things).get("t1", "a");
    expect(read.ok).toBe(true);
    expect(await store.health()).toEqual({ ok: true, kind: "memory" });
  });
});
