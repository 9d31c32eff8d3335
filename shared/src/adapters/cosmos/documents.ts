import type { z } from "zod";
import { err, ok, validationError, type Result } from "../../errors.js";
import { checkKey, type CollectionDef, type StoredDoc } from "../../ports/store.js";

export { assertCollectionDef, documentToWrite } from "../../store/documents.js";

/** Cosmos system properties: never part of the domain document. */
const systemProperties = ["_rid", "_self", "_ts", "_attachments", "_etag", "_lsn"] as const;

/**
 * Maps a Cosmos item back to the domain: `_etag` becomes `etag`, system properties go, and the
 * collection schema parses the rest. An item that no longer fits the schema is stale data or a schema
 * change without migration — a bug, so it throws rather than posing as bad input.
 */
export function documentRead<T extends StoredDoc>(def: CollectionDef<z.ZodType<T>>, item: Record<string, unknown>): T {
  const etag = item["_etag"];
  if (typeof etag !== "string") throw new Error(`Cosmos returned ${def.name} ${String(item["id"])} without _etag`);
  const raw: Record<string, unknown> = { ...item };
  for (const p of systemProperties) delete raw[p];
  const parsed = def.schema.safeParse({ ...raw, etag });
  if (!parsed.success) {
    const why = validationError(`stored ${def.name} document`, parsed.error).message;
    throw new Error(`${why} (tenant ${String(raw["tenantId"])}, id ${String(raw["id"])}): migrate the data or relax the schema`);
  }
  // Schemas that do not declare `etag` would strip it; mutate() needs it back.
  return { ...parsed.data, etag };
}
