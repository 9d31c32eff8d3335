import { decodeKeysetToken as decodeToken, encodeKeysetToken as encodeToken, queryFingerprint } from "../store/continuation.js";
import type { z } from "zod";
import { DomainError, err, fail, ok, validationError, type Result } from "../errors.js";
import {
  checkKey,
  checkQuery,
  type CheckedQuery,
  type CollectionDef,
  type Condition,
  type NewDoc,
  type Page,
  type Query,
  type Repository,
  type Scalar,
  type Store,
  type StoreHealth,
  type StoredDoc,
} from "../ports/store.js";

/**
 * In-memory Store for unit tests, with the behaviour the SQLite and Cosmos adapters share (the Store
 * contract in tests/contract): schema-checked writes and reads, store-managed etags, `duplicate` /
 * `conflict` / `not_found`, key rules and query rules from `checkKey` / `checkQuery`, tenant isolation,
 * keyset paging with tokens bound to tenant and query, and the contract's null rules (eq null = missing
 * or null, ne null = present and not null, ne and ranges skip absent values; nulls sort first ascending).
 * Bodies are kept as JSON text, so nothing a caller holds aliases what is stored.
 */

type WriteOp = "create" | "replace" | "upsert" | "delete";

export interface MemoryRepositoryOptions {
  /** Called before every write; return an error to refuse it (simulates an outage or a lost race). */
  beforeWrite?: (op: WriteOp, key: { tenantId: string; id: string }) => Result<void> | undefined;
}

interface Row {
  body: string;
  etag: string;
}

/** Rows of one collection, keyed by tenant and id; shared by every repository over that collection. */
export type MemoryTable = Map<string, Row>;

let etagCounter = 0;
const newEtag = (): string => {
  etagCounter += 1;
  return `"mem-${etagCounter.toString(16).padStart(8, "0")}"`;
};

export class MemoryRepository<T extends StoredDoc> implements Repository<T> {
  constructor(
    private readonly def: CollectionDef<z.ZodType<T>>,
    private readonly options: MemoryRepositoryOptions = {},
    private readonly rows: MemoryTable = new Map(),
  ) {}

  /** Documents stored (all tenants). */
  get size(): number {
    return this.rows.size;
  }

  async get(tenantId: string, id: string): Promise<Result<T>> {
    const key = checkKey(tenantId, id);
    if (!key.ok) return key;
    const row = this.rows.get(rowKey(tenantId, id));
    return row ? ok(this.read(row)) : this.notFound(id);
  }

  async create(doc: NewDoc<T>): Promise<Result<T>> {
    const w = this.toWrite(doc);
    if (!w.ok) return w;
    const refused = this.refused("create", w.value);
    if (refused) return refused;
    const k = rowKey(w.value.tenantId, w.value.id);
    if (this.rows.has(k)) return fail("duplicate", `${this.def.name} ${w.value.id} already exists`, { id: w.value.id });
    return ok(this.write(k, w.value.body));
  }

  async replace(doc: T, options: { ifMatch: string }): Promise<Result<T>> {
    const w = this.toWrite(doc);
    if (!w.ok) return w;
    if (typeof options?.ifMatch !== "string" || options.ifMatch === "") {
      return fail("validation", "replace needs the etag the change was based on (ifMatch)");
    }
    const refused = this.refused("replace", w.value);
    if (refused) return refused;
    const k = rowKey(w.value.tenantId, w.value.id);
    const current = this.rows.get(k);
    if (!current) return this.notFound(w.value.id);
    if (current.etag !== options.ifMatch) return this.conflict(w.value.id);
    return ok(this.write(k, w.value.body));
  }

  async upsert(doc: NewDoc<T> | T): Promise<Result<T>> {
    const w = this.toWrite(doc);
    if (!w.ok) return w;
    const refused = this.refused("upsert", w.value);
    if (refused) return refused;
    return ok(this.write(rowKey(w.value.tenantId, w.value.id), w.value.body));
  }

  async delete(tenantId: string, id: string, options: { ifMatch?: string } = {}): Promise<Result<void>> {
    const key = checkKey(tenantId, id);
    if (!key.ok) return key;
    const refused = this.refused("delete", { tenantId, id });
    if (refused) return refused;
    const k = rowKey(tenantId, id);
    const current = this.rows.get(k);
    if (!current) return this.notFound(id);
    if (options.ifMatch !== undefined && current.etag !== options.ifMatch) return this.conflict(id);
    this.rows.delete(k);
    return ok(undefined);
  }

