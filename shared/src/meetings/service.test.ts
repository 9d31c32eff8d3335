import { DomainError, fail, ok, type Result } from "../errors.js";
import { FixedClock } from "../ports/clock.js";
import type { DirectoryUser, NewEvent, ScheduleRequest, WorkingHours } from "../ports/graph.js";
import { SequentialIds } from "../ports/ids.js";
import { FakeGraph } from "../testing/fake-graph.js";
import { memoryRepository, type MemoryRepository } from "../testing/memory-repository.js";
import { meetingsCollection } from "./collection.js";
import type { Meeting } from "./model.js";
import { bookingKey, createSchedulingService, renderAgendaHtml, type SchedulingService } from "./service.js";

/**
 * Unit tests of the scheduling service over the in-memory GraphPort of ../testing/fake-graph.ts (canned
 * directory and calendars, recorded calls) and the in-memory store. The real Graph adapter is tested
 * against the simulator elsewhere.
 */
const T = "tenant-1";
const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const hours = (timeZone: string): WorkingHours => ({ daysOfWeek: weekdays, startTime: "09:00", endTime: "17:00", timeZone });
const user = (name: string, timeZone: string | undefined, workingHours?: WorkingHours): DirectoryUser => ({
  id: `id-${name}`,
  displayName: name[0]!.toUpperCase() + name.slice(1),
  mail: `${name}@contoso.test`,
  userPrincipalName: `${name}@contoso.test`,
  timeZone,
  workingHours,
});

const directory = [
  user("olivia", "America/New_York", hours("America/New_York")), // organizer
  user("priya", "Asia/Kolkata", hours("Asia/Kolkata")),
  user("bernd", "Europe/Berlin", hours("Europe/Berlin")),
  user("lee", "America/Los_Angeles"), // no working hours from Graph → default 09–17 in her zone
];

// Tuesday 2026-06-02. New York (EDT, -4) 13:00–21:00Z, Kolkata 03:30–11:30Z, Berlin (CEST) 07:00–15:00Z.
const calendars = {
  "olivia@contoso.test": { items: [{ start: "2026-06-02T13:00:00Z", end: "2026-06-02T14:00:00Z", status: "busy" as const }] },
  "priya@contoso.test": { items: [{ start: "2026-06-02T10:00:00Z", end: "2026-06-02T11:00:00Z", status: "busy" as const }] },
  "bernd@contoso.test": { items: [{ start: "2026-06-02T14:00:00Z", end: "2026-06-02T15:00:00Z", status: "oof" as const }] },
};

interface Harness {
  graph: FakeGraph;
  meetings: MemoryRepository<Meeting>;
  clock: FixedClock;
  service: SchedulingService;
}

function harness(options: { meetings?: MemoryRepository<Meeting>; calendars?: ConstructorParameters<typeof FakeGraph>[1] } = {}): Harness {
  const graph = new FakeGraph(directory, options.calendars ?? calendars);
  const meetings = options.meetings ?? memoryRepository(meetingsCollection);
  const clock = new FixedClock("2026-06-01T12:00:00Z");
  const service = createSchedulingService({ graph, meetings, clock, ids: new SequentialIds() });
  return { graph, meetings, clock, service };
}

const proposal = {
  organizer: "Olivia@contoso.test",
  requiredAttendees: ["priya@contoso.test"],
  optionalAttendees: ["bernd@contoso.test"],
  durationMinutes: 60,
  window: { start: "2026-06-02T00:00:00Z", end: "2026-06-03T00:00:00Z" },
  timeZone: "America/New_York",
};

const booking = {
  organizer: "olivia@contoso.test",
  subject: "Vendor renewal sync",
  slot: { start: "2026-06-02T14:00:00Z", end: "2026-06-02T15:00:00Z" },
  attendees: [
    { email: "priya@contoso.test", name: "Priya" },
    { email: "bernd@contoso.test", type: "optional" as const },
  ],
  agenda: [
    { title: "Renewal terms <draft> & pricing", minutes: 20, ownerId: "id-priya" },
    { title: "Next steps" },
  ],
  timeZone: "America/New_York",
  requestedBy: "id-olivia",
};

