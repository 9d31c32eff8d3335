// SQLite-specific behaviour the shared contract (tests/contract) cannot see: the file, WAL, index use,
// keyset paging over absent values, and two connections (≈ two processes) sharing one file.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import type { Result } from "../../errors.js";
import { checkQuery, defineCollection, type NewDoc, type Query, type Repository } from "../../ports/store.js";
import { pageSql } from "./query-sql.js";
import { createSqliteStore } from "./store.js";

const schema = z.object({
  id: z.string(),
  tenantId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  etag: z.string().optional(),
  ownerId: z.string(),
  status: z.string(),
  dueDate: z.string(),
  note: z.string().nullable().optional(),
});
type Doc = z.output<typeof schema>;
const notes = defineCollection({ name: "notes", schema, indexes: ["ownerId", "status", "dueDate", "note"] });

const doc = (tenantId: string, id: string, fields: Partial<Doc> = {}): NewDoc<Doc> => ({
  id,
  tenantId,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ownerId: "o1",
  status: "open",
  dueDate: "2026-02-01",
  ...fields,
  etag: undefined,
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "opsco-sqlite-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("creates the parent folders of a file path and runs in WAL mode", async () => {
  const file = path.join(dir, "a", "b", "store.sqlite");
  const store = createSqliteStore({ path: file });
  value(await store.collection(notes).create(doc("t1", "n1")));
  expect(await store.health()).toMatchObject({ ok: true, kind: "sqlite", detail: expect.stringContaining("journal wal") });
  expect(existsSync(`${file}-wal`)).toBe(true);
  await store.close();
  expect((await store.health()).ok).toBe(false);
});

it("serves 'open items of one owner, by due date' from the owner index, not a tenant scan", async () => {
  const file = path.join(dir, "plan.sqlite");
  const store = createSqliteStore({ path: file });
  store.collection(notes); // creates table + indexes
  const query: Query = {
    where: [
      { field: "ownerId", op: "eq", value: "o1" },
      { field: "status", op: "eq", value: "open" },
    ],
    orderBy: { field: "dueDate" },
  };
  const { sql, params } = pageSql("notes", "t1", value(checkQuery(notes.indexes, query)), undefined);
  const db = new Database(file, { readonly: true });
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(" | ");
  db.close();
  await store.close();
  expect(plan).toContain("USING INDEX notes__ownerId (tenant_id=? AND <expr>=?)");
  expect(plan).not.toMatch(/SCAN notes\b/);
});

describe("keyset paging over a sort field some documents lack or hold null", () => {
  let repo: Repository<Doc>;
  const all = Array.from({ length: 23 }, (_, i) =>
    doc("t1", `n${String(i).padStart(2, "0")}`, i % 3 === 0 ? { note: `note-${i % 4}` } : i % 3 === 1 ? { note: null } : {}),
  );

  const store = createSqliteStore({ path: ":memory:" });
  beforeAll(async () => {
    repo = store.collection(notes);
    for (const d of all) value(await repo.create(d));
  });
  afterAll(() => store.close());

  async function pages(query: Query): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = value(await repo.query("t1", { ...query, continuationToken: token, limit: 2 }));
      ids.push(...page.items.map((d) => d.id));
      token = page.continuationToken;
    } while (token);
    return ids;
  }

  const absent = all.filter((d) => typeof d.note !== "string").map((d) => d.id);
  const present = all
    .filter((d) => typeof d.note === "string")
    .sort((a, b) => (a.note as string).localeCompare(b.note as string) || a.id.localeCompare(b.id))
    .map((d) => d.id);

  it("ascending: absent values first (by id), then values", async () => {
    expect(await pages({ orderBy: { field: "note", direction: "asc" } })).toEqual([...[...absent].sort(), ...present]);
  });

  it("descending: values first, then absent values (by id, descending)", async () => {
    expect(await pages({ orderBy: { field: "note", direction: "desc" } })).toEqual([...[...present].reverse(), ...[...absent].sort().reverse()]);
  });
});

it("two connections on one file (like two processes) see each other's etags and conflicts", async () => {
  const file = path.join(dir, "shared.sqlite");
  const stores = [createSqliteStore({ path: file }), createSqliteStore({ path: file })] as const;
  const [one, other] = stores.map((s) => s.collection(notes)) as [Repository<Doc>, Repository<Doc>];
  const v1 = value(await one.create(doc("t1", "n1")));
  const seen = value(await other.get("t1", "n1"));
  expect(seen.etag).toBe(v1.etag);
  value(await other.replace({ ...seen, status: "done" }, { ifMatch: seen.etag ?? "" }));
  const stale = await one.replace({ ...v1, status: "snoozed" }, { ifMatch: v1.etag ?? "" });
  expect(stale.ok ? "ok" : stale.error.code).toBe("conflict");
  expect(value(await one.get("t1", "n1")).status).toBe("done");
  for (const s of stores) await s.close();
});

// BUG: a write that could not get the file's lock within busyTimeoutMs (another process in a long write)
// threw better-sqlite3's SqliteError out of the repository, where the port promises Result values and
// the Cosmos adapter answers an outage with `unavailable`.
it("a write blocked by another connection's lock past busyTimeoutMs answers `unavailable` and writes nothing", async () => {
  const file = path.join(dir, "busy.sqlite");
  const store = createSqliteStore({ path: file, busyTimeoutMs: 50 });
  const repo = store.collection(notes);
  const v1 = value(await repo.create(doc("t1", "n1")));
  const other = new Database(file);
  other.exec("BEGIN IMMEDIATE"); // another process holds the write lock
  try {
    const code = (r: Result<unknown>): string => (r.ok ? "ok" : r.error.code);
    expect(code(await repo.create(doc("t1", "n2")))).toBe("unavailable");
    expect(code(await repo.upsert(doc("t1", "n3")))).toBe("unavailable");
    expect(code(await repo.replace({ ...v1, status: "done" }, { ifMatch: v1.etag ?? "" }))).toBe("unavailable");
    expect(code(await repo.delete("t1", "n1"))).toBe("unavailable");
    // Reads go on under WAL.
    expect(value(await repo.get("t1", "n1"))).toEqual(v1);
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
  expect(value(await repo.query("t1")).items.map((d) => d.id)).toEqual(["n1"]);
  value(await repo.create(doc("t1", "n2")));
  await store.close();
});
