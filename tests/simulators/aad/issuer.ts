/**
 * A local stand-in for Microsoft Entra ID as seen by an API that accepts add-in tokens (MSAL nested app
 * authentication): it signs v2.0 access tokens (RS256) and serves the documents a resource server reads —
 * per-tenant OpenID configuration and the signing keys — with Entra's paths and shapes:
 *
 *   GET /{tenant}/v2.0/.well-known/openid-configuration   (tenant = a tid, "common" or "organizations")
 *   GET /{tenant}/discovery/v2.0/keys                      (also /common/discovery/v2.0/keys)
 *
 * Tokens carry `iss = {url}/{tid}/v2.0`, `aud`, `tid`, `oid`, `scp`, `ver: "2.0"` like Entra's. The
 * `sign…` variants produce the broken tokens an API must refuse (expired, wrong audience, issuer of another
 * tenant, no scope, unknown or forged key, unsigned, HS256 "alg confusion").
 *
 * Point the bot at it with `issuer.env("entra")` (OPSCO_API_AUDIENCE + OPSCO_API_AUTHORITY_HOST) or
 * `issuer.env("dev")` (OPSCO_DEV=1 without an audience: tokens for DEV_API_AUDIENCE from this issuer only).
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { DEV_API_AUDIENCE, defaultApiScope } from "@opsco/shared";
import { SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { closeServer, listen, sendJson } from "../connector/http.js";

export interface AccessTokenRequest {
  /** Tenant of the signed-in user (becomes `tid` and the tenant in `iss`). */
  tid: string;
  /** The user's object id (the API's user id). */
  oid: string;
  /** Default: the issuer's audience. */
  aud?: string;
  /** Space-separated delegated scopes; default the issuer's scope. `null` leaves `scp` out (app-only style). */
  scp?: string | null;
  name?: string;
  preferred_username?: string;
  /** Client id of the app that asked for the token (the add-in's SPA registration). */
  azp?: string;
  /** Seconds from now until `exp`; negative for an expired token. Default 3600. */
  expiresIn?: number;
  /** Seconds from now until `nbf`. Default 0. */
  notBefore?: number;
  /** Tenant put into `iss` instead of `tid` (a token whose issuer and tenant disagree). */
  issuerTenant?: string;
  /** Whole `iss` override (another authority altogether). */
  issuer?: string;
  /** More claims; they override the defaults. */
  claims?: Record<string, unknown>;
}

export interface AadIssuerOptions {
  port?: number;
  host?: string;
  /** Milliseconds since the epoch; drives iat/nbf/exp (tests pass the bot's pinned clock). Default Date.now. */
  now?: () => number;
  /** Default `aud` of signed tokens. Default DEV_API_AUDIENCE. */
  audience?: string;
  /** Default `scp`. Default access_as_user. */
  scope?: string;
}

