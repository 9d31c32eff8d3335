import { DEV_API_AUDIENCE } from "@opsco/shared";
import { startE2E, type E2E } from "../e2e/harness.js";
import { startAadIssuer, type AadIssuer } from "../simulators/aad/index.js";
import { apiGet } from "./helpers.js";

/**
 * How /api/v1 behaves without a real API registration. Dev mode (OPSCO_DEV=1, no OPSCO_API_AUDIENCE)
 * trusts tokens of the local issuer for the dev audience and nothing else; with no issuer at all the API
 * is off and says why — it never falls back to accepting unchecked tokens.
 */
describe("add-in API in dev mode (local issuer only)", () => {
  let issuer: AadIssuer;
  let e2e: E2E;

  beforeAll(async () => {
    issuer = await startAadIssuer({ now: () => e2e.clock.now().getTime() });
    e2e = await startE2E({ env: issuer.env("dev") });
  });
  afterAll(async () => {
    await e2e?.close();
    await issuer?.close();
  });

  it("accepts the local issuer's tokens for the dev audience", async () => {
    expect(issuer.audience).toBe(DEV_API_AUDIENCE);
    const adele = e2e.graph.tenant.users.find((u) => u.mail.startsWith("adele."))!;
    const res = await apiGet(e2e.url, "/me", await issuer.sign({ tid: e2e.graph.tenantId, oid: adele.id }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: adele.id, mail: adele.mail, timeZone: "America/New_York" });
    const health = (await (await fetch(`${e2e.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health["api"]).toBe("dev");
  });

  it("still checks everything: other audiences, unsigned and expired tokens are 401", async () => {
    const who = { tid: e2e.graph.tenantId, oid: e2e.graph.tenant.users[0]!.id };
    for (const token of [await issuer.signWrongAudience(who), issuer.unsigned(who), await issuer.signExpired(who), await issuer.signIssuerTenantMismatch(who)]) {
      expect((await apiGet(e2e.url, "/me", token)).status).toBe(401);
    }
  });
});

describe("add-in API without any token issuer", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it("answers 503 problem+json saying what to configure", async () => {
    const res = await apiGet(e2e.url, "/me", "anything");
    expect(res.status).toBe(503);
    expect(res.contentType).toContain("application/problem+json");
    expect(res.body).toMatchObject({ title: "The add-in API is not configured", detail: expect.stringContaining("OPSCO_API_AUTHORITY_HOST") });
  });
});
