import { createSchedulingService, meetingsCollection, uuidIds } from "@opsco/shared";
import { createGraphAdapter } from "../../shared/src/adapters/graph/index.js";
import { startE2E, type E2E } from "../e2e/harness.js";
import { startAadIssuer, type AadIssuer, type AccessTokenRequest } from "../simulators/aad/index.js";
import type { SeedUser } from "../simulators/graph/index.js";
import { apiGet, issuePaths } from "./helpers.js";

/**
 * The add-in API over HTTP against the real bot server (Graph simulator, embedded store), with tokens
 * from the local Entra ID issuer. Tenant A is the Graph simulator's tenant (its users resolve in /me).
 */
const AUDIENCE = "api://localhost:3000/5b1c2d3e-0000-4000-8000-00000000000a";
const TENANT_B = "b0b0b0b0-0000-4000-8000-00000000000b";

let issuer: AadIssuer;
let e2e: E2E;
let tenantA: string;
let adele: SeedUser;
let megan: SeedUser;

const user = (prefix: string): SeedUser => {
  const found = e2e.graph.tenant.users.find((u) => u.mail.startsWith(`${prefix}.`));
  if (!found) throw new Error(`no seeded user ${prefix}`);
  return found;
};
const as = (who: SeedUser, tid = tenantA): AccessTokenRequest => ({ tid, oid: who.id, name: who.displayName, preferred_username: who.userPrincipalName });
const get = (path: string, token?: string) => apiGet(e2e.url, path, token);

beforeAll(async () => {
  // Tokens are minted on the bot's pinned clock, so expiry is judged on the same time line.
  issuer = await startAadIssuer({ audience: AUDIENCE, now: () => e2e.clock.now().getTime() });
  e2e = await startE2E({ env: issuer.env("entra") });
  tenantA = e2e.graph.tenantId;
  adele = user("adele");
  megan = user("megan");
});
afterAll(async () => {
  await e2e?.close();
  await issuer?.close();
});