  async query(tenantId: string, query?: Query): Promise<Result<Page<T>>> {
    const key = checkKey(tenantId, "query");
    if (!key.ok) return key;
    const checked = checkQuery(this.def.indexes, query);
    if (!checked.ok) return checked;
    const q = checked.value;
    const fingerprint = queryFingerprint(this.def.name, tenantId, q);
    let after: Position | undefined;
    if (q.continuationToken !== undefined) {
      const decoded = decodeToken(q.continuationToken, fingerprint);
      if (!decoded.ok) return decoded;
      after = decoded.value;
    }
    if (q.matchesNothing) return ok({ items: [] });

    const { field, direction } = q.orderBy;
    const sign = direction === "asc" ? 1 : -1;
    const position = (doc: Record<string, unknown>): Position => ({ key: sortKey(doc, field), id: doc["id"] as string });
    const compare = (a: Position, b: Position): number => sign * (compareKeys(a.key, b.key) || compareKeys(a.id, b.id));

    const matching = [...this.rows.values()]
      .map((row) => ({ row, doc: JSON.parse(row.body) as Record<string, unknown> }))
      .filter(({ doc }) => doc["tenantId"] === tenantId && q.where.every((c) => holds(c, doc[c.field])))
      .map((entry) => ({ ...entry, pos: position(entry.doc) }))
      .filter(({ pos }) => after === undefined || compare(pos, after) > 0)
      .sort((a, b) => compare(a.pos, b.pos));
    const pageRows = matching.slice(0, q.limit);
    const page: Page<T> = { items: pageRows.map(({ row }) => this.read(row)) };
    const last = pageRows[pageRows.length - 1];
    if (matching.length > q.limit && last) page.continuationToken = encodeToken(fingerprint, last.pos);
    return ok(page);
  }

  private toWrite(doc: unknown): Result<{ body: string; tenantId: string; id: string }> {
    const parsed = this.def.schema.safeParse(doc);
    if (!parsed.success) return err(validationError(`${this.def.name} document`, parsed.error));
    const { etag: _ignored, ...body } = parsed.data;
    const key = checkKey(body.tenantId, body.id);
    if (!key.ok) return key;
    return ok({ body: JSON.stringify(body), tenantId: body.tenantId, id: body.id });
  }

  /** A stored body that no longer fits the schema is stale data, not bad input: throw, like the adapters. */
  private read(row: Row): T {
    const raw = JSON.parse(row.body) as Record<string, unknown>;
    const parsed = this.def.schema.safeParse({ ...raw, etag: row.etag });
    if (!parsed.success) {
      const why = validationError(`stored ${this.def.name} document`, parsed.error).message;
      throw new Error(`${why} (tenant ${String(raw["tenantId"])}, id ${String(raw["id"])}): migrate the data or relax the schema`);
    }
    return { ...parsed.data, etag: row.etag };
  }

  private write(k: string, body: string): T {
    const row = { body, etag: newEtag() };
    this.rows.set(k, row);
    return this.read(row);
  }

  private refused(op: WriteOp, key: { tenantId: string; id: string }): Result<never> | undefined {
    const outcome = this.options.beforeWrite?.(op, { tenantId: key.tenantId, id: key.id });
    return outcome && !outcome.ok ? outcome : undefined;
  }

  private notFound(id: string): Result<never> {
    return fail("not_found", `${this.def.name} ${id} not found`, { id });
  }

  private conflict(id: string): Result<never> {
    return err(new DomainError("conflict", `${this.def.name} ${id} was changed by someone else (etag mismatch)`, { id }));
  }
}

/** Shorthand with the document type inferred from the collection definition. */
export function memoryRepository<S extends z.ZodType<StoredDoc>>(
  def: CollectionDef<S>,
  options: MemoryRepositoryOptions = {},
): MemoryRepository<z.output<S>> {
  return new MemoryRepository<z.output<S>>(def as unknown as CollectionDef<z.ZodType<z.output<S>>>, options);
}

/** A Store of MemoryRepositories: one table per collection name, each `collection()` call bound to its def. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly tables = new Map<string, MemoryTable>();

  collection<S extends z.ZodType<StoredDoc>>(def: CollectionDef<S>): Repository<z.output<S>> {
    let table = this.tables.get(def.name);
    if (!table) {
      table = new Map();
      this.tables.set(def.name, table);
    }
    return new MemoryRepository<z.output<S>>(def as unknown as CollectionDef<z.ZodType<z.output<S>>>, {}, table);
  }

  async health(): Promise<StoreHealth> {
    return { ok: true, kind: "memory" };
  }

  async close(): Promise<void> {
    this.tables.clear();
  }
}

const rowKey = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;

/** Missing and null are one "null" key, as in SQL: they sort first ascending, last descending. */
type Key = string | number | boolean | null;
interface Position {
  key: Key;
  id: string;
}

function sortKey(doc: Record<string, unknown>, field: string): Key {
  const v = doc[field];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
}

/** null < booleans < numbers < strings; strings by code unit (as SQLite's BINARY collation). */
function compareKeys(a: Key, b: Key): number {
  const rank = (v: Key): number => (v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a === null || b === null) return 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

function holds(c: Condition, value: unknown): boolean {
  const present = value !== undefined && value !== null;
  if (c.op === "in") return present && c.value.some((v) => v === value);
  if (c.value === null) return c.op === "eq" ? !present : present;
  if (!present) return false;
  const target: Scalar = c.value;
  switch (c.op) {
    case "eq":
      return value === target;
    case "ne":
      return value !== target;
    default: {
      if (typeof value !== typeof target) return false;
      const order = compareKeys(value as Key, target);
      return c.op === "lt" ? order < 0 : c.op === "lte" ? order <= 0 : c.op === "gt" ? order > 0 : order >= 0;
    }
  }
}

