import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { z } from "zod";
import { fail, ok, type Result } from "../../errors.js";
import { checkKey, checkQuery, type CollectionDef, type NewDoc, type Page, type Repository, type StoredDoc } from "../../ports/store.js";
import { documentRead, documentToWrite } from "./documents.js";
import { encodeKeysetToken, queryFingerprint } from "../../store/continuation.js";
import { decodePosition, pageSql } from "./query-sql.js";

type Db = Database.Database;
type Statement = Database.Statement;

interface Row {
  id: string;
  doc: string;
  etag: string;
  sort_key: string | number | null;
}

/** Prepared statements of one table, shared by every repository over it. */
export interface TableStatements {
  table: string;
  get: Statement;
  exists: Statement;
  insert: Statement;
  upsert: Statement;
  update: Statement;
  remove: Statement;
  removeIf: Statement;
  /** Query SQL varies with the conditions; prepared once per distinct shape. */
  queries: Map<string, Statement>;
}

export function prepareTable(db: Db, table: string): TableStatements {
  const t = `"${table}"`;
  return {
    table,
    get: db.prepare(`SELECT doc, etag FROM ${t} WHERE tenant_id = ? AND id = ?`),
    exists: db.prepare(`SELECT 1 FROM ${t} WHERE tenant_id = ? AND id = ?`).pluck(),
    insert: db.prepare(`INSERT INTO ${t} (tenant_id, id, doc, etag) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING`),
    upsert: db.prepare(
      `INSERT INTO ${t} (tenant_id, id, doc, etag) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET doc = excluded.doc, etag = excluded.etag`,
    ),
    update: db.prepare(`UPDATE ${t} SET doc = ?, etag = ? WHERE tenant_id = ? AND id = ? AND etag = ?`),
    remove: db.prepare(`DELETE FROM ${t} WHERE tenant_id = ? AND id = ?`),
    removeIf: db.prepare(`DELETE FROM ${t} WHERE tenant_id = ? AND id = ? AND etag = ?`),
    queries: new Map(),
  };
}

/** A fresh etag per write; random so two processes sharing the file never hand out the same one. */
const newEtag = (): string => randomUUID();

const notFound = (def: { name: string }, tenantId: string, id: string): Result<never> =>
  fail("not_found", `${def.name} ${id} not found`, { tenantId, id });
const conflict = (def: { name: string }, id: string): Result<never> =>
  fail("conflict", `${def.name} ${id} was changed by someone else (etag mismatch)`, { id });

/**
 * Runs a statement; another connection holding the file's lock past the busy timeout (SQLITE_BUSY*,
 * SQLITE_LOCKED*) is an outage like Cosmos being unreachable: `unavailable`, nothing written (each
 * write is one statement or one transaction, rolled back). Anything else is a bug and throws.
 */
function unlessLocked<R>(what: string, run: () => R): R | Result<never> {
  try {
    return run();
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
      return fail("unavailable", `the embedded store is locked by another writer (${code}) for ${what}; try again`, { code });
    }
    throw e;
  }
}
/** The failure unlessLocked answered with (statement results never carry `ok`). */
const isResult = (v: unknown): v is Result<never> => typeof v === "object" && v !== null && (v as { ok?: unknown }).ok === false;

