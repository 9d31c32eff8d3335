/**
 * One API endpoint = method + path + zod schemas for params, query and body + a handler that returns a
 * Result. Every input is parsed before the handler runs (a route without a query schema accepts no query
 * parameters, one without a body schema no body), so handlers only ever see typed, validated values.
 */
import { z } from "zod";
import { DomainError, issuesFromZod, type Result, type ValidationIssue } from "@opsco/shared";
import type { ApiCaller } from "./auth.js";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ApiResponse {
  /** Default 200. */
  status?: number;
  /** Sent as JSON; absent → empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteInput<P, Q, B> {
  /** From the validated token — the only source of the tenant. */
  caller: ApiCaller;
  params: P;
  query: Q;
  body: B;
}

export interface RawRequest {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** A route with its types erased, as the router mounts it. */
export interface ApiRoute {
  method: HttpMethod;
  /** Below /api/v1, express syntax (e.g. /meetings/:id). */
  path: string;
  /** Whether a JSON body is expected (other content types get 415). */
  takesBody: boolean;
  run(caller: ApiCaller, raw: RawRequest): Promise<Result<ApiResponse>>;
}

const noParams = z.strictObject({});
const noQuery = z.strictObject({});
const noBody = z.undefined({ error: "this endpoint takes no request body" });

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  path: string;
  params?: P;
  query?: Q;
  body?: B;
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<Result<ApiResponse>>;
}

export function defineRoute<P extends z.ZodType = typeof noParams, Q extends z.ZodType = typeof noQuery, B extends z.ZodType = typeof noBody>(
  spec: RouteSpec<P, Q, B>,
): ApiRoute {
  const schemas = { params: spec.params ?? noParams, query: spec.query ?? noQuery, body: spec.body ?? noBody } as const;
  return {
    method: spec.method,
    path: spec.path,
    takesBody: spec.body !== undefined,
    async run(caller, raw) {
      const issues: ValidationIssue[] = [];
      const parsed: Record<keyof typeof schemas, unknown> = { params: undefined, query: undefined, body: undefined };
      for (const part of ["params", "query", "body"] as const) {
        const result = schemas[part].safeParse(raw[part]);
        if (result.success) parsed[part] = result.data;
        else issues.push(...issuesFromZod(result.error).map((i) => ({ ...i, path: i.path ? `${part}.${i.path}` : part })));
      }
      if (issues.length > 0) {
        const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ");
        return { ok: false, error: new DomainError("validation", `Invalid request: ${summary}`, { issues }) };
      }
      return spec.handle({ caller, params: parsed.params, query: parsed.query, body: parsed.body } as RouteInput<z.output<P>, z.output<Q>, z.output<B>>);
    },
  };
}

/** Query values arrive as strings; a repeated parameter arrives as an array and is refused by these. */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
