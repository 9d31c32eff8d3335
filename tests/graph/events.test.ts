import { DateTime } from "luxon";
import type { NewEvent } from "../../shared/src/ports/graph.js";
import { startHarness, value, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ maxPageSize: 7 });
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => {
  h.sim.reset();
});

const meeting = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  subject: "Vendor renewal sync",
  bodyHtml: "<h3>Agenda</h3><ol><li>Renewal terms</li><li>Notice deadline</li></ol>",
  start: "2026-11-10T15:00:00Z",
  end: "2026-11-10T15:30:00Z",
  timeZone: "America/New_York",
  attendees: [
    { email: "joni.sherman@contoso.test", type: "required" },
    { email: "henrietta.mueller@contoso.test", name: "Henrietta Mueller", type: "optional" },
  ],
  online: true,
  transactionId: "opsco-proposal-1",
  ...overrides,
});

const seriesId = (subject: string): string => {
  const s = h.sim.tenant.series.find((x) => x.subject === subject);
  if (!s) throw new Error(subject);
  return s.id;
};

describe("Graph adapter: events", () => {
  it("creates an event with a Teams meeting and reads back the join URL", async () => {
    const event = value(await h.graph.createEvent("adele.vance@contoso.test", meeting()));
    expect(event).toMatchObject({
      subject: "Vendor renewal sync",
      start: "2026-11-10T15:00:00.000Z",
      end: "2026-11-10T15:30:00.000Z",
      timeZone: "America/New_York",
      organizerEmail: "adele.vance@contoso.test",
      isOnlineMeeting: true,
      type: "singleInstance",
      bodyHtml: meeting().bodyHtml,
      attendees: [
        { email: "joni.sherman@contoso.test", type: "required" },
        { email: "henrietta.mueller@contoso.test", name: "Henrietta Mueller", type: "optional" },
      ],
    });
    expect(event.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    // The attendee's free/busy now shows the meeting.
    const [joni] = value(
      await h.graph.getSchedules({ asUser: "adele.vance@contoso.test", emails: ["joni.sherman@contoso.test"], start: "2026-11-10T14:00:00Z", end: "2026-11-10T17:00:00Z" }),
    );
    expect(joni?.items).toContainEqual({ start: "2026-11-10T15:00:00.000Z", end: "2026-11-10T15:30:00.000Z", status: "busy" });
    expect(value(await h.graph.getEvent("joni.sherman@contoso.test", event.id)).joinUrl).toBe(event.joinUrl);
  });

  it("creates one event for the same transactionId sent twice", async () => {
    const first = value(await h.graph.createEvent("adele.vance@contoso.test", meeting()));
    const second = value(await h.graph.createEvent("adele.vance@contoso.test", meeting()));
    expect(second.id).toBe(first.id);
    expect(h.sim.createdEvents()).toBe(1);
    const third = value(await h.graph.createEvent("adele.vance@contoso.test", meeting({ transactionId: "opsco-proposal-2" })));
    expect(third.id).not.toBe(first.id);
    expect(h.sim.createdEvents()).toBe(2);
  });

  it("sends wall time in the event's zone (half-hour zone round trip)", async () => {
    const event = value(
      await h.graph.createEvent("ravi.kumar@contoso.test", meeting({ timeZone: "Asia/Kolkata", start: "2026-11-10T04:00:00Z", end: "2026-11-10T04:45:00Z" })),
    );
    expect(event).toMatchObject({ start: "2026-11-10T04:00:00.000Z", end: "2026-11-10T04:45:00.000Z", timeZone: "Asia/Kolkata" });
  });

  it("waits for a join URL Teams provisions late", async () => {
    const slow = await startHarness({ onlineMeetingDelayMs: 250 });
    try {
      const event = value(await slow.graph.createEvent("adele.vance@contoso.test", meeting()));
      expect(event.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
      expect(slow.sim.stats.routes.getEvent).toBeGreaterThanOrEqual(1);
    } finally {
      await slow.sim.close();
    }
  });

  it("returns the created event (without join URL) when reading the join URL back fails: it exists, nothing to undo", async () => {
    const slow = await startHarness({ onlineMeetingDelayMs: 60_000 }, { maxRetries: 0 });
    try {
      slow.sim.setFaults([{ route: "getEvent", status: 503, code: "serviceNotAvailable", retryAfterSeconds: 0 }]);
      const event = value(await slow.graph.createEvent("adele.vance@contoso.test", meeting()));
      expect(event).toMatchObject({ subject: "Vendor renewal sync", isOnlineMeeting: true, joinUrl: undefined });
      expect(slow.sim.createdEvents()).toBe(1);
      expect(slow.sim.stats.routes.getEvent).toBe(1); // gave up reading back after the first failure
    } finally {
      await slow.sim.close();
    }
  });

  it("keeps the instant of a slot in the repeated hour of a DST fall-back (wall time would be ambiguous)", async () => {
    // 1 Nov 2026, New York: 01:00–02:00 happens twice. 05:30Z is the first 01:30 (EDT), 06:30Z the second (EST).
    for (const [start, end] of [
      ["2026-11-01T05:30:00.000Z", "2026-11-01T06:00:00.000Z"],
      ["2026-11-01T06:30:00.000Z", "2026-11-01T07:00:00.000Z"],
    ] as const) {
      const event = value(
        await h.graph.createEvent("adele.vance@contoso.test", meeting({ start, end, timeZone: "America/New_York", transactionId: `dst-${start}` })),
      );
      expect({ start: event.start, end: event.end }).toEqual({ start, end });
    }
  });

  it("rejects dot segments as user or event ids (they would re-target the request path)", async () => {
    h.sim.resetStats();
    const dots = [
      await h.graph.getEvent("adele.vance@contoso.test", ".."),
      await h.graph.getEvent("..", "AAMkAGx="),
      await h.graph.updateEventBody("adele.vance@contoso.test", ".", "<p>x</p>"),
      await h.graph.listCalendarView("..", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"),
      await h.graph.getUser(".."),
    ];
    expect(dots.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["validation", "validation", "validation", "validation", "validation"]);
    expect(h.sim.stats.graphRequests).toBe(0);
  });

  it("rejects an invalid event without calling Graph", async () => {
    h.sim.resetStats();
    const reversed = await h.graph.createEvent("adele.vance@contoso.test", meeting({ start: "2026-11-10T16:00:00Z" }));
    expect(reversed.ok ? undefined : reversed.error.code).toBe("validation");
    const badZone = await h.graph.createEvent("adele.vance@contoso.test", meeting({ timeZone: "Pacific Standard Time" }));
    expect(badZone.ok ? undefined : badZone.error.code).toBe("validation");
    const noTx = await h.graph.createEvent("adele.vance@contoso.test", meeting({ transactionId: "" }));
    expect(noTx.ok ? undefined : noTx.error.code).toBe("validation");
    expect(h.sim.stats.graphRequests).toBe(0);
  });

  it("reads a series master and its instances; local time holds across DST", async () => {
    const masterId = seriesId("Weekly operations sync");
    const master = value(await h.graph.getEvent("adele.vance@contoso.test", masterId));
    expect(master).toMatchObject({ id: masterId, type: "seriesMaster", timeZone: "America/New_York", isOnlineMeeting: true });
    expect(master.bodyHtml).toContain("<b>Owner:</b> Adele Vance");
    const instances = value(await h.graph.listInstances("adele.vance@contoso.test", masterId, h.sim.tenant.window.start, h.sim.tenant.window.end));
    expect(instances).toHaveLength(6); // six Mondays in the window
    for (const i of instances) {
      expect(i.type).toBe("occurrence");
      expect(i.seriesMasterId).toBe(masterId);
      expect(DateTime.fromISO(i.start, { zone: "America/New_York" }).toFormat("ccc HH:mm")).toBe("Mon 10:00");
    }
    expect(new Set(instances.map((i) => DateTime.fromISO(i.start).toUTC().hour))).toEqual(new Set([14, 15]));
  });

  it("lists instances with a cancelled and a moved occurrence (exception)", async () => {
    const masterId = seriesId("Marketing campaign sync");
    const instances = value(await h.graph.listInstances("allan.deyoung@contoso.test", masterId, h.sim.tenant.window.start, h.sim.tenant.window.end));
    expect(instances).toHaveLength(5); // six Thursdays, one cancelled
    expect(instances.filter((i) => i.type === "exception")).toHaveLength(1);
    const daily = value(
      await h.graph.listInstances("isaiah.langer@contoso.test", seriesId("Finance month-end standup"), h.sim.tenant.window.start, h.sim.tenant.window.end),
    );
    expect(daily).toHaveLength(30); // 6 weeks × 5 weekdays, over 5 pages of ≤ 7
    expect(h.sim.stats.routes.listInstances).toBeGreaterThanOrEqual(1 + 5);
  });

  it("shows recurring meetings without agenda or owner as such", async () => {
    const governance = value(await h.graph.getEvent("megan.bowen@contoso.test", seriesId("AI tools governance review")));
    expect(governance.bodyHtml).toBe("");
    const vendor = value(await h.graph.getEvent("lee.gu@contoso.test", seriesId("Vendor check-in")));
    expect(vendor).toMatchObject({ type: "seriesMaster", organizerEmail: "joni.sherman@contoso.test", bodyHtml: "" });
  });

  it("updates the body of one occurrence (→ exception) and of the series", async () => {
    const masterId = seriesId("Vendor check-in");
    const [first] = value(await h.graph.listInstances("joni.sherman@contoso.test", masterId, "2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z"));
    if (!first) throw new Error("no instance");
    const agenda = "<p><b>Owner:</b> Joni Sherman</p><ol><li>Late deliveries</li></ol>";
    const updated = value(await h.graph.updateEventBody("joni.sherman@contoso.test", first.id, agenda));
    expect(updated).toMatchObject({ id: first.id, type: "exception", bodyHtml: agenda, seriesMasterId: masterId });
    expect(value(await h.graph.getEvent("joni.sherman@contoso.test", masterId)).bodyHtml).toBe("");
    const series = value(await h.graph.updateEventBody("joni.sherman@contoso.test", masterId, "<p>Series agenda</p>"));
    expect(series.bodyHtml).toBe("<p>Series agenda</p>");
    expect(h.sim.stats.routes.updateEvent).toBe(2);
  });

  it("lists a calendar view (occurrences expanded, all pages)", async () => {
    const view = value(await h.graph.listCalendarView("adele.vance@contoso.test", "2026-10-26T00:00:00Z", "2026-11-09T00:00:00Z"));
    expect(view.length).toBeGreaterThan(7);
    expect(h.sim.stats.routes.calendarView).toBe(Math.ceil(view.length / 7));
    expect(view.filter((e) => e.subject === "Weekly operations sync").map((e) => e.start)).toEqual(["2026-10-26T14:00:00.000Z", "2026-11-02T15:00:00.000Z"]);
    expect(view.every((e) => e.type !== "seriesMaster")).toBe(true);
    const sorted = [...view].sort((a, b) => a.start.localeCompare(b.start));
    expect(view.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
  });

  it("answers not_found for unknown events and mailboxes", async () => {
    const missing = await h.graph.getEvent("adele.vance@contoso.test", "AAMkAGdoesnotexist=");
    expect(missing.ok ? undefined : missing.error).toMatchObject({ code: "not_found", details: { status: 404, graphCode: "ErrorItemNotFound" } });
    const nobody = await h.graph.listCalendarView("nobody@contoso.test", "2026-10-26T00:00:00Z", "2026-10-27T00:00:00Z");
    expect(nobody.ok ? undefined : nobody.error.code).toBe("not_found");
    const notMine = await h.graph.getEvent("patti.fernandez@contoso.test", seriesId("Vendor check-in"));
    expect(notMine.ok ? undefined : notMine.error.code).toBe("not_found");
  });
});
