import { ok, type Result } from "../../errors.js";
import { decodeKeysetToken, refused } from "../../store/continuation.js";
import type { CheckedQuery, Condition, Scalar } from "../../ports/store.js";

/** What SQLite binds: booleans become 0/1 (json_extract returns true/false as 1/0 too). */
type SqlValue = string | number | null;
const bindable = (v: Scalar): SqlValue => (typeof v === "boolean" ? (v ? 1 : 0) : v);

/** The SQL expression for a field; must match the index expressions in store.ts character for character. */
export const fieldExpr = (field: string): string => (field === "id" ? "id" : `json_extract(doc, '$.${field}')`);

function conditionSql(c: Condition, params: SqlValue[]): string {
  const e = fieldExpr(c.field);
  if (c.op === "in") {
    params.push(...c.value.map(bindable));
    return `${e} IN (${c.value.map(() => "?").join(", ")})`;
  }
  if (c.value === null) return c.op === "eq" ? `${e} IS NULL` : `${e} IS NOT NULL`;
  params.push(bindable(c.value));
  const sqlOp = { eq: "=", ne: "!=", lt: "<", lte: "<=", gt: ">", gte: ">=" }[c.op];
  return `${e} ${sqlOp} ?`;
}

/** Keyset position: the sort key and id of the last item handed out. */
interface Position {
  key: SqlValue;
  id: string;
}

/**
 * "Rows after `pos`" in ORDER BY <expr> <dir>, id <dir>. SQLite sorts NULL first ascending and last
 * descending, so a null key needs its own branch.
 */
function afterSql(q: CheckedQuery, pos: Position, params: SqlValue[]): string {
  const { field, direction } = q.orderBy;
  const cmp = direction === "asc" ? ">" : "<";
  if (field === "id") {
    params.push(pos.id);
    return `id ${cmp} ?`;
  }
  const e = fieldExpr(field);
  if (pos.key === null) {
    params.push(pos.id);
    return direction === "asc" ? `((${e} IS NULL AND id > ?) OR ${e} IS NOT NULL)` : `(${e} IS NULL AND id < ?)`;
  }
  params.push(pos.key, pos.key, pos.id);
  const nullsAfter = direction === "desc" ? ` OR ${e} IS NULL` : "";
  return `(${e} ${cmp} ? OR (${e} = ? AND id ${cmp} ?)${nullsAfter})`;
}

/**
 * The index a query starts from. Without statistics SQLite cannot tell that `ownerId = ?` narrows 10k
 * rows to 200 while `status = ?` keeps 4k, and it likes the ORDER BY index best (scanning the whole
 * tenant to skip a sort). ANALYZE-based statistics (even sampled) proved just as fickle, so the rule
 * is fixed and documented on `Query.where`: the first equality (eq / in) drives; sorting a few hundred
 * matches afterwards is cheap. Queries by id use the primary key; range-only queries are left to SQLite.
 */
export function drivingIndex(table: string, q: CheckedQuery): string | undefined {
  if (q.where.some((c) => c.field === "id" && (c.op === "eq" || c.op === "in"))) return undefined;
  const driver = q.where.find((c) => c.op === "in" || (c.op === "eq" && c.value !== null));
  return driver ? indexName(table, driver.field) : undefined;
}

export const indexName = (table: string, field: string): string => `${table}__${field}`;

export interface PageSql {
  sql: string;
  params: SqlValue[];
}

/** One page: fetches `limit + 1` rows so the adapter knows whether more follow. */
export function pageSql(table: string, tenantId: string, q: CheckedQuery, after: Position | undefined): PageSql {
  const params: SqlValue[] = [tenantId];
  const clauses = ["tenant_id = ?", ...q.where.map((c) => conditionSql(c, params))];
  if (after) clauses.push(afterSql(q, after, params));
  const dir = q.orderBy.direction === "asc" ? "ASC" : "DESC";
  const order = q.orderBy.field === "id" ? `id ${dir}` : `${fieldExpr(q.orderBy.field)} ${dir}, id ${dir}`;
  params.push(q.limit + 1);
  const index = drivingIndex(table, q);
  const from = index ? `"${table}" INDEXED BY "${index}"` : `"${table}"`;
  return {
    sql: `SELECT id, doc, etag, ${fieldExpr(q.orderBy.field)} AS sort_key FROM ${from} WHERE ${clauses.join(" AND ")} ORDER BY ${order} LIMIT ?`,
    params,
  };
}

/** Binds a token to the query it came from, so it cannot be replayed against another query or tenant. */
/** Keyset token → position. SQLite sort keys are never booleans (JSON true/false extract as 1/0). */
export function decodePosition(token: string, fingerprint: string): Result<Position> {
  const pos = decodeKeysetToken(token, fingerprint);
  if (!pos.ok) return pos;
  return typeof pos.value.key === "boolean" ? refused() : ok({ key: pos.value.key, id: pos.value.id });
}
