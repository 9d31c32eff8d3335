import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { z } from "zod";
import { indexableField, type CollectionDef, type Repository, type Store, type StoredDoc } from "../../ports/store.js";
import { assertCollectionDef } from "./documents.js";
import { fieldExpr, indexName } from "./query-sql.js";
import { prepareTable, sqliteRepository, type TableStatements } from "./repository.js";

export interface SqliteStoreOptions {
  /** File path (parent folders are created) or ":memory:" for tests. */
  path: string;
  /** How long a write waits for another process's lock before failing (default 5 s). */
  busyTimeoutMs?: number;
}

/**
 * The embedded store: one table per collection with the document as JSON text, the etag in its own
 * column and an expression index `(tenant_id, json_extract(doc,'$.field'), id)` per indexed field, so
 * every allowed query is an index range scan within one tenant. WAL lets readers run beside the writer.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const file = options.path;
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL"); // durable at checkpoints; the usual WAL pairing
  const tables = new Map<string, { statements: TableStatements; indexes: Set<string> }>();
  // Callers may ask for a collection per request; the repository (and its statements) is made once.
  const repositories = new WeakMap<object, Repository<never>>();

  const openTable = (def: CollectionDef<z.ZodType<StoredDoc>>): TableStatements => {
    let table = tables.get(def.name);
    if (!table) {
      assertCollectionDef(def, indexableField);
      db.exec(
        `CREATE TABLE IF NOT EXISTS "${def.name}" (
           tenant_id TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, etag TEXT NOT NULL,
           PRIMARY KEY (tenant_id, id))`,
      );
      table = { statements: prepareTable(db, def.name), indexes: new Set() };
      tables.set(def.name, table);
    }
    // A later definition of the same collection may index more fields.
    for (const field of def.indexes) {
      if (table.indexes.has(field)) continue;
      assertCollectionDef(def, indexableField);
      db.exec(`CREATE INDEX IF NOT EXISTS "${indexName(def.name, field)}" ON "${def.name}" (tenant_id, ${fieldExpr(field)}, id)`);
      table.indexes.add(field);
    }
    return table.statements;
  };

  return {
    kind: "sqlite",
    collection<S extends z.ZodType<StoredDoc>>(def: CollectionDef<S>): Repository<z.output<S>> {
      const known = repositories.get(def) as Repository<z.output<S>> | undefined;
      if (known) return known;
      const repo = sqliteRepository(db, openTable(def), def as unknown as CollectionDef<z.ZodType<z.output<S>>>);
      repositories.set(def, repo as unknown as Repository<never>);
      return repo;
    },
    async health() {
      try {
        db.prepare("SELECT 1").get();
        return { ok: true, kind: "sqlite", detail: `${file} (journal ${String(db.pragma("journal_mode", { simple: true }))})` };
      } catch (e) {
        return { ok: false, kind: "sqlite", detail: e instanceof Error ? e.message : String(e) };
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