describe("proposeSlots", () => {
  it("resolves attendees, reads free/busy once for everyone and ranks slots", async () => {
    const { graph, service } = harness();
    const result = await service.proposeSlots(T, proposal);
    if (!result.ok) throw result.error;
    const { slots, attendees, proposalId } = result.value;

    expect(proposalId).toBe("proposal_1");
    expect(graph.count("getUsers")).toBe(1);
    expect(graph.count("getSchedules")).toBe(1);
    const request = graph.calls.find((c) => c.method === "getSchedules")!.args[0] as ScheduleRequest;
    expect(request).toMatchObject({
      asUser: "olivia@contoso.test",
      emails: ["olivia@contoso.test", "priya@contoso.test", "bernd@contoso.test"],
      start: "2026-06-02T00:00:00.000Z",
      end: "2026-06-03T00:00:00.000Z",
      intervalMinutes: 30,
    });

    expect(attendees.map((a) => [a.email, a.required, a.timeZone, a.availabilityKnown])).toEqual([
      ["olivia@contoso.test", true, "America/New_York", true],
      ["priya@contoso.test", true, "Asia/Kolkata", true],
      ["bernd@contoso.test", false, "Europe/Berlin", true],
    ]);
    // Olivia ∩ Priya working hours: 13:00–11:30Z is empty, so no slot has everyone inside; the best has
    // Bernd free and two of three inside: Berlin ∩ New York = 13:00–15:00Z, but Olivia is busy 13–14
    // and Bernd is oof 14–15 → Bernd-free slots inside two zones: Priya+Bernd 07:00–10:00Z.
    expect(slots.length).toBe(10);
    expect(slots[0]).toEqual({
      start: "2026-06-02T07:00:00.000Z",
      end: "2026-06-02T08:00:00.000Z",
      optionalFree: 1,
      insideWorkingHours: 2,
      outsideWorkingHours: ["olivia@contoso.test"],
      optionalBusy: [],
    });
    // Olivia's own busy hour is never offered
    expect(slots.some((s) => s.start === "2026-06-02T13:00:00.000Z" || s.start === "2026-06-02T13:30:00.000Z")).toBe(false);
  });

  it("asks Graph for the buffer around the window, never for 62 days or more", async () => {
    const { graph, service } = harness();
    const requests = (): ScheduleRequest[] => graph.calls.filter((c) => c.method === "getSchedules").map((c) => c.args[0] as ScheduleRequest);
    expect((await service.proposeSlots(T, { ...proposal, bufferMinutes: 15 })).ok).toBe(true);
    expect(requests()[0]).toMatchObject({ start: "2026-06-01T23:45:00.000Z", end: "2026-06-03T00:15:00.000Z" });

    const longest = { start: "2026-06-02T00:00:00Z", end: "2026-08-02T23:00:00Z" }; // 61 days 23 hours
    expect((await service.proposeSlots(T, { ...proposal, window: longest, bufferMinutes: 240 })).ok).toBe(true);
    const asked = requests()[1]!;
    expect(Date.parse(asked.end) - Date.parse(asked.start)).toBeLessThan(62 * 86_400_000);
    // The window itself is always covered; only the buffer margins around it shrink.
    expect(Date.parse(asked.start)).toBeLessThanOrEqual(Date.parse(longest.start));
    expect(Date.parse(asked.end)).toBeGreaterThanOrEqual(Date.parse(longest.end));
  });

  it("never offers a slot over busy time at the start of a long window whose buffer does not fit under 62 days", async () => {
    // Olivia is busy 00:00–02:00Z on the first day. A 61 d 23 h window + 4 h buffers exceeds Graph's limit;
    // trimming the fetched range at the window's start would hide that meeting and offer slots over it.
    const request = {
      ...proposal,
      optionalAttendees: [],
      window: { start: "2026-06-02T00:00:00Z", end: "2026-08-02T23:00:00Z" },
      bufferMinutes: 240,
    };
    const busyFirstThing = { "olivia@contoso.test": { items: [{ start: "2026-06-02T00:00:00Z", end: "2026-06-02T02:00:00Z", status: "busy" as const }] } };
    const withMeeting = await harness({ calendars: busyFirstThing }).service.proposeSlots(T, request);
    const without = await harness({ calendars: {} }).service.proposeSlots(T, request);
    if (!withMeeting.ok) throw withMeeting.error;
    if (!without.ok) throw without.error;
    // The meeting + 4 h buffer blocks every 30-min grid start from 00:00Z to 05:30Z: 12 fewer candidates.
    expect(without.value.candidateCount - withMeeting.value.candidateCount).toBe(12);
  });

  it("fills in default working hours in the attendee's zone when Graph has none", async () => {
    const { service } = harness();
    const result = await service.proposeSlots(T, { ...proposal, requiredAttendees: ["lee@contoso.test"], optionalAttendees: [] });
    if (!result.ok) throw result.error;
    expect(result.value.attendees[1]!.workingHours).toEqual({ ...hours("America/Los_Angeles") });
    // New York 13:00–21:00Z (busy 13–14) ∩ Los Angeles 16:00–24:00Z → first slot inside both is 16:00Z
    expect(result.value.slots[0]).toMatchObject({ start: "2026-06-02T16:00:00.000Z", insideWorkingHours: 2 });
  });

  it("treats an attendee whose schedule Graph could not read as free, and says so", async () => {
    const { service } = harness({
      calendars: { ...calendars, "priya@contoso.test": { items: [], error: { code: "ErrorMailboxNotFound", message: "no mailbox" } } },
    });
    const result = await service.proposeSlots(T, proposal);
    if (!result.ok) throw result.error;
    expect(result.value.attendees.find((a) => a.email === "priya@contoso.test")!.availabilityKnown).toBe(false);
  });

  it("rejects a malformed request naming each problem, without calling Graph", async () => {
    const { graph, service } = harness();
    const result = await service.proposeSlots(T, { ...proposal, organizer: "not-an-email", durationMinutes: 0, granularityMinutes: 7 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("validation");
    expect(result.error.issues.map((i) => i.path).sort()).toEqual(["durationMinutes", "granularityMinutes", "organizer"]);
    expect(graph.calls).toHaveLength(0);
  });

  it("rejects a window of 62 days or more before any Graph call", async () => {
    const { graph, service } = harness();
    const result = await service.proposeSlots(T, { ...proposal, window: { start: "2026-06-02T00:00:00Z", end: "2026-08-03T00:00:00Z" } });
    expect(result.ok ? null : [result.error.code, result.error.issues.map((i) => i.path)]).toEqual(["validation", ["window"]]);
    expect(result.ok ? "" : result.error.message).toMatch(/62 days/);
    expect(graph.calls).toHaveLength(0);
  });

  it("rejects a window that is already over (now + lead) before any Graph call", async () => {
    const { graph, service } = harness();
    const result = await service.proposeSlots(T, { ...proposal, window: { start: "2026-05-30T00:00:00Z", end: "2026-06-01T12:30:00Z" } });
    expect(result.ok ? null : result.error.code).toBe("validation");
    expect(graph.calls).toHaveLength(0);
  });

  it("rejects more than 100 attendees", async () => {
    const { graph, service } = harness();
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@contoso.test`);
    const result = await service.proposeSlots(T, { ...proposal, requiredAttendees: many });
    expect(result.ok ? null : result.error.code).toBe("validation");
    expect(graph.calls).toHaveLength(0);
  });

  it("names unknown attendees and does not ask for schedules", async () => {
    const { graph, service } = harness();
    const result = await service.proposeSlots(T, { ...proposal, requiredAttendees: ["priya@contoso.test", "ghost@contoso.test", "nobody@fabrikam.test"] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("not_found");
    expect(result.error.message).toBe("Unknown attendees: ghost@contoso.test, nobody@fabrikam.test");
    expect(result.error.details).toEqual({ unknown: ["ghost@contoso.test", "nobody@fabrikam.test"] });
    expect(graph.count("getSchedules")).toBe(0);
  });

  it("passes a Graph failure through as it came", async () => {
    const { graph, service } = harness();
    graph.getSchedules = async () => fail("upstream", "Graph getSchedule failed: ErrorServerBusy", { graphCode: "ErrorServerBusy" });
    const result = await service.proposeSlots(T, proposal);
    expect(result.ok ? null : [result.error.code, result.error.details]).toEqual(["upstream", { graphCode: "ErrorServerBusy" }]);
  });
});

describe("book", () => {
  it("creates one online event with the agenda as escaped HTML and stores the meeting", async () => {
    const { graph, meetings, service } = harness();
    const result = await service.book(T, booking);
    if (!result.ok) throw result.error;
    const meeting = result.value;

    expect(graph.count("createEvent")).toBe(1);
    const [organizer, event] = graph.calls.find((c) => c.method === "createEvent")!.args as [string, NewEvent];
    expect(organizer).toBe("olivia@contoso.test");
    expect(event).toMatchObject({
      subject: "Vendor renewal sync",
      start: "2026-06-02T14:00:00.000Z",
      end: "2026-06-02T15:00:00.000Z",
      timeZone: "America/New_York",
      online: true,
      transactionId: meeting.bookingKey,
      attendees: [
        { email: "priya@contoso.test", name: "Priya", type: "required" },
        { email: "bernd@contoso.test", name: undefined, type: "optional" },
      ],
    });
    expect(event.bodyHtml).toContain("<li>Renewal terms &lt;draft&gt; &amp; pricing <em>(20 min, id-priya)</em></li>");

    expect(meeting).toMatchObject({
      tenantId: T,
      graphEventId: "evt-1",
      iCalUId: "ical-evt-1",
      joinUrl: "https://teams.example/l/meetup-join/evt-1",
      organizerEmail: "olivia@contoso.test",
      ownerId: "id-olivia",
      source: "booked",
      createdAt: "2026-06-01T12:00:00.000Z",
    });
    expect(meeting.agenda.map((a) => [a.id, a.title])).toEqual([
      ["agenda_1", "Renewal terms <draft> & pricing"],
      ["agenda_2", "Next steps"],
    ]);
    expect(meeting.etag).toBeDefined();
    expect(meetings.size).toBe(1);
  });

  it("is idempotent: booking the same thing again returns the first meeting and creates no second event", async () => {
    const { graph, meetings, service } = harness();
    const first = await service.book(T, booking);
    // same people in another order and case, same subject modulo whitespace: same booking
    const again = await service.book(T, {
      ...booking,
      subject: "  Vendor renewal  sync ",
      attendees: [{ email: "Bernd@contoso.test", type: "optional" }, { email: "priya@contoso.test" }],
    });
    expect(again).toEqual(first);
    expect(graph.count("createEvent")).toBe(1);
    expect(graph.events.size).toBe(1);
    expect(meetings.size).toBe(1);
  });

  it("two concurrent bookings of the same slot on two bot instances yield one event and one meeting", async () => {
    const { graph, meetings, service } = harness();
    const other = createSchedulingService({ graph, meetings, clock: new FixedClock("2026-06-01T12:00:00Z"), ids: new SequentialIds() });
    const [a, b] = await Promise.all([service.book(T, booking), other.book(T, booking)]);
    if (!a.ok || !b.ok) throw new Error("both should succeed");
    expect(a.value.id).toBe(b.value.id);
    expect(graph.count("createEvent")).toBe(2); // both got past the store check: the race really happened
    expect(graph.events.size).toBe(1); // the second createEvent reused the transactionId
    expect(meetings.size).toBe(1);
  });

  it("a duplicate of a booking still in flight (Teams re-sending the invoke) waits for it instead of calling Graph again", async () => {
    const { graph, meetings, service } = harness();
    const [a, b] = await Promise.all([service.book(T, booking), service.book(T, { ...booking, subject: " Vendor renewal sync" })]);
    if (!a.ok || !b.ok) throw new Error("both should succeed");
    expect(b.value).toEqual(a.value);
    // Graph documents transactionId for retries, not for two creates racing: don't rely on it here.
    expect(graph.count("createEvent")).toBe(1);
    expect(meetings.size).toBe(1);
    // Settled bookings are forgotten: a later identical call is answered from the store.
    expect(await service.book(T, booking)).toEqual(a);
    expect(graph.count("createEvent")).toBe(1);
  });

  it("a different slot is a different booking", async () => {
    const { graph, service } = harness();
    const first = await service.book(T, booking);
    const later = await service.book(T, { ...booking, slot: { start: "2026-06-02T15:00:00Z", end: "2026-06-02T16:00:00Z" } });
    if (!first.ok || !later.ok) throw new Error("both should succeed");
    expect(later.value.id).not.toBe(first.value.id);
    expect(graph.events.size).toBe(2);
  });

  it("passes a Graph error through and stores nothing", async () => {
    const { graph, meetings, service } = harness();
    graph.failCreateWith = new DomainError("upstream", "Graph createEvent failed: ErrorAccessDenied", { graphCode: "ErrorAccessDenied", status: 403 });
    const result = await service.book(T, booking);
    expect(result.ok ? null : [result.error.code, result.error.details]).toEqual(["upstream", { graphCode: "ErrorAccessDenied", status: 403 }]);
    expect(meetings.size).toBe(0);
  });

  it("after a store failure following the Graph create, a retry still ends with exactly one event", async () => {
    let storeDown = true;
    const meetings = memoryRepository(meetingsCollection, { beforeWrite: () => (storeDown ? fail("unavailable", "store down") : undefined) });
    const { graph, service } = harness({ meetings });
    const failed = await service.book(T, booking);
    expect(failed.ok ? null : failed.error.code).toBe("unavailable");
    storeDown = false;
    const retried = await service.book(T, booking);
    if (!retried.ok) throw retried.error;
    expect(graph.count("createEvent")).toBe(2);
    expect(graph.events.size).toBe(1);
    expect(retried.value.graphEventId).toBe("evt-1");
  });

  it("refuses invalid bookings and slots in the past without calling Graph", async () => {
    const { graph, service } = harness();
    const bad = await service.book(T, { ...booking, subject: " ", slot: { start: "2026-06-02T15:00:00Z", end: "2026-06-02T14:00:00Z" } });
    expect(bad.ok ? null : bad.error.issues.map((i) => i.path).sort()).toEqual(["slot.end", "subject"]);
    const past = await service.book(T, { ...booking, slot: { start: "2026-06-01T09:00:00Z", end: "2026-06-01T10:00:00Z" } });
    expect(past.ok ? null : past.error.issues.map((i) => i.path)).toEqual(["slot.start"]);
    const alone = await service.book(T, { ...booking, attendees: [{ email: "olivia@contoso.test" }] });
    expect(alone.ok ? null : alone.error.code).toBe("validation");
    expect(graph.calls).toHaveLength(0);
  });

  it("bookingKey ignores attendee order and case but not the tenant", () => {
    const slot = booking.slot;
    const a = bookingKey(T, "olivia@contoso.test", "Sync", slot, [{ email: "a@x.test" }, { email: "B@x.test" }]);
    expect(bookingKey(T, "Olivia@contoso.test", "Sync", slot, [{ email: "b@x.test" }, { email: "a@x.test" }])).toBe(a);
    expect(bookingKey("tenant-2", "olivia@contoso.test", "Sync", slot, [{ email: "a@x.test" }, { email: "b@x.test" }])).not.toBe(a);
  });
});

describe("listUpcoming", () => {
  async function booked(): Promise<Harness> {
    const h = harness();
    const at = (day: number, hour: number) => ({
      start: `2026-06-0${day}T${String(hour).padStart(2, "0")}:00:00Z`,
      end: `2026-06-0${day}T${String(hour + 1).padStart(2, "0")}:00:00Z`,
    });
    for (const [slot, organizer, attendee] of [
      [at(4, 9), "olivia@contoso.test", "priya@contoso.test"],
      [at(2, 9), "olivia@contoso.test", "bernd@contoso.test"],
      [at(3, 9), "priya@contoso.test", "bernd@contoso.test"],
      [at(5, 9), "lee@contoso.test", "priya@contoso.test"],
    ] as const) {
      const r = await h.service.book(T, { ...booking, slot, organizer, attendees: [{ email: attendee }] });
      if (!r.ok) throw r.error;
    }
    return h;
  }
  const days = (r: Result<Meeting[]>): string[] => (r.ok ? r.value.map((m) => m.start.slice(8, 10)) : [r.error.code]);

  it("lists soonest first, from now by default, with a limit", async () => {
    const { service, clock } = await booked();
    expect(days(await service.listUpcoming(T, {}))).toEqual(["02", "03", "04", "05"]);
    expect(days(await service.listUpcoming(T, { limit: 2 }))).toEqual(["02", "03"]);
    clock.set("2026-06-03T12:00:00Z");
    expect(days(await service.listUpcoming(T, {}))).toEqual(["04", "05"]);
    expect(days(await service.listUpcoming(T, { from: "2026-06-03T00:00:00Z" }))).toEqual(["03", "04", "05"]);
  });

  it("filters by organizer, or by anyone involved", async () => {
    const { service } = await booked();
    expect(days(await service.listUpcoming(T, { organizerEmail: "Olivia@contoso.test" }))).toEqual(["02", "04"]);
    expect(days(await service.listUpcoming(T, { userEmail: "priya@contoso.test" }))).toEqual(["03", "04", "05"]);
    expect(days(await service.listUpcoming(T, { userEmail: "priya@contoso.test", limit: 1 }))).toEqual(["03"]);
    expect(days(await service.listUpcoming("other-tenant", {}))).toEqual([]);
    expect(days(await service.listUpcoming(T, { limit: 0 }))).toEqual(["validation"]);
  });
});

describe("renderAgendaHtml", () => {
  it("escapes text and names owners when given names", () => {
    expect(renderAgendaHtml([{ title: `"Q3" <b>budget</b>`, ownerId: "u1", minutes: 15 }], { u1: "Priya & co" })).toBe(
      "<h3>Agenda</h3>\n<ol>\n<li>&quot;Q3&quot; &lt;b&gt;budget&lt;/b&gt; <em>(15 min, Priya &amp; co)</em></li>\n</ol>",
    );
    expect(renderAgendaHtml([])).toBe("<p>Agenda: to be added.</p>");
  });
});
