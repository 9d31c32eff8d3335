import type { SqlParameter, SqlQuerySpec } from "@azure/cosmos";
import { openToken, refused, sealToken } from "../../store/continuation.js";
import { ok, type Result } from "../../errors.js";
import type { CheckedQuery, Condition } from "../../ports/store.js";

/** Bracket notation: an indexed field called `value` or `order` must not collide with a keyword. */
const path = (field: string): string => (field === "id" ? "c.id" : `c["${field}"]`);

/** Present and not null: Cosmos compares across types to `undefined`; spelling it out keeps the emulator in line. */
const hasValue = (p: string): string => `IS_DEFINED(${p}) AND NOT IS_NULL(${p})`;

function conditionSql(c: Condition, params: SqlParameter[]): string {
  const p = path(c.field);
  const param = (value: SqlParameter["value"]): string => {
    const name = `@p${params.length}`;
    params.push({ name, value });
    return name;
  };
  if (c.op === "in") return `${p} IN (${c.value.map((v) => param(v)).join(", ")})`;
  // Same meaning as SQLite's IS NULL / IS NOT NULL: "missing or null" and "present and not null".
  if (c.value === null) return c.op === "eq" ? `(NOT IS_DEFINED(${p}) OR IS_NULL(${p}))` : `(${hasValue(p)})`;
  const sqlOp = { eq: "=", ne: "!=", lt: "<", lte: "<=", gt: ">", gte: ">=" }[c.op];
  const compare = `${p} ${sqlOp} ${param(c.value)}`;
  return c.op === "eq" ? compare : `(${hasValue(p)} AND ${compare})`;
}

/**
 * Single-partition query. Ties are broken by id in the same direction, which needs a composite index
 * (field, id) per direction on real Cosmos — containers.ts declares them for every indexed field.
 */
export function querySpec(tenantId: string, q: CheckedQuery): SqlQuerySpec {
  const parameters: SqlParameter[] = [{ name: "@tenantId", value: tenantId }];
  const clauses = ["c.tenantId = @tenantId", ...q.where.map((c) => conditionSql(c, parameters))];
  const dir = q.orderBy.direction === "asc" ? "ASC" : "DESC";
  const order = q.orderBy.field === "id" ? `c.id ${dir}` : `${path(q.orderBy.field)} ${dir}, c.id ${dir}`;
  return { query: `SELECT * FROM c WHERE ${clauses.join(" AND ")} ORDER BY ${order}`, parameters };
}

/** Our token wraps the SDK's: opaque to callers, checkable by us (the SDK accepts garbage silently). */
export const encodeToken = (fingerprint: string, sdkToken: string): string => sealToken(fingerprint, { c: sdkToken });

export function decodeToken(token: string, fingerprint: string): Result<string> {
  const opened = openToken(token, fingerprint);
  if (!opened.ok) return opened;
  const inner = opened.value["c"];
  return typeof inner === "string" && inner !== "" ? ok(inner) : refused();
}
