import type { z } from "zod";
import { err, ok, validationError, type Result } from "../errors.js";
import { checkKey, type CollectionDef, type StoredDoc } from "../ports/store.js";

/** Collection names valid as both Cosmos container ids and SQLite table names, so a collection moves between stores. */
const collectionName = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Programming errors in a collection definition surface at first use, loudly. */
export function assertCollectionDef(def: CollectionDef<z.ZodType<StoredDoc>>, indexableField: RegExp): void {
  if (!collectionName.test(def.name)) throw new Error(`Collection name "${def.name}" must match ${collectionName}`);
  for (const field of def.indexes) {
    if (!indexableField.test(field)) throw new Error(`Collection ${def.name}: index "${field}" must be a top-level field name`);
  }
}

/** Validates a document on its way into any store; the stored body never carries `etag` (the store keeps it). */
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
