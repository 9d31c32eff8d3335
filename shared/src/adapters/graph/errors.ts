/** Graph failures → coded DomainErrors: 404 → not_found; other answers → upstream (status + Graph's code). */
import { DomainError } from "../../errors.js";
import { graphErrorBodySchema } from "./schemas.js";

interface ClientErrorLike {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  body?: unknown;
  name?: unknown;
}

/** From an answer Graph gave (top-level or a $batch item). */
export function errorFromAnswer(status: number, body: unknown, what: string): DomainError {
  const parsed = graphErrorBodySchema.safeParse(body);
  const graphCode = parsed.success ? parsed.data.error.code : undefined;
  const graphMessage = parsed.success ? (parsed.data.error.message ?? "") : "";
  const message = `${what}: Graph answered ${status}${graphCode ? ` ${graphCode}` : ""}${graphMessage ? ` — ${graphMessage}` : ""}`;
  return new DomainError(status === 404 ? "not_found" : "upstream", message, { status, ...(graphCode ? { graphCode } : {}) });
}

/** From whatever the Graph client threw (GraphError, token failure, network failure). */
export function errorFromThrown(thrown: unknown, what: string): DomainError {
  const e = (thrown ?? {}) as ClientErrorLike;
  const status = typeof e.statusCode === "number" ? e.statusCode : -1;
  const code = typeof e.code === "string" && e.code !== "" ? e.code : undefined;
  const message = typeof e.message === "string" && e.message !== "" ? e.message : typeof e.body === "string" ? e.body : String(thrown);
  if (status >= 400) {
    return new DomainError(status === 404 ? "not_found" : "upstream", `${what}: Graph answered ${status}${code ? ` ${code}` : ""} — ${message}`, {
      status,
      ...(code ? { graphCode: code } : {}),
    });
  }
  // No HTTP answer: the token could not be obtained, or the network / timeout failed.
  const detail = typeof e.body === "string" && e.body !== "" ? e.body : message;
  const oauthCode = /\b(invalid_client|unauthorized_client|invalid_request|invalid_scope|invalid_grant|unsupported_grant_type)\b/.exec(detail)?.[1];
  if (oauthCode || /Authentication|CredentialUnavailable/.test(code ?? "") || /AADSTS\d+/.test(detail)) {
    return new DomainError("upstream", `${what}: could not get a Graph token — ${detail}`, { status: 401, graphCode: oauthCode ?? code ?? "AuthenticationError" });
  }
  // Network failure or timeout (fetch's TypeError / AbortSignal's TimeoutError): no Graph code to report.
  return new DomainError("unavailable", `${what}: Graph unreachable — ${detail}`);
}