export interface AadIssuer {
  /** Authority host, e.g. http://127.0.0.1:PORT (OPSCO_API_AUTHORITY_HOST). */
  readonly url: string;
  /** {url}/common/discovery/v2.0/keys (what the API fetches by default). */
  readonly jwksUrl: string;
  readonly audience: string;
  readonly scope: string;
  /** kid of the published signing key. */
  readonly keyId: string;
  /** Times the key set was served (an API should cache it). */
  readonly keyRequests: number;
  /** Entra's v2.0 issuer for a tenant: {url}/{tid}/v2.0. */
  issuerFor(tid: string): string;
  /** A valid access token. */
  sign(request: AccessTokenRequest): Promise<string>;
  /** exp one hour ago (well beyond the 5-minute clock tolerance). */
  signExpired(request: AccessTokenRequest): Promise<string>;
  signWrongAudience(request: AccessTokenRequest): Promise<string>;
  /** iss names another tenant than tid (e.g. a token minted by tenant A claiming to be about tenant B). */
  signIssuerTenantMismatch(request: AccessTokenRequest): Promise<string>;
  /** No `scp` at all, or (`scopes`) only other scopes. */
  signWithoutScope(request: AccessTokenRequest, scopes?: string): Promise<string>;
  /**
   * Signed by a key that is not published. By default the header names an unpublished kid (the API
   * cannot find the key); `{ forgeKid: true }` names the published kid (the signature does not verify).
   */
  signWithUnknownKey(request: AccessTokenRequest, options?: { forgeKid?: boolean }): Promise<string>;
  /** alg "none", no signature. */
  unsigned(request: AccessTokenRequest): string;
  /** HS256 with the published public key as the HMAC secret (the classic algorithm-confusion forgery). */
  signHs256WithPublicKey(request: AccessTokenRequest): Promise<string>;
  /**
   * Environment that makes the bot trust this issuer. "entra": OPSCO_API_AUDIENCE = this issuer's
   * audience + OPSCO_API_AUTHORITY_HOST. "dev": OPSCO_DEV=1 and only OPSCO_API_AUTHORITY_HOST (the bot
   * then expects DEV_API_AUDIENCE, this issuer's default).
   */
  env(mode: "entra" | "dev"): Record<string, string>;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

/** Entra's kids are base64url SHA-1 thumbprints of the certificate; a thumbprint of the key looks alike. */
async function newSigningKey(prefix: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = `${prefix}${createHash("sha1").update(String(jwk.n)).digest("base64url").slice(0, 27)}`;
  return { kid, privateKey, publicKey, jwk: { kty: jwk.kty, use: "sig", kid, n: jwk.n, e: jwk.e } };
}

/** The tenant `signIssuerTenantMismatch` names in `iss` (another real-looking tenant). */
export const OTHER_TENANT = "0c8e2f4a-0000-4000-8000-00000000000a";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startAadIssuer(options: AadIssuerOptions = {}): Promise<AadIssuer> {
  const now = options.now ?? Date.now;
  const audience = options.audience ?? DEV_API_AUDIENCE;
  const scope = options.scope ?? defaultApiScope;
  const published = await newSigningKey("");
  let unpublished: Promise<SigningKey> | undefined;
  let keyRequests = 0;

  const host = options.host ?? "127.0.0.1";
  let base = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const segments = new URL(req.url ?? "/", "http://issuer.local").pathname.split("/").filter(Boolean);
    if (req.method !== "GET") return sendJson(res, 405, { error: "method_not_allowed" });
    const [tenant, a, b, c] = segments;
    const knownTenant = tenant !== undefined && (GUID.test(tenant) || tenant === "common" || tenant === "organizations");
    if (!knownTenant) return sendJson(res, 400, { error: "invalid_tenant", error_description: `AADSTS90002: Tenant '${tenant ?? ""}' not found.` });
    // Multi-tenant documents name the issuer as a template, as Entra's do.
    const issuer = GUID.test(tenant) ? `${base}/${tenant.toLowerCase()}/v2.0` : `${base}/{tenantid}/v2.0`;
    if (segments.length === 4 && a === "v2.0" && b === ".well-known" && c === "openid-configuration") {
      return sendJson(res, 200, {
        issuer,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        tenant_region_scope: null,
      });
    }
    if (segments.length === 4 && a === "discovery" && b === "v2.0" && c === "keys") {
      keyRequests += 1;
      return sendJson(res, 200, { keys: [{ ...published.jwk, issuer }] });
    }
    return sendJson(res, 404, { error: "not_found", error_description: `no route ${req.url ?? ""}` });
  });
  const port = await listen(server, options.port ?? 0, host);
  base = `http://${host}:${port}`;

  const issuerFor = (tid: string): string => `${base}/${tid}/v2.0`;

  function claimsOf(request: AccessTokenRequest): Record<string, unknown> {
    const t = Math.floor(now() / 1000);
    const scp = request.scp === undefined ? scope : request.scp;
    return {
      aud: request.aud ?? audience,
      iss: request.issuer ?? issuerFor(request.issuerTenant ?? request.tid),
      iat: t,
      nbf: t + (request.notBefore ?? 0),
      exp: t + (request.expiresIn ?? 3600),
      azp: request.azp ?? "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
      azpacr: "0",
      ...(request.name !== undefined ? { name: request.name } : {}),
      oid: request.oid,
      ...(request.preferred_username !== undefined ? { preferred_username: request.preferred_username } : {}),
      ...(scp !== null ? { scp } : {}),
      sub: createHash("sha256").update(`${request.tid}:${request.oid}:${audience}`).digest("base64url").slice(0, 43),
      tid: request.tid,
      uti: randomUUID().replace(/-/g, "").slice(0, 22),
      ver: "2.0",
      ...request.claims,
    };
  }

  const signWith = (key: SigningKey, kid: string, request: AccessTokenRequest): Promise<string> =>
    new SignJWT(claimsOf(request)).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key.privateKey);

  const issuer: AadIssuer = {
    url: base,
    jwksUrl: `${base}/common/discovery/v2.0/keys`,
    audience,
    scope,
    keyId: published.kid,
    get keyRequests() {
      return keyRequests;
    },
    issuerFor,
    sign: (request) => signWith(published, published.kid, request),
    signExpired: (request) => signWith(published, published.kid, { ...request, expiresIn: -3600 }),
    signWrongAudience: (request) => signWith(published, published.kid, { ...request, aud: "api://someone-else.example.com/7d0f1a2b-0000-4000-8000-0000000000ff" }),
    signIssuerTenantMismatch: (request) =>
      signWith(published, published.kid, { ...request, issuerTenant: request.tid === OTHER_TENANT ? "9a2b3c4d-0000-4000-8000-00000000000b" : OTHER_TENANT }),
    signWithoutScope: (request, scopes) => signWith(published, published.kid, { ...request, scp: scopes ?? null }),
    async signWithUnknownKey(request, signOptions = {}) {
      unpublished ??= newSigningKey("unpublished-");
      const key = await unpublished;
      return signWith(key, signOptions.forgeKid ? published.kid : key.kid, request);
    },
    unsigned(request) {
      const part = (value: unknown): string => base64url.encode(JSON.stringify(value));
      return `${part({ alg: "none", typ: "JWT" })}.${part(claimsOf(request))}.`;
    },
    async signHs256WithPublicKey(request) {
      const secret = new TextEncoder().encode(await exportSPKI(published.publicKey));
      return new SignJWT(claimsOf(request)).setProtectedHeader({ alg: "HS256", kid: published.kid, typ: "JWT" }).sign(secret);
    },
    env(mode): Record<string, string> {
      return mode === "dev"
        ? { OPSCO_DEV: "1", OPSCO_API_AUTHORITY_HOST: base }
        : { OPSCO_API_AUDIENCE: audience, OPSCO_API_AUTHORITY_HOST: base, OPSCO_API_SCOPE: scope };
    },
    close: () => closeServer(server),
  };
  return issuer;
}
