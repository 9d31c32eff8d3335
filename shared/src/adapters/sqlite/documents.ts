import type { z } from "zod";
import { validationError, type Result, ok, err } from "../../errors.js";
import { checkKey, type CollectionDef, type StoredDoc } from "../../ports/store.js";

export { assertCollectionDef, documentToWrite } from "../../store/documents.js";

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
