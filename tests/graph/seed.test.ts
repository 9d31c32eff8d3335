import { DateTime, IANAZone } from "luxon";
import { findIana } from "windows-iana";
import { SEED_ZONES, buildSeed } from "../simulators/graph/seed.js";

const tenant = buildSeed();

describe("Graph simulator seed", () => {
  it("is a realistic tenant: ≥ 40 users in ≥ 5 zones with a half-hour-offset zone", () => {
    expect(tenant.users.length).toBeGreaterThanOrEqual(40);
    const zones = new Set(tenant.users.map((u) => u.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(5);
    const halfHour = [...zones].filter((z) => Math.abs(DateTime.fromISO(tenant.window.start, { zone: z }).offset) % 60 === 30);
    expect(halfHour).toEqual(["Asia/Kolkata"]);
    expect(tenant.users.find((u) => u.timeZone === "Asia/Kolkata")?.windowsTimeZone).toBe("India Standard Time");
    expect(new Set(tenant.users.map((u) => u.mail)).size).toBe(tenant.users.length);
    expect(tenant.users.map((u) => u.mail)).toContain("adele.vance@contoso.test");
  });

  it("names every zone the way Graph does (Windows names that map back to the IANA zone)", () => {
    for (const [iana, windows] of Object.entries(SEED_ZONES)) {
      expect(IANAZone.isValidZone(iana)).toBe(true);
      const back = findIana(windows) ?? [];
      expect(back.some((z) => z === iana || (iana === "Asia/Kolkata" && z === "Asia/Calcutta"))).toBe(true);
    }
  });

  it("has DST changes inside the default window: Europe on 2026-10-25, America on 2026-11-01", () => {
    expect(tenant.anchor).toBe("2026-11-02");
    expect(tenant.window).toEqual({ start: "2026-10-19T00:00:00Z", end: "2026-11-30T00:00:00Z" });
    const changes = tenant.dstChanges.map((c) => `${c.zone} ${c.date} ${c.fromOffset}→${c.toOffset}`);
    expect(changes).toEqual([
      "Europe/Berlin 2026-10-25 +02:00→+01:00",
      "Europe/London 2026-10-25 +01:00→+00:00",
      "America/Chicago 2026-11-01 -05:00→-06:00",
      "America/Los_Angeles 2026-11-01 -07:00→-08:00",
      "America/New_York 2026-11-01 -04:00→-05:00",
    ]);
  });

  it("has an org chart: one root, every manager exists, no cycles", () => {
    const byId = new Map(tenant.users.map((u) => [u.id, u]));
    expect(tenant.users.filter((u) => !u.managerId).map((u) => u.displayName)).toEqual(["Patti Fernandez"]);
    for (const u of tenant.users) {
      const seen = new Set<string>();
      let cursor = u;
      while (cursor.managerId) {
        expect(seen.has(cursor.id)).toBe(false);
        seen.add(cursor.id);
        cursor = byId.get(cursor.managerId) as typeof u;
        expect(cursor).toBeDefined();
      }
    }
  });

  it("has 2–6 weeks of events, including recurring series with and without agenda / owner", () => {
    const days = DateTime.fromISO(tenant.window.end).diff(DateTime.fromISO(tenant.window.start), "days").days;
    expect(days).toBeGreaterThanOrEqual(14);
    expect(days).toBeLessThanOrEqual(42);
    expect(tenant.events.filter((e) => e.type === "singleInstance").length).toBeGreaterThan(500);
    const masters = tenant.events.filter((e) => e.type === "seriesMaster");
    expect(masters.length).toBe(tenant.series.length);
    expect(tenant.series.filter((s) => s.hasAgenda && s.hasOwner).length).toBeGreaterThan(0);
    expect(tenant.series.filter((s) => !s.hasAgenda && !s.hasOwner).map((s) => s.subject)).toEqual(
      expect.arrayContaining(["AI tools governance review", "Vendor check-in", "Sydney office huddle"]),
    );
    expect(tenant.series.find((s) => s.subject === "Sales pipeline review")).toMatchObject({ hasAgenda: true, hasOwner: false });
    expect(tenant.series.find((s) => s.subject === "APAC IT standup")).toMatchObject({ hasAgenda: false, hasOwner: true });
    const noAgenda = masters.find((m) => m.subject === "AI tools governance review");
    expect(noAgenda?.bodyHtml).toBe("");
  });

  it("is deterministic per seed and anchor", () => {
    expect(buildSeed()).toEqual(tenant);
    const other = buildSeed({ seed: 7 });
    expect(other.users.map((u) => u.mail)).toEqual(tenant.users.map((u) => u.mail));
    expect(other.events.length).not.toBe(tenant.events.length);
    const moved = buildSeed({ anchor: "2027-03-29" });
    expect(moved.window.start).toBe("2027-03-15T00:00:00Z");
    // Late March 2027: Europe springs forward inside the window, America already did (14 March).
    expect(moved.dstChanges.map((c) => c.zone)).toEqual(expect.arrayContaining(["Europe/London", "Europe/Berlin"]));
  });
});
