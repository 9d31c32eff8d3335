import type { z } from "zod";

/**
 * Expected failures are values, not exceptions. Every code below is something a caller is expected to
 * handle (show the user a message, answer 400/404/409, retry on conflict). Anything else throws.
 */
export const errorCodes = [
  "validation", // input failed a schema or a business rule
  "not_found",
  "duplicate", // create of an id that exists
  "conflict", // etag mismatch on replace/delete
  "forbidden",
  "unauthorized",
  "rate_limited",
  "upstream", // Graph / Connector / Cosmos answered with an error after retries
  "unavailable",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ValidationIssue {
  path: string;
  message: string;
  code?: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }

  /** Issues of a `validation` error, if any (for cards / problem+json bodies). */
  get issues(): ValidationIssue[] {
    const issues = this.details?.["issues"];
    return Array.isArray(issues) ? (issues as ValidationIssue[]) : [];
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Ok<T> = { ok: true; value: T };
export type Err<E = DomainError> = { ok: false; error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E = DomainError>(error: E): Err<E> => ({ ok: false, error });
export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Err<DomainError> =>
  err(new DomainError(code, message, details));

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Turns zod issues into stable, user-presentable validation issues. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
  }));
}

export function validationError(what: string, error: z.ZodError): DomainError {
  const issues = issuesFromZod(error);
  const summary = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join("; ");
  return new DomainError("validation", `Invalid ${what}: ${summary}`, { issues });
}

/** Parse untrusted input with a schema; never throws, never returns a partial value. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(validationError(what, parsed.error));
}

/** For call sites that have already handled every expected failure: unwrap or throw (a bug). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw result.error;
}

/** Sequential combination: first error wins. */
export async function andThen<A, B>(result: Result<A>, next: (value: A) => Promise<Result<B>> | Result<B>): Promise<Result<B>> {
  return result.ok ? next(result.value) : result;
}
