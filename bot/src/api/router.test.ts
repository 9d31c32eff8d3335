import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { z } from "zod";
import { errorCodes, fail, FixedClock, ok } from "@opsco/shared";
import { createLogger } from "../logger.js";
import { createTokenValidator } from "./auth.js";
import { defineRoute } from "./route.js";
import { createApiRouter, type ApiAuth } from "./router.js";

/**
 * The router over real HTTP with real tokens (local keys), and routes defined here to reach every
 * mapping: body validation, media types, size limit, DomainError codes → status, thrown errors, CORS.
 */
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const AUDIENCE = "5b1c2d3e-0000-4000-8000-00000000000a";
const AUTHORITY = "https://login.microsoftonline.com";
const ORIGIN = "https://addin.example.com";
const clock = new FixedClock("2026-11-03T08:00:00Z");

let privateKey: CryptoKey;
let auth: ApiAuth;
const servers: Server[] = [];

async function serve(router: express.Router): Promise<string> {
  const app = express().use("/api/v1", router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}

const testRoutes = [
  defineRoute({
    method: "post",
    path: "/echo",
    body: z.strictObject({ title: z.string().min(1), count: z.number().int() }),
    handle: async ({ caller, body }) => ok({ status: 201, body: { ...body, tenantId: caller.tenantId }, headers: { ETag: '"1"' } }),
  }),
  defineRoute({
    method: "get",
    path: "/fail/:code",
    params: z.strictObject({ code: z.enum(errorCodes) }),
    handle: async ({ params }) => fail(params.code, `failed with ${params.code}`, params.code === "unavailable" || params.code === "rate_limited" ? { retryAfterMs: 6500 } : undefined),
  }),
  defineRoute({
    method: "get",
    path: "/boom",
    handle: async () => {
      throw new Error("secret internals");
    },
  }),
];

let base: string;
let token: string;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1" }] });
  const validator = createTokenValidator({ audiences: [AUDIENCE], scope: "access_as_user", authorityHost: AUTHORITY, jwksUrl: "https://unused.invalid", allowedTenants: [], clock, keys });
  auth = { validator, scope: "access_as_user" };
  const t = Math.floor(clock.now().getTime() / 1000);
  token = await new SignJWT({ aud: AUDIENCE, iss: `${AUTHORITY}/${TENANT}/v2.0`, tid: TENANT, oid: "6e8a1d2c-4b3f-4a5e-9c7d-1f2e3a4b5c6d", scp: "access_as_user" })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuedAt(t)
    .setExpirationTime(t + 3600)
    .sign(privateKey);
  base = await serve(createApiRouter({ auth, routes: testRoutes, log: createLogger("silent"), corsOrigins: [ORIGIN], bodyLimit: "2kb" }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token: bearer = token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (bearer) headers.set("authorization", `Bearer ${bearer}`);
  const res = await fetch(`${base}${path}`, { ...rest, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
const postJson = (path: string, body: string, contentType = "application/json") => call(path, { method: "POST", body, headers: { "content-type": contentType } });

describe("API router", () => {
  it("runs a route with the validated body and the caller from the token", async () => {
    const res = await postJson("/echo", JSON.stringify({ title: "Budget", count: 2 }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ title: "Budget", count: 2, tenantId: TENANT });
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers invalid input with 400 problem+json listing every issue", async () => {
    const res = await postJson("/echo", JSON.stringify({ title: "", count: 1.5, tenantId: "someone-else" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 400, title: "Invalid request", code: "validation" });
    const paths = (res.body?.["issues"] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.title", "body.count", "body"]));
  });

  it("refuses malformed JSON (400), other media types (415) and bodies over the limit (413)", async () => {
    expect((await postJson("/echo", "{not json")).body).toMatchObject({ status: 400, title: "Malformed request" });
    expect((await postJson("/echo", "title=x", "text/plain")).body).toMatchObject({ status: 415 });
    expect((await postJson("/echo", JSON.stringify({ title: "x".repeat(4000), count: 1 }))).body).toMatchObject({ status: 413, title: "Request too large" });
  });

  it("authenticates before reading a body: an anonymous malformed request is a 401", async () => {
    const res = await call("/echo", { method: "POST", body: "{not json", headers: { "content-type": "application/json" }, token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="opsco"');
  });

  it.each([
    ["validation", 400],
    ["not_found", 404],
    ["duplicate", 409],
    ["conflict", 409],
    ["forbidden", 403],
    ["unauthorized", 401],
    ["rate_limited", 429],
    ["upstream", 503],
    ["unavailable", 503],
  ])("maps DomainError %s to %i", async (code, status) => {
    const res = await call(`/fail/${code}`);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status, code, detail: `failed with ${code}` });
    expect(res.headers.get("retry-after")).toBe(code === "unavailable" || code === "rate_limited" ? "7" : null);
  });

  it("validates path parameters too", async () => {
    const res = await call("/fail/teapot");
    expect(res.status).toBe(400);
    expect(res.body?.["issues"]).toEqual([expect.objectContaining({ path: "params.code" })]);
  });

  it("answers a thrown error with a 500 that leaks nothing, and unknown endpoints with 404", async () => {
    const boom = await call("/boom");
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom.body)).not.toContain("secret internals");
    expect(await call("/nowhere")).toMatchObject({ status: 404, body: { code: "not_found" } });
    // Without a token even unknown paths are 401: the route map is not shown to strangers.
    expect((await call("/nowhere", { token: null })).status).toBe(401);
  });

  it("answers CORS preflights for configured origins only, without a token", async () => {
    const preflight = (origin: string) =>
      call("/echo", { method: "OPTIONS", token: null, headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(allowed.headers.get("access-control-allow-headers")).toContain("Authorization");
    const other = await preflight("https://evil.example.com");
    expect(other.status).toBe(204);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const real = await call("/fail/not_found", { headers: { origin: ORIGIN } });
    expect(real.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(real.headers.get("vary")).toContain("Origin");
  });

  it("when the API is off, says so with 503 on every path", async () => {
    const offBase = await serve(createApiRouter({ auth: { off: "OPSCO_API_AUDIENCE is not set" }, routes: testRoutes, log: createLogger("silent") }));
    const res = await fetch(`${offBase}/echo`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ title: "The add-in API is not configured", detail: "OPSCO_API_AUDIENCE is not set" });
  });
});
