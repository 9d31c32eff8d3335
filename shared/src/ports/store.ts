import type { z } from "zod";
import type { Result } from "../errors.js";

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
  /** All conditions must hold (AND). Fields must be listed in the collection's `indexes`. */
  where?: readonly Condition[];
  /** One sort field (must be indexed); ties are broken by id. Default: id ascending. */
  orderBy?: { field: string; direction?: "asc" | "desc" };
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** Opaque token from a previous page. */
  continuationToken?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
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