describe("GET /api/v1/me", () => {
  it("answers a valid token with the caller's profile from the people directory", async () => {
    const res = await get("/me", await issuer.sign(as(adele)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: adele.id,
      tenantId: tenantA,
      displayName: "Adele Vance",
      mail: adele.mail,
      userPrincipalName: adele.userPrincipalName,
      jobTitle: "Operations Coordinator",
      timeZone: "America/New_York",
      workingHours: { daysOfWeek: adele.workingHours.daysOfWeek, startTime: "08:30", endTime: "17:00", timeZone: "America/New_York" },
      managerId: user("miriam").id,
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("404s for a caller the directory does not know", async () => {
    const res = await get("/me", await issuer.sign({ tid: tenantA, oid: "11111111-2222-4333-8444-555555555555" }));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("token validation through the server", () => {
  it.each<[string, () => Promise<string | undefined>]>([
    ["no token", async () => undefined],
    ["garbage", async () => "not.a.jwt"],
    ["an expired token", () => issuer.signExpired(as(adele))],
    ["a token for another API (aud)", () => issuer.signWrongAudience(as(adele))],
    ["an issuer of another tenant than tid", () => issuer.signIssuerTenantMismatch(as(adele))],
    ["a token signed by an unknown key", () => issuer.signWithUnknownKey(as(adele))],
    ["a forged signature under the published kid", () => issuer.signWithUnknownKey(as(adele), { forgeKid: true })],
    ["an unsigned token (alg none)", async () => issuer.unsigned(as(adele))],
    ["an HS256 token keyed with the public key", () => issuer.signHs256WithPublicKey(as(adele))],
  ])("refuses %s with 401 problem+json and a Bearer challenge", async (name, token) => {
    const res = await get("/me", await token());
    expect(res.status).toBe(401);
    expect(res.contentType).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 401, title: "Unauthorized" });
    const challenge = res.headers.get("www-authenticate") ?? "";
    expect(challenge).toMatch(/^Bearer realm="opsco"/);
    if (name !== "no token") expect(challenge).toContain('error="invalid_token"');
  });

  it("refuses a token without the access_as_user scope with 403 insufficient_scope", async () => {
    for (const token of [await issuer.signWithoutScope(as(adele)), await issuer.signWithoutScope(as(adele), "User.Read Mail.Read")]) {
      const res = await get("/meetings", token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ status: 403, code: "insufficient_scope" });
      expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="access_as_user"');
    }
  });

  it("fetches the signing keys once and reuses them", async () => {
    for (let i = 0; i < 5; i += 1) expect((await get("/me", await issuer.sign(as(adele)))).status).toBe(200);
    expect(issuer.keyRequests).toBeGreaterThanOrEqual(1);
    expect(issuer.keyRequests).toBeLessThanOrEqual(2);
  });

  it("reports the API mode on /healthz and leaves the bot endpoint alone", async () => {
    const health = (await (await fetch(`${e2e.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health["api"]).toBe("entra");
    const bot = await e2e.post({ type: "message" });
    expect(bot.status).toBe(400);
    expect(bot.body).toMatchObject({ title: "Invalid activity" });
  });
});

describe("GET /api/v1/meetings", () => {
  let bookedId: string;

  beforeAll(async () => {
    // A meeting booked in tenant A through the real scheduling service (Graph simulator + the bot's store).
    const scheduling = createSchedulingService({
      graph: createGraphAdapter(e2e.graph.adapterOptions()),
      meetings: e2e.bot.store.collection(meetingsCollection),
      clock: e2e.clock,
      ids: uuidIds,
    });
    const booked = await scheduling.book(tenantA, {
      organizer: adele.mail,
      subject: "Vendor renewal review",
      slot: { start: "2026-11-04T15:00:00Z", end: "2026-11-04T15:30:00Z" },
      attendees: [{ email: megan.mail }],
      agenda: [{ title: "Renewals due in 60 days" }],
      timeZone: "America/New_York",
      requestedBy: adele.id,
    });
    if (!booked.ok) throw booked.error;
    bookedId = booked.value.id;
  });

  it("lists the caller's upcoming meetings, as organizer and as attendee", async () => {
    for (const who of [adele, megan]) {
      const res = await get("/meetings", await issuer.sign(as(who)));
      expect(res.status).toBe(200);
      const items = res.body?.["items"] as Record<string, unknown>[];
      expect(items.map((m) => m["id"])).toEqual([bookedId]);
      expect(items[0]).toMatchObject({
        subject: "Vendor renewal review",
        start: "2026-11-04T15:00:00.000Z",
        organizer: { email: adele.mail },
        agenda: [expect.objectContaining({ title: "Renewals due in 60 days" })],
        joinUrl: expect.stringMatching(/^https:\/\//),
      });
      expect(items[0]).not.toHaveProperty("tenantId");
    }
  });

  it("honours from and limit", async () => {
    const token = await issuer.sign(as(adele));
    expect((await get("/meetings?from=2026-11-05T00:00:00Z&limit=5", token)).body).toEqual({ items: [] });
    expect(((await get("/meetings?from=2026-11-04T00:00:00-05:00&limit=1", token)).body?.["items"] as unknown[]).length).toBe(1);
  });

  it("keeps tenants apart: a caller from tenant B does not see tenant A's meeting", async () => {
    // Same person id and mailbox, other tenant: the tenant comes from the token's tid and nothing else.
    const res = await get("/meetings", await issuer.sign(as(adele, TENANT_B)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it("never takes the tenant from the query string", async () => {
    const res = await get(`/meetings?tenantId=${tenantA}`, await issuer.sign(as(adele, TENANT_B)));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("tenantId");
  });

  it.each([
    ["limit=abc", ["query.limit"]],
    ["from=notadate", ["query.from"]],
    ["limit=abc&from=notadate", ["query.limit", "query.from"]],
    ["limit=0", ["query.limit"]],
    ["limit=101", ["query.limit"]],
    ["limit=5&limit=6", ["query.limit"]],
    ["from=2026-11-04T10:00:00", ["query.from"]],
  ])("answers ?%s with 400 problem+json listing the issues", async (query, paths) => {
    const res = await get(`/meetings?${query}`, await issuer.sign(as(adele)));
    expect(res.status).toBe(400);
    expect(res.contentType).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 400, title: "Invalid request", code: "validation" });
    expect(issuePaths(res.body).sort()).toEqual([...paths].sort());
  });
});
