/**
 * problem+json answers of the add-in API. Expected failures arrive as coded DomainErrors (or auth
 * failures) and map to one status each, so a pane can branch on `status` and `code`.
 */
import type { Response } from "express";
import type { DomainError, ErrorCode } from "@opsco/shared";
import { sendProblem } from "../host/http.js";
import type { AuthFailure } from "./auth.js";

const statusByCode: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  duplicate: 409,
  conflict: 409,
  rate_limited: 429,
  upstream: 503,
  unavailable: 503,
};

const titleByCode: Record<ErrorCode, string> = {
  validation: "Invalid request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  duplicate: "Already exists",
  conflict: "Conflict",
  rate_limited: "Too many requests",
  upstream: "A service opsco depends on failed",
  unavailable: "Temporarily unavailable",
};

export const statusOf = (code: ErrorCode): number => statusByCode[code];

/**
 * Seconds to wait, when the error knows (`details.retryAfterSeconds` or `details.retryAfterMs`, as set
 * by adapters that saw a Retry-After).
 */
export function retryAfterSecondsOf(error: DomainError): number | undefined {
  const seconds = error.details?.["retryAfterSeconds"];
  if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const ms = error.details?.["retryAfterMs"];
  if (typeof ms === "number" && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  return undefined;
}

export function sendDomainError(res: Response, error: DomainError): void {
  const status = statusByCode[error.code];
  const retryAfter = retryAfterSecondsOf(error);
  if (retryAfter !== undefined && (status === 429 || status === 503)) res.set("Retry-After", String(retryAfter));
  sendProblem(res, status, titleByCode[error.code], error.message, {
    code: error.code,
    ...(error.code === "validation" ? { issues: error.issues } : {}),
  });
}

/** Header values must not carry quotes or backslashes (RFC 6750 error_description charset). */
const quoted = (text: string): string => `"${text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "?")}"`;

/** 401/403 with the RFC 6750 challenge, 503 with Retry-After. */
export function sendAuthFailure(res: Response, failure: AuthFailure, scope: string): void {
  const challenge = ['Bearer realm="opsco"'];
  // A request without credentials gets no error code (RFC 6750 §3.1); everything else says what was wrong.
  if (failure.code === "invalid_token") challenge.push('error="invalid_token"', `error_description=${quoted(failure.detail)}`);
  if (failure.code === "insufficient_scope") challenge.push('error="insufficient_scope"', `scope=${quoted(scope)}`);
  if (failure.status === 401 || failure.code === "insufficient_scope") res.set("WWW-Authenticate", challenge.join(", "));
  if (failure.status === 503) res.set("Retry-After", String(failure.retryAfterSeconds));
  const title = failure.status === 401 ? "Unauthorized" : failure.status === 403 ? "Forbidden" : "Temporarily unavailable";
  sendProblem(res, failure.status, title, failure.detail, { code: failure.code });
}
