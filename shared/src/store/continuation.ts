import { createHash } from "node:crypto";
import { fail, ok, type Result } from "../errors.js";
import type { CheckedQuery } from "../ports/store.js";

/**
 * Continuation tokens every Store implementation hands out: opaque base64url JSON bound to the query
 * (collection, tenant, conditions, order) by a fingerprint, so a token can never be replayed against
 * another query or tenant and garbage is refused with a `validation` error instead of a crash.
 */

/** Binds a token to the query it came from. */
export function queryFingerprint(collection: string, tenantId: string, q: CheckedQuery): string {
  return createHash("sha256").update(JSON.stringify([collection, tenantId, q.where, q.orderBy])).digest("base64url").slice(0, 16);
}

/** The one answer to a token this query did not issue. */
export const refused = (): Result<never> =>
  fail("validation", "Invalid continuation token: it was not issued for this query", {
    issues: [{ path: "continuationToken", message: "not issued for this query" }],
  });

export function sealToken(fingerprint: string, payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ ...payload, f: fingerprint })).toString("base64url");
}

/** The payload of a token this query issued, or `validation`. */
export function openToken(token: string, fingerprint: string): Result<Record<string, unknown>> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return refused();
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw) || (raw as { f?: unknown }).f !== fingerprint) return refused();
  return ok(raw as Record<string, unknown>);
}

/** Keyset paging position: the sort key and id of the last item handed out. */
export interface KeysetPosition {
  key: string | number | boolean | null;
  id: string;
}

export const encodeKeysetToken = (fingerprint: string, pos: KeysetPosition): string => sealToken(fingerprint, { k: pos.key, i: pos.id });

export function decodeKeysetToken(token: string, fingerprint: string): Result<KeysetPosition> {
  const opened = openToken(token, fingerprint);
  if (!opened.ok) return opened;
  const { k, i } = opened.value;
  const validKey = k === null || typeof k === "string" || typeof k === "boolean" || (typeof k === "number" && Number.isFinite(k));
  return typeof i === "string" && validKey ? ok({ key: k, id: i }) : refused();
}
