import type { z } from "zod";
import { fail, ok, type Result } from "../errors.js";

/**
 * Every stored record. `etag` is store-managed: adapters set it on every write and compare it on
 * `replace`/`delete` with `ifMatch`. Services set the timestamps (from the injected clock).
 */
export interface StoredDoc {
  id: string;
  tenantId: string;
  createdAt: string;
  updatedAt: string;
  etag?: string | undefined;
}

/**
 * A collection = one aggregate = one Cosmos container (partition key /tenantId) = one SQLite table.
 * `indexes` lists the top-level fields queries may filter and sort on (SQLite builds expression indexes
 * for them; Cosmos indexes every path by default). Queries on other fields are refused, so that hot
 * paths never become scans by accident.
 */
export interface CollectionDef<S extends z.ZodType<StoredDoc>> {
  name: string;
  schema: S;
  indexes: readonly string[];
}

export const defineCollection = <S extends z.ZodType<StoredDoc>>(def: CollectionDef<S>): CollectionDef<S> => def;

export type Scalar = string | number | boolean | null;

export type Condition =
  | { field: string; op: "eq" | "ne" | "lt" | "lte" | "gt" | "gte"; value: Scalar }
  | { field: string; op: "in"; value: readonly Scalar[] };

export interface Query {
  /**
   * All conditions must hold (AND). Fields must be listed in the collection's `indexes` (or be `id`).
   * Put the most selective equality (eq / in) first: the SQLite store drives the query from it.
   */
  where?: readonly Condition[];
  /**
   * One sort field (must be indexed); ties are broken by id in the same direction. Default: id
   * ascending. Sort on fields every document has: stores disagree on where documents lacking the field
   * go (SQLite: among the nulls, first when ascending; Cosmos: before the nulls).
   */
  orderBy?: { field: string; direction?: "asc" | "desc" };
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** Opaque token from a previous page. */
  continuationToken?: string;
}

export interface Page<T> {
  items: T[];
  /**
   * Present when more items may follow. Cosmos DB can hand out a token whose next page turns out
   * empty (it only knows after reading), so callers loop until the token is absent.
   */
  continuationToken?: string | undefined;
}

/** Documents as handed to `create`/`upsert` (no etag yet). */
export type NewDoc<T extends StoredDoc> = Omit<T, "etag"> & { etag?: undefined };

export interface Repository<T extends StoredDoc> {
  /** Point read. `not_found` when absent (or in another tenant). */
  get(tenantId: string, id: string): Promise<Result<T>>;
  /** Insert; `duplicate` when the id exists in the tenant. */
  create(doc: NewDoc<T>): Promise<Result<T>>;
  /** Optimistic replace: `conflict` when the stored etag differs from `ifMatch`, `not_found` when gone. */
  replace(doc: T, options: { ifMatch: string }): Promise<Result<T>>;
  /** Unconditional write (last writer wins) — only for caches such as conversation references. */
  upsert(doc: NewDoc<T> | T): Promise<Result<T>>;
  /** Delete; with `ifMatch` it is conditional. `not_found` when absent. */
  delete(tenantId: string, id: string, options?: { ifMatch?: string }): Promise<Result<void>>;
  /** Single-partition query within one tenant. */
  query(tenantId: string, query?: Query): Promise<Result<Page<T>>>;
}

export interface StoreHealth {
  ok: boolean;
  kind: "sqlite" | "cosmos" | "memory";
  detail?: string;
}

