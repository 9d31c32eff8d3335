import { DateTime } from "luxon";
import { startHarness, value, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => h.sim.resetStats());

const week = { start: "2026-10-26T00:00:00Z", end: "2026-11-07T00:00:00Z" };

describe("Graph adapter: free/busy (getSchedule)", () => {
  it("fetches 50 attendees in ONE $batch carrying 3 getSchedule requests", async () => {
    const emails = h.sim.tenant.users.slice(0, 50).map((u) => u.mail);
    const schedules = value(await h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails, ...week, intervalMinutes: 30 }));
    expect(h.sim.stats.graphRequests).toBe(1);
    expect(h.sim.stats.routes).toEqual({ batch: 1 });
    expect(h.sim.stats.batches).toEqual([3]);
    expect(h.sim.stats.batchItems).toEqual({ getSchedule: 3 });
    expect(schedules.map((s) => s.email)).toEqual(emails);
    for (const s of schedules) {
      expect(s.error).toBeUndefined();
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.workingHours?.timeZone).toBe(h.sim.tenant.users.find((u) => u.mail === s.email)?.timeZone);
      for (const item of s.items) {
        expect(item.start).toMatch(/Z$/);
        expect(Date.parse(item.end)).toBeGreaterThan(Date.parse(item.start));
      }
    }
  });

  it("keeps local meeting times across the US DST change and in the half-hour zone", async () => {
    const [adele, ravi] = value(
      await h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails: ["adele.vance@contoso.test", "ravi.kumar@contoso.test"], ...week }),
    );
    // Weekly operations sync, Mondays 10:00 America/New_York: 14:00Z before 1 Nov (EDT), 15:00Z after (EST).
    const starts = new Set(adele?.items.map((i) => i.start));
    expect(starts.has("2026-10-26T14:00:00.000Z")).toBe(true);
    expect(starts.has("2026-11-02T15:00:00.000Z")).toBe(true);
    // APAC IT standup, weekdays 09:30 Asia/Kolkata = 04:00Z.
    const standups = ravi?.items.filter((i) => DateTime.fromISO(i.start, { zone: "Asia/Kolkata" }).toFormat("HH:mm") === "09:30") ?? [];
    expect(standups.map((i) => i.start)).toContain("2026-10-27T04:00:00.000Z");
    expect(ravi?.workingHours).toMatchObject({ startTime: "09:30", endTime: "18:00", timeZone: "Asia/Kolkata" });
  });

  it("reports an unknown attendee in-line (Graph's error code) while the others stay valid", async () => {
    const schedules = value(
      await h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails: ["lee.gu@contoso.test", "nobody@contoso.test"], ...week }),
    );
    expect(schedules[0]?.error).toBeUndefined();
    expect(schedules[1]).toMatchObject({ email: "nobody@contoso.test", items: [], error: { code: "ErrorMailRecipientNotFound" } });
    expect(schedules[1]?.error?.message).toContain("nobody@contoso.test");
  });

  it("answers not_found when the mailbox it runs as does not exist", async () => {
    const result = await h.graph.getSchedules({ asUser: "ghost@contoso.test", emails: ["lee.gu@contoso.test"], ...week });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: "not_found", details: { unknown: ["ghost@contoso.test"] } });
  });

  it("splits 450 attendees into 23 getSchedule requests in 2 batches (20 + 3)", async () => {
    const real = h.sim.tenant.users.map((u) => u.mail);
    const emails = [...real, ...Array.from({ length: 450 - real.length }, (_, i) => `guest${i}@fabrikam.test`)];
    const schedules = value(await h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails, ...week, intervalMinutes: 60 }));
    expect(schedules).toHaveLength(450);
    expect([...h.sim.stats.batches].sort((a, b) => b - a)).toEqual([20, 3]);
    expect(h.sim.stats.batchItems.getSchedule).toBe(23);
    expect(schedules.filter((s) => s.error).length).toBe(450 - real.length);
    // Graph runs ≤ 4 batch items at once; two batches on one mailbox must not add up beyond 4.
    expect(h.sim.maxInFlight("adele.vance@contoso.test")).toBeLessThanOrEqual(4);
    expect(h.sim.stats.concurrencyRejections).toBe(0);
  });

  it("rejects bad requests with validation errors, before calling Graph", async () => {
    const base = { asUser: "adele.vance@contoso.test", emails: ["lee.gu@contoso.test"] };
    const tooLong = await h.graph.getSchedules({ ...base, start: "2026-10-01T00:00:00Z", end: "2026-12-02T00:00:00Z" });
    expect(tooLong.ok ? undefined : tooLong.error.code).toBe("validation");
    expect(tooLong.ok ? "" : tooLong.error.message).toContain("62 days");
    const reversed = await h.graph.getSchedules({ ...base, start: week.end, end: week.start });
    expect(reversed.ok ? undefined : reversed.error.code).toBe("validation");
    const badEmail = await h.graph.getSchedules({ ...base, emails: ["not an email"], ...week });
    expect(badEmail.ok ? undefined : badEmail.error.code).toBe("validation");
    const none = await h.graph.getSchedules({ ...base, emails: [], ...week });
    expect(none.ok ? undefined : none.error.code).toBe("validation");
    const badInterval = await h.graph.getSchedules({ ...base, ...week, intervalMinutes: 2 });
    expect(badInterval.ok ? undefined : badInterval.error.code).toBe("validation");
    expect(h.sim.stats.graphRequests).toBe(0);
  });
});