export function sqliteRepository<T extends StoredDoc>(db: Db, st: TableStatements, def: CollectionDef<z.ZodType<T>>): Repository<T> {
  // A failed conditional write must say *why* (gone vs changed); asking inside one transaction keeps
  // the answer true even with another process writing the same file.
  const replaceTx = db.transaction((doc: string, etag: string, tenantId: string, id: string, ifMatch: string) => {
    if (st.update.run(doc, etag, tenantId, id, ifMatch).changes === 1) return "ok" as const;
    return st.exists.get(tenantId, id) ? ("conflict" as const) : ("not_found" as const);
  });
  const deleteTx = db.transaction((tenantId: string, id: string, ifMatch: string | undefined) => {
    const changes = ifMatch === undefined ? st.remove.run(tenantId, id).changes : st.removeIf.run(tenantId, id, ifMatch).changes;
    if (changes === 1) return "ok" as const;
    return st.exists.get(tenantId, id) ? ("conflict" as const) : ("not_found" as const);
  });

  const statementFor = (sql: string): Statement => {
    let stmt = st.queries.get(sql);
    if (!stmt) {
      if (st.queries.size > 500) st.queries.clear(); // ad-hoc shapes must not grow without bound
      stmt = db.prepare(sql);
      st.queries.set(sql, stmt);
    }
    return stmt;
  };

  return {
    async get(tenantId, id) {
      const key = checkKey(tenantId, id);
      if (!key.ok) return key;
      const row = st.get.get(tenantId, id) as Pick<Row, "doc" | "etag"> | undefined;
      return row ? ok(documentRead(def, row.doc, row.etag)) : notFound(def, tenantId, id);
    },

    async create(doc: NewDoc<T>) {
      const w = documentToWrite(def, doc);
      if (!w.ok) return w;
      const etag = newEtag();
      const json = JSON.stringify(w.value.body);
      const inserted = unlessLocked(`${def.name} ${w.value.id}`, () => st.insert.run(w.value.tenantId, w.value.id, json, etag).changes);
      if (isResult(inserted)) return inserted;
      if (inserted === 0) return fail("duplicate", `${def.name} ${w.value.id} already exists`, { id: w.value.id });
      return ok(documentRead(def, json, etag));
    },

    async replace(doc: T, options: { ifMatch: string }) {
      const w = documentToWrite(def, doc);
      if (!w.ok) return w;
      if (typeof options?.ifMatch !== "string" || options.ifMatch === "") {
        return fail("validation", "replace needs the etag the change was based on (ifMatch)");
      }
      const etag = newEtag();
      const json = JSON.stringify(w.value.body);
      const outcome = unlessLocked(`${def.name} ${w.value.id}`, () => replaceTx(json, etag, w.value.tenantId, w.value.id, options.ifMatch));
      if (isResult(outcome)) return outcome;
      if (outcome === "conflict") return conflict(def, w.value.id);
      if (outcome === "not_found") return notFound(def, w.value.tenantId, w.value.id);
      return ok(documentRead(def, json, etag));
    },

    async upsert(doc: NewDoc<T> | T) {
      const w = documentToWrite(def, doc);
      if (!w.ok) return w;
      const etag = newEtag();
      const json = JSON.stringify(w.value.body);
      const written = unlessLocked(`${def.name} ${w.value.id}`, () => st.upsert.run(w.value.tenantId, w.value.id, json, etag));
      if (isResult(written)) return written;
      return ok(documentRead(def, json, etag));
    },

    async delete(tenantId, id, options) {
      const key = checkKey(tenantId, id);
      if (!key.ok) return key;
      const outcome = unlessLocked(`${def.name} ${id}`, () => deleteTx(tenantId, id, options?.ifMatch));
      if (isResult(outcome)) return outcome;
      if (outcome === "conflict") return conflict(def, id);
      if (outcome === "not_found") return notFound(def, tenantId, id);
      return ok(undefined);
    },

    async query(tenantId, query) {
      const key = checkKey(tenantId, "query");
      if (!key.ok) return key;
      const checked = checkQuery(def.indexes, query);
      if (!checked.ok) return checked;
      const q = checked.value;
      const fingerprint = queryFingerprint(st.table, tenantId, q);
      let after: { key: string | number | null; id: string } | undefined;
      if (q.continuationToken !== undefined) {
        const pos = decodePosition(q.continuationToken, fingerprint);
        if (!pos.ok) return pos;
        after = pos.value;
      }
      if (q.matchesNothing) return ok({ items: [] });
      const { sql, params } = pageSql(st.table, tenantId, q, after);
      const rows = statementFor(sql).all(...params) as Row[];
      const pageRows = rows.slice(0, q.limit);
      const last = pageRows[pageRows.length - 1];
      const page: Page<T> = { items: pageRows.map((r) => documentRead(def, r.doc, r.etag)) };
      if (rows.length > q.limit && last) page.continuationToken = encodeKeysetToken(fingerprint, { key: last.sort_key, id: last.id });
      return ok(page);
    },
  };
}
