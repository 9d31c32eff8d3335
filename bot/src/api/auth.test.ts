import { FixedClock } from "@opsco/shared";
import { SignJWT, base64url, createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import { CONSUMER_TENANT, createTokenValidator, type TokenValidatorOptions } from "./auth.js";

/**
 * The validator against locally generated RS256 keys (a JWKS held in memory), claim by claim. The HTTP
 * behaviour through the running bot is in tests/api/.
 */
const NOW = "2026-11-03T08:00:00Z";
const AUTHORITY = "https://login.microsoftonline.com";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT = "0c8e2f4a-0000-4000-8000-00000000000a";
const USER = "6e8a1d2c-4b3f-4a5e-9c7d-1f2e3a4b5c6d";
const CLIENT_ID = "5b1c2d3e-0000-4000-8000-00000000000a";
const APP_ID_URI = `api://opsco.example.com/${CLIENT_ID}`;

let privateKey: CryptoKey;
let publicKey: CryptoKey;
let keys: ReturnType<typeof createLocalJWKSet>;
const clock = new FixedClock(NOW);
const seconds = () => Math.floor(clock.now().getTime() / 1000);

beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true }));
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", use: "sig" }] });
});

const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  aud: CLIENT_ID,
  iss: `${AUTHORITY}/${TENANT}/v2.0`,
  iat: seconds(),
  nbf: seconds(),
  exp: seconds() + 3600,
  tid: TENANT,
  oid: USER,
  scp: "User.Read access_as_user",
  name: "Adele Vance",
  preferred_username: "adele@contoso.com",
  ver: "2.0",
  ...overrides,
});
const sign = (payload: JWTPayload, kid = "k1") => new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(privateKey);
const validator = (options: Partial<TokenValidatorOptions> = {}) =>
  createTokenValidator({ audiences: [APP_ID_URI, CLIENT_ID], scope: "access_as_user", authorityHost: AUTHORITY, jwksUrl: "https://unused.invalid/keys", allowedTenants: [], clock, keys, ...options });
const check = async (token: string, options?: Partial<TokenValidatorOptions>) => validator(options).validate(`Bearer ${token}`);

