import type { NewEvent } from "../../shared/src/ports/graph.js";
import { createGraphAdapter } from "../../shared/src/adapters/graph/index.js";
import { startHarness, value, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Warm the token cache so timings below measure Graph calls only.
  value(await h.graph.getUser("adele.vance@contoso.test"));
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => h.sim.reset());

const newEvent = (transactionId: string): NewEvent => ({
  subject: "Budget review",
  bodyHtml: "<p>Variances</p>",
  start: "2026-11-12T16:00:00Z",
  end: "2026-11-12T17:00:00Z",
  timeZone: "Europe/London",
  attendees: [{ email: "nestor.wilke@contoso.test", type: "required" }],
  online: true,
  transactionId,
});
const fiftyAttendees = (): string[] => h.sim.tenant.users.slice(0, 50).map((u) => u.mail);
const week = { start: "2026-11-02T00:00:00Z", end: "2026-11-07T00:00:00Z" };

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

describe("Graph adapter: throttling, outages, concurrency", () => {
  it("the client's RetryHandler honours 429 Retry-After on a plain request", async () => {
    h.sim.setFaults([{ route: "createEvent", status: 429, retryAfterSeconds: 1, times: 1 }]);
    const { result, ms } = await timed(() => h.graph.createEvent("isaiah.langer@contoso.test", newEvent("tx-429")));
    expect(value(result).joinUrl).toBeDefined();
    expect(h.sim.stats.routes.createEvent).toBe(2);
    expect(h.sim.createdEvents()).toBe(1);
    // Waited the second Graph asked for — not the handler's own 3 s default delay.
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2800);
  });

  it("the RetryHandler retries a throttled $batch call as a whole", async () => {
    h.sim.setFaults([{ route: "batch", status: 429, retryAfterSeconds: 1, times: 1 }]);
    const { result, ms } = await timed(() => h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails: fiftyAttendees(), ...week }));
    expect(value(result)).toHaveLength(50);
    expect(h.sim.stats.routes.batch).toBe(2);
    expect(h.sim.stats.batches).toEqual([3]);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2800);
  });

  it("retries only the items Graph throttled inside a $batch, after their Retry-After", async () => {
    h.sim.setFaults([{ route: "getSchedule", where: "batchItem", status: 429, retryAfterSeconds: 1, times: 1 }]);
    const { result, ms } = await timed(() => h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails: fiftyAttendees(), ...week }));
    const schedules = value(result);
    expect(schedules).toHaveLength(50);
    expect(schedules.every((s) => s.error === undefined)).toBe(true);
    expect(h.sim.stats.batches).toEqual([3, 1]);
    expect(h.sim.stats.graphRequests).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2800);
  });

  it("503 that outlasts the retries → upstream DomainError with Graph's code; nothing created", async () => {
    h.sim.setFaults([{ route: "createEvent", status: 503, code: "serviceNotAvailable", retryAfterSeconds: 0 }]);
    const result = await h.graph.createEvent("isaiah.langer@contoso.test", newEvent("tx-503"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("upstream");
    expect(result.error.details).toEqual({ status: 503, graphCode: "serviceNotAvailable" });
    expect(h.sim.stats.routes.createEvent).toBe(4); // first try + 3 retries
    expect(h.sim.createdEvents()).toBe(0);
  });

  it("503 on $batch items that outlasts the retries → upstream with Graph's code", async () => {
    h.sim.setFaults([{ route: "getSchedule", where: "batchItem", status: 503, code: "serviceNotAvailable", retryAfterSeconds: 0 }]);
    const result = await h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails: fiftyAttendees(), ...week });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: "upstream", details: { status: 503, graphCode: "serviceNotAvailable" } });
    expect(h.sim.stats.batches).toEqual([3, 3, 3, 3]);
  });

  it("other Graph errors come back as upstream with status and code, never thrown", async () => {
    h.sim.setFaults([{ route: "updateEvent", status: 403, code: "ErrorAccessDenied", message: "Access is denied." }]);
    const result = await h.graph.updateEventBody("adele.vance@contoso.test", h.sim.tenant.series[0]?.id ?? "", "<p>x</p>");
    expect(result.ok ? undefined : result.error).toMatchObject({ code: "upstream", details: { status: 403, graphCode: "ErrorAccessDenied" } });
    expect(result.ok ? "" : result.error.message).toContain("Access is denied.");
  });

  it("a wrong client secret is an upstream error, not an exception", async () => {
    const graph = createGraphAdapter({ ...h.sim.adapterOptions(), clientSecret: "wrong" });
    const result = await graph.getUser("adele.vance@contoso.test");
    expect(result.ok ? undefined : result.error.code).toBe("upstream");
    expect(result.ok ? "" : result.error.message).toMatch(/token/i);
    expect(h.sim.stats.graphRequests).toBe(0);
  });

  it("an unreachable Graph is reported, not thrown", async () => {
    const graph = h.adapter({ baseUrl: "https://127.0.0.1:9", maxRetries: 0 });
    const result = await graph.getEvent("adele.vance@contoso.test", "AAMkAGx=");
    expect(result.ok ? undefined : result.error.code).toBe("unavailable");
  });

  it("never has more than 4 requests in flight per mailbox, however it is named", async () => {
    h.sim.setFaults([
      { route: "calendarView", delayMs: 120 },
      { route: "getSchedule", delayMs: 120 },
    ]);
    const adele = h.user("adele.vance");
    const names = [adele.mail, adele.id, adele.mail.toUpperCase(), adele.userPrincipalName];
    value(await h.graph.getUser(adele.mail)); // teaches the adapter that these names are one mailbox
    const calls = [
      ...Array.from({ length: 12 }, (_, i) => h.graph.listCalendarView(names[i % names.length] as string, "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z")),
      h.graph.getSchedules({ asUser: adele.mail, emails: fiftyAttendees(), ...week }),
      h.graph.getSchedules({ asUser: adele.id, emails: fiftyAttendees(), ...week }),
    ];
    const results = await Promise.all(calls);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.sim.maxInFlight(adele.mail)).toBe(4);
    expect(h.sim.stats.concurrencyRejections).toBe(0);
  });

  it("(control) without the limit Graph would throttle: 8 in flight → 429 MailboxConcurrency, recovered by retries", async () => {
    h.sim.setFaults([{ route: "calendarView", delayMs: 150 }]);
    const greedy = h.adapter({ maxConcurrentPerMailbox: 8 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => greedy.listCalendarView("lee.gu@contoso.test", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z")),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.sim.maxInFlight("lee.gu@contoso.test")).toBeGreaterThan(4);
    expect(h.sim.stats.concurrencyRejections).toBeGreaterThan(0);
  });
});
