/**
 * Users whose mail address is not their UPN. Graph only knows `/users/{id | userPrincipalName}`, so the
 * adapter, which is called with mail addresses, must find such users by mail and then address them by id.
 */
import { startHarness, value, type Harness } from "./harness.js";

const MEGAN = "megan.bowen@contoso.test";
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ upnDiffersFromMail: [MEGAN] });
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => h.sim.reset());

const window = { start: "2026-11-02T00:00:00Z", end: "2026-11-04T00:00:00Z" };

describe("Graph adapter: a user whose mail is not their UPN", () => {
  it("(simulator) their UPN is not their mail; by UPN they resolve directly", async () => {
    const megan = h.user("megan.bowen");
    expect(megan.userPrincipalName).toBe("megan.bowen@contoso.onmicrosoft.test");
    const byUpn = value(await h.graph.getUser(megan.userPrincipalName));
    expect(byUpn).toMatchObject({ id: megan.id, mail: MEGAN, userPrincipalName: megan.userPrincipalName });
    expect(h.sim.stats.log.some((e) => e.route === "getUser" && e.status === 200)).toBe(true);
  });

  it("resolves them by mail, with zone, working hours and manager, among other users", async () => {
    const megan = h.user("megan.bowen");
    const graph = h.adapter(); // knows nothing about her yet
    const users = value(await graph.getUsers(["adele.vance@contoso.test", MEGAN.toUpperCase()]));
    expect(users.map((u) => u.id)).toEqual([h.user("adele.vance").id, megan.id]);
    expect(users[1]).toMatchObject({ mail: MEGAN, timeZone: megan.timeZone, workingHours: { timeZone: megan.timeZone }, managerId: megan.managerId });
    // Graph (the simulator) refused /users/{mail}; the adapter found her by mail and read her by id.
    expect(h.sim.stats.log.filter((e) => e.route === "getUser").map((e) => e.status).sort()).toEqual([200, 200, 404]);
    expect(h.sim.stats.batchItems.listUsers).toBe(1);
    // Unknown addresses are still unknown (looked up by mail once, not retried forever).
    const missing = await graph.getUsers([MEGAN, "nobody@contoso.test"]);
    expect(missing.ok ? undefined : missing.error.details).toEqual({ unknown: ["nobody@contoso.test"] });
  });

  it("reads free/busy as them and books / reads / lists events in their calendar by mail (fresh adapter)", async () => {
    const graph = h.adapter();
    const [adele] = value(await graph.getSchedules({ asUser: MEGAN, emails: ["adele.vance@contoso.test"], ...window }));
    expect(adele?.error).toBeUndefined();
    expect(adele?.items.length).toBeGreaterThan(0);

    const fresh = h.adapter();
    const event = value(
      await fresh.createEvent(MEGAN, {
        subject: "AI usage review",
        bodyHtml: "<p>Seats</p>",
        start: "2026-11-03T16:00:00Z",
        end: "2026-11-03T16:30:00Z",
        timeZone: "America/New_York",
        attendees: [{ email: "adele.vance@contoso.test", type: "required" }],
        online: true,
        transactionId: "mail-not-upn-1",
      }),
    );
    expect(event).toMatchObject({ organizerEmail: MEGAN, isOnlineMeeting: true });
    expect(h.sim.createdEvents()).toBe(1);
    expect(value(await h.adapter().getEvent(MEGAN, event.id)).id).toBe(event.id);
    const view = value(await h.adapter().listCalendarView(MEGAN, "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"));
    expect(view.map((e) => e.id)).toContain(event.id);
    expect(value(await h.adapter().updateEventBody(MEGAN, event.id, "<p>New</p>")).bodyHtml).toBe("<p>New</p>");
  });

  it("an unknown mailbox stays not_found, and a missing event is not looked up again", async () => {
    const nobody = await h.graph.listCalendarView("nobody@contoso.test", window.start, window.end);
    expect(nobody.ok ? undefined : nobody.error.code).toBe("not_found");
    value(await h.graph.getUser(MEGAN));
    h.sim.resetStats();
    const missing = await h.graph.getEvent(MEGAN, "AAMkAGdoesnotexist=");
    expect(missing.ok ? undefined : missing.error.details).toMatchObject({ graphCode: "ErrorItemNotFound" });
    expect(h.sim.stats.graphRequests).toBe(1);
  });
});
