/** The simulator's wire behaviour, spoken to directly over HTTPS (what the adapter relies on it to mimic). */
import { startGraphSimulator, type GraphSimulator } from "../simulators/graph/index.js";

let sim: GraphSimulator;
let token = "";

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function tokenFor(secret: string): Promise<{ status: number; json: any }> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: sim.clientId, client_secret: secret, scope: "https://graph.microsoft.com/.default" });
  const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  sim = await startGraphSimulator();
  token = (await tokenFor(sim.clientSecret)).json.access_token;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

describe("Graph simulator (wire level)", () => {
  it("serves OpenID metadata and a client-credentials token endpoint that checks the secret", async () => {
    const saved = token;
    token = "";
    const meta = await call("GET", `/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(meta.json).toMatchObject({ token_endpoint: `${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, issuer: `${sim.url}/${sim.tenantId}/v2.0` });
    expect(meta.json.jwks_uri).toBeDefined();
    expect(meta.json.authorization_endpoint).toBeDefined();
    const bad = await tokenFor("nope");
    expect(bad).toMatchObject({ status: 401, json: { error: "invalid_client" } });
    const good = await tokenFor(sim.clientSecret);
    expect(good.json).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    token = saved;
  });

  it("rejects Graph calls without a valid bearer token", async () => {
    const saved = token;
    token = "";
    expect((await call("GET", "/v1.0/users")).json.error.code).toBe("InvalidAuthenticationToken");
    token = `${saved.slice(0, -4)}AAAA`;
    expect((await call("GET", "/v1.0/users")).status).toBe(401);
    token = saved;
    expect((await call("GET", "/v1.0/users?$top=2")).status).toBe(200);
  });

  it("serves users, manager, mailboxSettings (Windows zone names) and Graph's 404 shape", async () => {
    const adele = await call("GET", "/v1.0/users/adele.vance@contoso.test");
    expect(adele.json).toMatchObject({ displayName: "Adele Vance", mail: "adele.vance@contoso.test" });
    const manager = await call("GET", `/v1.0/users/${adele.json.id}/manager`);
    expect(manager.json).toMatchObject({ "@odata.type": "#microsoft.graph.user", displayName: "Miriam Graham" });
    const settings = await call("GET", "/v1.0/users/priya.raman@contoso.test/mailboxSettings");
    expect(settings.json).toMatchObject({ timeZone: "India Standard Time", workingHours: { startTime: "10:00:00.0000000", timeZone: { name: "India Standard Time" } } });
    const missing = await call("GET", "/v1.0/users/nobody@contoso.test");
    expect(missing).toMatchObject({ status: 404, json: { error: { code: "Request_ResourceNotFound" } } });
    const root = await call("GET", "/v1.0/users/patti.fernandez@contoso.test/manager");
    expect(root.status).toBe(404);
    const page = await call("GET", `/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'a')")}&$top=2`);
    expect(page.json.value).toHaveLength(2);
    expect(page.json["@odata.nextLink"]).toContain("$skiptoken=");
    expect((await call("GET", "/v1.0/me")).status).toBe(400);
  });

  it("enforces getSchedule limits: ≤ 20 schedules, < 62 days", async () => {
    const window = { startTime: { dateTime: "2026-11-02T00:00:00", timeZone: "UTC" }, endTime: { dateTime: "2026-11-03T00:00:00", timeZone: "UTC" } };
    const tooMany = await call("POST", "/v1.0/users/adele.vance@contoso.test/calendar/getSchedule", {
      schedules: Array.from({ length: 21 }, (_, i) => `u${i}@contoso.test`),
      ...window,
    });
    expect(tooMany.status).toBe(400);
    const tooLong = await call("POST", "/v1.0/users/adele.vance@contoso.test/calendar/getSchedule", {
      schedules: ["lee.gu@contoso.test"],
      startTime: { dateTime: "2026-10-01T00:00:00", timeZone: "Pacific Standard Time" },
      endTime: { dateTime: "2026-12-05T00:00:00", timeZone: "Pacific Standard Time" },
    });
    expect(tooLong.status).toBe(400);
    const ok = await call("POST", "/v1.0/users/adele.vance@contoso.test/calendar/getSchedule", { schedules: ["lee.gu@contoso.test"], ...window, availabilityViewInterval: 60 });
    expect(ok.json.value[0].availabilityView).toHaveLength(24);
    expect(ok.json.value[0].workingHours.timeZone.name).toBe("Central Standard Time");
  });

  it("runs $batch: ≤ 20 requests, per-item answers, dependsOn → 424 after a failure", async () => {
    const tooBig = await call("POST", "/v1.0/$batch", { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/users" })) });
    expect(tooBig.status).toBe(400);
    const batch = await call("POST", "/v1.0/$batch", {
      requests: [
        { id: "1", method: "GET", url: "/users/nobody@contoso.test" },
        { id: "2", method: "GET", url: "/users/lee.gu@contoso.test", dependsOn: ["1"] },
        { id: "3", method: "POST", url: "/users/lee.gu@contoso.test/events", body: { subject: "x" } },
      ],
    });
    const byId = Object.fromEntries(batch.json.responses.map((r: any) => [r.id, r]));
    expect(byId["1"].status).toBe(404);
    expect(byId["2"].status).toBe(424);
    expect(byId["3"].status).toBe(400); // a body without Content-Type
    expect(sim.stats.batches).toEqual([3]);
  });

  it("injects faults per route, inside batches, with Retry-After, N times", async () => {
    sim.setFaults([{ route: "getUser", where: "batchItem", status: 429, retryAfterSeconds: 7, times: 1 }]);
    const batch = await call("POST", "/v1.0/$batch", {
      requests: [
        { id: "a", method: "GET", url: "/users/lee.gu@contoso.test" },
        { id: "b", method: "GET", url: "/users/lee.gu@contoso.test" },
      ],
    });
    const statuses = batch.json.responses.map((r: any) => r.status).sort();
    expect(statuses).toEqual([200, 429]);
    expect(batch.json.responses.find((r: any) => r.status === 429).headers["Retry-After"]).toBe("7");
    sim.setFaults([{ route: /calendarView/, status: 503, code: "serviceNotAvailable", times: 2 }]);
    const view = "/v1.0/users/lee.gu@contoso.test/calendarView?startDateTime=2026-11-02T00:00:00Z&endDateTime=2026-11-03T00:00:00Z";
    const first = await call("GET", view);
    expect(first).toMatchObject({ status: 503, json: { error: { code: "serviceNotAvailable" } } });
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await call("GET", view)).status).toBe(503);
    expect((await call("GET", view)).status).toBe(200);
    expect(sim.stats.faultsFired).toBe(3);
    const noWindow = await call("GET", "/v1.0/users/lee.gu@contoso.test/calendarView");
    expect(noWindow.status).toBe(400);
  });
});
