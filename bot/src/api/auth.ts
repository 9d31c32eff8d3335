/**
 * Bearer-token validation for the add-in API. The Outlook and Excel panes sign in with MSAL nested app
 * authentication and send Entra ID v2.0 access tokens for opsco's API. A token is accepted only when:
 *   - it is RS256-signed by a key of the configured key set (never unsigned, never HMAC);
 *   - `aud` is one of the configured audiences (app id URI or client id);
 *   - `iss` is exactly `{authority}/{tid}/v2.0` for the token's own `tid` (multi-tenant issuer check),
 *     and `tid` is on the allow-list when there is one;
 *   - it is not expired / not yet valid (5 minutes of clock skew allowed);
 *   - `scp` contains the required delegated scope (app-only tokens have none → 403).
 * The caller's tenant comes from `tid` and nothing else — never from a body, query or header.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Clock, Result } from "@opsco/shared";

/** Who is calling, as the token says. */
export interface ApiCaller {
  /** `tid`: the caller's Entra tenant — the partition every read and write is scoped to. */
  tenantId: string;
  /** `oid`: the caller's object id in that tenant. */
  userId: string;
  name?: string;
  /** `preferred_username` (or `upn` on v1-style claims): for display only, not a verified mailbox. */
  upn?: string;
  /** Delegated scopes from `scp`. */
  scopes: string[];
}

export type AuthFailure =
  | { status: 401; code: "missing_token" | "invalid_token"; detail: string }
  | { status: 403; code: "insufficient_scope" | "tenant_not_allowed"; detail: string }
  | { status: 503; code: "keys_unavailable"; detail: string; retryAfterSeconds: number };

export interface TokenValidatorOptions {
  audiences: readonly string[];
  scope: string;
  /** Issuer host: `iss` must be `{authorityHost}/{tid}/v2.0`. */
  authorityHost: string;
  jwksUrl: string;
  /** Empty: any tenant. */
  allowedTenants: readonly string[];
  clock: Clock;
  /** Key resolver instead of fetching `jwksUrl` (unit tests). */
  keys?: JWTVerifyGetKey;
}

export interface TokenValidator {
  /** Validates an `Authorization` header value. Never throws. */
  validate(authorization: string | undefined): Promise<Result<ApiCaller, AuthFailure>>;
}

/** Entra ID's clock-skew allowance. */
export const CLOCK_TOLERANCE_SECONDS = 300;
/** Personal Microsoft accounts all share this tid: one "tenant" of strangers, so never a partition. */
export const CONSUMER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
/** Real access tokens are a few KB; anything this large is not worth parsing. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const KEYS_RETRY_AFTER_SECONDS = 10;

const claimsSchema = z.looseObject({
  iss: z.string(),
  tid: z.guid("tid must be a tenant id").transform((s) => s.toLowerCase()),
  oid: z.guid("oid must be a user object id").transform((s) => s.toLowerCase()),
  scp: z.string().max(4096).optional(),
  name: z.string().max(256).optional(),
  preferred_username: z.string().max(320).optional(),
  upn: z.string().max(320).optional(),
});

/** The key set could not be fetched or read: our problem (or Entra's), not the caller's → 503. */
class KeySetUnavailable extends Error {
  constructor(cause: unknown) {
    super(`signing keys unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "KeySetUnavailable";
  }
}

/** Only "no key with that kid" is the token's fault; anything else while getting keys is an outage. */
function outageAware(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable(error);
    }
  };
}

const invalid = (detail: string): { ok: false; error: AuthFailure } => ({ ok: false, error: { status: 401, code: "invalid_token", detail } });

/** Why jose refused a token, in words safe to return to the caller. */
function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "token expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "token is not for this API (aud)";
    if (error.claim === "nbf") return "token not valid yet (nbf)";
    return `token claim ${error.claim} is invalid: ${error.reason}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "token algorithm not allowed (RS256 only)";
  if (error instanceof errors.JWKSNoMatchingKey) return "token signed by an unknown key";
  if (error instanceof errors.JWKSMultipleMatchingKeys) return "token key is ambiguous";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token signature does not verify";
  return "token is malformed";
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const keys = outageAware(options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl)));
  const authority = options.authorityHost.replace(/\/+$/, "");
  const allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));

  return {
    async validate(authorization) {
      if (!authorization || authorization.trim() === "") {
        return { ok: false, error: { status: 401, code: "missing_token", detail: "send Authorization: Bearer <access token>" } };
      }
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      const token = match?.[1];
      if (!token) return invalid("expected Authorization: Bearer <access token>");
      if (token.length > MAX_TOKEN_LENGTH) return invalid("token is too large");

      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ["RS256"],
          audience: [...options.audiences],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: options.clock.now(),
          requiredClaims: ["exp", "iss", "tid", "oid"],
        }));
      } catch (error) {
        if (error instanceof KeySetUnavailable) {
          return { ok: false, error: { status: 503, code: "keys_unavailable", detail: "cannot check tokens right now", retryAfterSeconds: KEYS_RETRY_AFTER_SECONDS } };
        }
        return invalid(describeJoseError(error));
      }

      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return invalid(claims.error.issues.map((i) => i.message).join("; "));
      const { iss, tid, oid, scp, name, preferred_username, upn } = claims.data;
      // Multi-tenant: the issuer is the authority's v2.0 endpoint of the very tenant the token is about.
      if (iss !== `${authority}/${tid}/v2.0`) return invalid("token issuer does not match its tenant (iss/tid)");
      if (tid === CONSUMER_TENANT) {
        return { ok: false, error: { status: 403, code: "tenant_not_allowed", detail: "personal Microsoft accounts cannot use opsco; sign in with a work account" } };
      }
      if (allowed.size > 0 && !allowed.has(tid)) {
        return { ok: false, error: { status: 403, code: "tenant_not_allowed", detail: "your organization is not enabled for this opsco instance" } };
      }
      const scopes = (scp ?? "").split(" ").filter((s) => s !== "");
      if (!scopes.includes(options.scope)) {
        return { ok: false, error: { status: 403, code: "insufficient_scope", detail: `token lacks the ${options.scope} scope` } };
      }
      const display = preferred_username ?? upn;
      return { ok: true, value: { tenantId: tid, userId: oid, ...(name ? { name } : {}), ...(display ? { upn: display } : {}), scopes } };
    },
  };
}