export interface Store {
  readonly kind: StoreHealth["kind"];
  collection<S extends z.ZodType<StoredDoc>>(def: CollectionDef<S>): Repository<z.output<S>>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// The rules above, made executable. Every adapter runs its input through these two checks, so all of
// them refuse the same keys and queries with the same `validation` errors instead of each inventing
// its own (the contract suite in tests/contract holds them to it).

/** Top-level field names adapters can splice into SQL / Cosmos paths without quoting problems. */
export const indexableField = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Limits that hold on Cosmos DB (ids travel in URLs) and therefore everywhere. */
export const keyLimits = { maxLength: 255, forbidden: /[/\\?#]/ } as const;

/** `validation` error for an id or tenant id no store can hold. */
export function checkKey(tenantId: unknown, id: unknown): Result<void> {
  for (const [what, value] of [["tenantId", tenantId], ["id", id]] as const) {
    if (typeof value !== "string" || value.trim() === "" || value.length > keyLimits.maxLength || keyLimits.forbidden.test(value)) {
      return fail("validation", `Invalid ${what}: must be 1..${keyLimits.maxLength} characters without / \\ ? #`, {
        issues: [{ path: what, message: "must be 1..255 characters without / \\ ? #" }],
      });
    }
  }
  return ok(undefined);
}

/** A query after `checkQuery`: defaults applied, every field known to be `id` or indexed. */
export interface CheckedQuery {
  where: Condition[];
  orderBy: { field: string; direction: "asc" | "desc" };
  limit: number;
  continuationToken: string | undefined;
  /** An `in` with no values: the answer is an empty page, whatever the store. */
  matchesNothing: boolean;
}

export const queryLimits = { defaultLimit: 100, maxLimit: 1000, maxInValues: 256, maxTokenLength: 16_384 } as const;

const comparisonOps = new Set(["eq", "ne", "lt", "lte", "gt", "gte", "in"]);
const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/**
 * Checks a `Query` against a collection's `indexes` (`id` is always allowed). `null` is only valid
 * with `eq` (field missing or null) and `ne` (field present and not null).
 */
export function checkQuery(indexes: readonly string[], query: Query | undefined): Result<CheckedQuery> {
  const bad = (path: string, message: string): Result<CheckedQuery> =>
    fail("validation", `Invalid query: ${path}: ${message}`, { issues: [{ path, message }] });
  const q: Query = query ?? {};
  if (typeof q !== "object") return bad("query", "must be an object");
  const allowed = (field: unknown): field is string => field === "id" || (typeof field === "string" && indexes.includes(field));
  const where: Condition[] = [];
  let matchesNothing = false;
  const conditions: unknown = q.where ?? [];
  if (!Array.isArray(conditions)) return bad("where", "must be a list of conditions");
  for (const [i, c] of (conditions as unknown[]).entries()) {
    const cond = (c ?? {}) as { field?: unknown; op?: unknown; value?: unknown };
    const path = `where.${i}`;
    if (!allowed(cond.field)) return bad(`${path}.field`, `"${String(cond.field)}" is not an indexed field (${["id", ...indexes].join(", ")})`);
    if (typeof cond.op !== "string" || !comparisonOps.has(cond.op)) return bad(`${path}.op`, `unknown operator "${String(cond.op)}"`);
    if (cond.op === "in") {
      if (!Array.isArray(cond.value) || !cond.value.every((v) => isScalar(v) && v !== null)) {
        return bad(`${path}.value`, "in needs a list of non-null strings, numbers or booleans");
      }
      if (cond.value.length > queryLimits.maxInValues) return bad(`${path}.value`, `at most ${queryLimits.maxInValues} values`);
      if (cond.value.length === 0) matchesNothing = true;
      where.push({ field: cond.field, op: "in", value: [...(cond.value as Scalar[])] });
      continue;
    }
    if (!isScalar(cond.value)) return bad(`${path}.value`, "must be a string, finite number, boolean or null");
    if (cond.value === null && cond.op !== "eq" && cond.op !== "ne") return bad(`${path}.value`, `${cond.op} cannot compare with null`);
    where.push({ field: cond.field, op: cond.op as Exclude<Condition["op"], "in">, value: cond.value });
  }
  const orderField: unknown = q.orderBy?.field ?? "id";
  if (!allowed(orderField)) return bad("orderBy.field", `"${String(orderField)}" is not an indexed field`);
  const direction: unknown = q.orderBy?.direction ?? "asc";
  if (direction !== "asc" && direction !== "desc") return bad("orderBy.direction", "must be asc or desc");
  const limit: unknown = q.limit ?? queryLimits.defaultLimit;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > queryLimits.maxLimit) {
    return bad("limit", `must be an integer 1..${queryLimits.maxLimit}`);
  }
  const token: unknown = q.continuationToken;
  if (token !== undefined && (typeof token !== "string" || token === "" || token.length > queryLimits.maxTokenLength)) {
    return bad("continuationToken", "is not a token this store issued");
  }
  return ok({ where, orderBy: { field: orderField, direction }, limit, continuationToken: token, matchesNothing });
}
