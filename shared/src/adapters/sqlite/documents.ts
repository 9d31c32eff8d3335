import type { z } from "zod";
import { validationError, type Result, ok, err } from "../../errors.js";
import { checkKey, type CollectionDef, type StoredDoc } from "../../ports/store.js";

/** Collection (= table) names: also valid Cosmos container ids, so a collection moves between stores. */
const collectionName = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Programming errors in a collection definition surface at first use, loudly. */
export function assertCollectionDef(def: CollectionDef<z.ZodType<StoredDoc>>, indexableField: RegExp): void {
  if (!collectionName.test(def.name)) throw new Error(`Collection name "${def.name}" must match ${collectionName}`);
  for (const field of def.indexes) {
    if (!indexableField.test(field)) throw new Error(`Collection ${def.name}: index "${field}" must be a top-level field name`);
  }
}

/** Validates a document on its way in; the stored body never carries an etag (the column does). */
export function documentToWrite<T extends StoredDoc>(
  def: CollectionDef<z.ZodType<T>>,
  doc: unknown,
): Result<{ body: Omit<T, "etag">; tenantId: string; id: string }> {
  const parsed = def.schema.safeParse(doc);
  if (!parsed.success) return err(validationError(`${def.name} document`, parsed.error));
  const { etag: _ignored, ...body } = parsed.data;
  const key = checkKey(body.tenantId, body.id);
  if (!key.ok) return key;
  return ok({ body, tenantId: body.tenantId, id: body.id });
}

/**
 * Parses a stored document with the collection schema. A row that no longer fits the schema is not
 * bad *input* but stale data or a schema change without migration: a bug, so it throws.
 */
export function documentRead<T extends StoredDoc>(def: CollectionDef<z.ZodType<T>>, json: string, etag: string): T {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const parsed = def.schema.safeParse({ ...raw, etag });
  if (!parsed.success) {
    const why = validationError(`stored ${def.name} document`, parsed.error).message;
    throw new Error(`${why} (tenant ${String(raw["tenantId"])}, id ${String(raw["id"])}): migrate the data or relax the schema`);
  }
  // Schemas that do not declare `etag` would strip it; mutate() needs it back.
  return { ...parsed.data, etag };
}
