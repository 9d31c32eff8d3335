import { createHash } from "node:crypto";

/**
 * Deterministic document ids from external keys (Teams conversation ids, digest run keys).
 * Cosmos forbids / \ ? # in ids, so those are escaped as ~XX (and ~ itself, so the mapping stays
 * injective; ~ is URL-safe, unlike %). Ids longer than 200 characters (idSchema's limit) become
 * prefix + "~h" + sha256 — "~h" cannot occur in an escaped key, so hashed and plain ids never collide.
 */
export function docIdFromKey(prefix: string, key: string): string {
  const escaped = key.replace(/[/\\?#~]/g, (c) => `~${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const id = `${prefix}${escaped}`;
  if (id.length <= 200 && id.trim() === id) return id;
  return `${prefix}~h${createHash("sha256").update(key).digest("hex")}`;
}