describe("createTokenValidator", () => {
  it("accepts a valid v2.0 token and describes the caller from its claims", async () => {
    const result = await check(await sign(claims({ tid: TENANT.toUpperCase(), iss: `${AUTHORITY}/${TENANT}/v2.0` })));
    expect(result).toEqual({
      ok: true,
      value: { tenantId: TENANT, userId: USER, name: "Adele Vance", upn: "adele@contoso.com", scopes: ["User.Read", "access_as_user"] },
    });
  });

  it("accepts either configured audience (app id URI or client id), and nothing else", async () => {
    expect((await check(await sign(claims({ aud: APP_ID_URI })))).ok).toBe(true);
    expect((await check(await sign(claims({ aud: CLIENT_ID })))).ok).toBe(true);
    expect(await check(await sign(claims({ aud: "00000003-0000-0000-c000-000000000000" })))).toMatchObject({
      ok: false,
      error: { status: 401, code: "invalid_token", detail: expect.stringContaining("aud") },
    });
  });

  it("allows five minutes of clock skew and no more", async () => {
    expect((await check(await sign(claims({ exp: seconds() - 240 })))).ok).toBe(true);
    expect(await check(await sign(claims({ exp: seconds() - 360 })))).toMatchObject({ ok: false, error: { status: 401, detail: "token expired" } });
    expect((await check(await sign(claims({ nbf: seconds() + 240 })))).ok).toBe(true);
    expect(await check(await sign(claims({ nbf: seconds() + 600 })))).toMatchObject({ ok: false, error: { status: 401, detail: expect.stringContaining("nbf") } });
  });

  it.each([
    ["another tenant's issuer", { iss: `${AUTHORITY}/${OTHER_TENANT}/v2.0` }],
    ["another authority", { iss: `https://login.evil.example/${TENANT}/v2.0` }],
    ["a v1.0 issuer", { iss: `https://sts.windows.net/${TENANT}/` }],
    ["the common-endpoint template", { iss: `${AUTHORITY}/{tenantid}/v2.0` }],
  ])("refuses %s (iss must be {authority}/{tid}/v2.0)", async (_name, overrides) => {
    expect(await check(await sign(claims(overrides)))).toMatchObject({ ok: false, error: { status: 401, code: "invalid_token", detail: expect.stringContaining("iss") } });
  });

  it("refuses tokens without a tenant or user, or with malformed ones", async () => {
    for (const payload of [claims({ tid: undefined }), claims({ oid: undefined }), claims({ oid: "not-a-guid" }), claims({ tid: "contoso.com", iss: `${AUTHORITY}/contoso.com/v2.0` })]) {
      expect(await check(await sign(payload))).toMatchObject({ ok: false, error: { status: 401, code: "invalid_token" } });
    }
  });

  it("keeps to the tenant allow-list and refuses personal accounts with 403", async () => {
    expect((await check(await sign(claims()), { allowedTenants: [TENANT.toUpperCase()] })).ok).toBe(true);
    expect(await check(await sign(claims()), { allowedTenants: [OTHER_TENANT] })).toMatchObject({ ok: false, error: { status: 403, code: "tenant_not_allowed" } });
    const consumer = claims({ tid: CONSUMER_TENANT, iss: `${AUTHORITY}/${CONSUMER_TENANT}/v2.0` });
    expect(await check(await sign(consumer))).toMatchObject({ ok: false, error: { status: 403, code: "tenant_not_allowed" } });
  });

  it("needs the scope in scp: other scopes or app-only roles get 403", async () => {
    for (const payload of [claims({ scp: "User.Read" }), claims({ scp: "access_as_user_2" }), claims({ scp: undefined, roles: ["access_as_user"] })]) {
      expect(await check(await sign(payload))).toMatchObject({ ok: false, error: { status: 403, code: "insufficient_scope" } });
    }
  });

  it("accepts RS256 only: unsigned and HS256 (public key as secret) tokens are refused", async () => {
    const part = (v: unknown) => base64url.encode(JSON.stringify(v));
    const unsigned = `${part({ alg: "none", typ: "JWT" })}.${part(claims())}.`;
    expect(await check(unsigned)).toMatchObject({ ok: false, error: { status: 401, code: "invalid_token" } });
    const hmac = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: "k1" }).sign(new TextEncoder().encode(await exportSPKI(publicKey)));
    expect(await check(hmac)).toMatchObject({ ok: false, error: { status: 401, detail: expect.stringContaining("algorithm") } });
  });

  it("refuses tokens of unknown keys and forged signatures", async () => {
    expect(await check(await sign(claims(), "k2"))).toMatchObject({ ok: false, error: { status: 401, detail: "token signed by an unknown key" } });
    const other = await generateKeyPair("RS256");
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "k1" }).sign(other.privateKey);
    expect(await check(forged)).toMatchObject({ ok: false, error: { status: 401, detail: "token signature does not verify" } });
  });

  it("tells a missing token from a malformed header", async () => {
    expect(await validator().validate(undefined)).toMatchObject({ ok: false, error: { status: 401, code: "missing_token" } });
    expect(await validator().validate("Basic dXNlcjpwYXNz")).toMatchObject({ ok: false, error: { status: 401, code: "invalid_token" } });
    expect(await validator().validate("Bearer a.b.c")).toMatchObject({ ok: false, error: { status: 401, detail: "token is malformed" } });
    expect(await validator().validate(`Bearer ${"a".repeat(20_000)}`)).toMatchObject({ ok: false, error: { status: 401, detail: "token is too large" } });
  });

  it("answers 503 with a retry hint when the key set cannot be fetched (not the caller's fault)", async () => {
    // Port 9 on loopback: connection refused at once.
    const offline = createTokenValidator({
      audiences: [CLIENT_ID],
      scope: "access_as_user",
      authorityHost: AUTHORITY,
      jwksUrl: "http://127.0.0.1:9/common/discovery/v2.0/keys",
      allowedTenants: [],
      clock,
    });
    expect(await offline.validate(`Bearer ${await sign(claims())}`)).toMatchObject({
      ok: false,
      error: { status: 503, code: "keys_unavailable", retryAfterSeconds: expect.any(Number) },
    });
  });
});
