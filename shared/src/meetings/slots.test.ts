import { DateTime } from "luxon";
import type { WorkingHours } from "../ports/graph.js";
import { findSlots, workingHoursIntervals, type SlotAttendee, type SlotSearch, type SlotSearchResult } from "./slots.js";

// Pinned clock: every search runs "now" = this instant unless a test says otherwise.
const NOW = "2026-01-01T00:00:00.000Z";
const everyDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const weekdays = everyDay.slice(0, 5);

const hours = (timeZone: string, startTime = "09:00", endTime = "17:00", daysOfWeek = weekdays): WorkingHours => ({
  timeZone,
  startTime,
  endTime,
  daysOfWeek,
});
const busy = (start: string, end: string, status: "busy" | "tentative" | "oof" | "workingElsewhere" | "unknown" | "free" = "busy") => ({
  start,
  end,
  status,
});
const person = (email: string, extra: Partial<SlotAttendee> = {}): SlotAttendee => ({ email, required: true, busy: [], ...extra });

function search(overrides: Partial<SlotSearch>): SlotSearch {
  return {
    attendees: [person("a@x.test")],
    durationMinutes: 30,
    window: { start: "2026-06-01T09:00:00Z", end: "2026-06-01T12:00:00Z" },
    granularityMinutes: 30,
    now: NOW,
    timeZone: "UTC",
    ...overrides,
  };
}

function run(overrides: Partial<SlotSearch>): SlotSearchResult {
  const result = findSlots(search(overrides));
  if (!result.ok) throw result.error;
  return result.value;
}

const starts = (r: SlotSearchResult): string[] => r.slots.map((s) => s.start);
const local = (isoInstant: string, zone: string): string => DateTime.fromISO(isoInstant, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");

describe("findSlots: free/busy", () => {
  it("offers grid starts where every required attendee is free, earliest first when nothing else differs", () => {
    const r = run({
      attendees: [
        person("a@x.test", { busy: [busy("2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z")] }),
        person("b@x.test", { busy: [busy("2026-06-01T10:30:00Z", "2026-06-01T11:00:00Z")] }),
      ],
    });
    // a meeting ending at 10:00 does not block a 10:00 start (half-open intervals)
    expect(starts(r)).toEqual(["2026-06-01T10:00:00.000Z", "2026-06-01T11:00:00.000Z", "2026-06-01T11:30:00.000Z"]);
    expect(r.slots[0]).toEqual({
      start: "2026-06-01T10:00:00.000Z",
      end: "2026-06-01T10:30:00.000Z",
      optionalFree: 0,
      insideWorkingHours: 2,
      outsideWorkingHours: [],
      optionalBusy: [],
    });
    expect(r.candidateCount).toBe(3);
    expect(r.requiredCount).toBe(2);
  });

  it("merges overlapping busy blocks across attendees and a long meeting hides the whole stretch", () => {
    const r = run({
      durationMinutes: 60,
      attendees: [
        person("a@x.test", { busy: [busy("2026-06-01T09:00:00Z", "2026-06-01T09:45:00Z"), busy("2026-06-01T09:30:00Z", "2026-06-01T10:15:00Z")] }),
        person("b@x.test", { busy: [busy("2026-06-01T10:10:00Z", "2026-06-01T10:40:00Z")] }),
      ],
    });
    expect(starts(r)).toEqual(["2026-06-01T11:00:00.000Z"]);
  });

  it("keeps the buffer free before and after every busy block", () => {
    const r = run({
      bufferMinutes: 15,
      attendees: [
        person("a@x.test", { busy: [busy("2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z")] }),
        person("b@x.test", { busy: [busy("2026-06-01T10:30:00Z", "2026-06-01T11:00:00Z")] }),
      ],
    });
    // blocked: 08:45–10:15 and 10:15–11:15 → only 11:30 fits on the 30-minute grid
    expect(starts(r)).toEqual(["2026-06-01T11:30:00.000Z"]);
  });

  it("counts tentative as busy by default, and as free when asked; oof blocks, workingElsewhere does not", () => {
    const attendees = [
      person("a@x.test", {
        busy: [
          busy("2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z", "tentative"),
          busy("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", "workingElsewhere"),
          busy("2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z", "oof"),
        ],
      }),
    ];
    expect(starts(run({ attendees, durationMinutes: 60, granularityMinutes: 60 }))).toEqual(["2026-06-01T10:00:00.000Z"]);
    expect(starts(run({ attendees, durationMinutes: 60, granularityMinutes: 60, tentative: "free" }))).toEqual([
      "2026-06-01T09:00:00.000Z",
      "2026-06-01T10:00:00.000Z",
    ]);
  });

  it("never starts before now + lead time, and says which part of the window it searched", () => {
    const r = run({ now: "2026-06-01T09:05:00Z", earliestStartFromNowMinutes: 20 });
    expect(r.searched.start).toBe("2026-06-01T09:25:00.000Z");
    expect(starts(r)[0]).toBe("2026-06-01T09:30:00.000Z");
  });

  it("caps the output (default 10) but reports every candidate", () => {
    const r = run({ durationMinutes: 15, granularityMinutes: 5 });
    expect(r.slots).toHaveLength(10);
    expect(r.candidateCount).toBe(34); // 09:00 … 11:45 every 5 minutes
    expect(run({ durationMinutes: 15, granularityMinutes: 5, maxResults: 3 }).slots).toHaveLength(3);
  });
});

describe("findSlots: grid alignment in the requester's zone", () => {
  it("aligns starts to the requester's local hour in a half-hour zone (Asia/Kolkata, +05:30)", () => {
    const r = run({
      timeZone: "Asia/Kolkata",
      granularityMinutes: 60,
      durationMinutes: 60,
      window: { start: "2026-06-01T03:10:00Z", end: "2026-06-01T07:00:00Z" },
    });
    expect(starts(r)).toEqual(["2026-06-01T03:30:00.000Z", "2026-06-01T04:30:00.000Z", "2026-06-01T05:30:00.000Z"]);
    expect(local(r.slots[0]!.start, "Asia/Kolkata")).toBe("2026-06-01 09:00 +05:30");
  });

  it("aligns to quarter hours in a 45-minute zone (Asia/Kathmandu, +05:45)", () => {
    const r = run({ timeZone: "Asia/Kathmandu", granularityMinutes: 30, window: { start: "2026-06-01T03:00:00Z", end: "2026-06-01T04:30:00Z" } });
    expect(starts(r)).toEqual(["2026-06-01T03:15:00.000Z", "2026-06-01T03:45:00.000Z"]);
  });

  it("matches a brute-force luxon grid in every zone, including across DST changes", () => {
    const cases: [zone: string, start: string, end: string, granularity: number][] = [
      ["America/New_York", "2026-03-08T03:00:00Z", "2026-03-08T12:00:00Z", 30],
      ["America/New_York", "2026-11-01T03:00:00Z", "2026-11-01T10:00:00Z", 20],
      ["Europe/Berlin", "2026-03-29T00:00:00Z", "2026-03-29T04:00:00Z", 15],
      ["Europe/Berlin", "2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z", 60],
      ["Australia/Lord_Howe", "2026-04-04T12:00:00Z", "2026-04-04T18:00:00Z", 60], // 30-minute DST shift
      ["Asia/Kolkata", "2026-06-01T00:00:00Z", "2026-06-01T06:00:00Z", 60],
      ["Pacific/Chatham", "2026-06-01T00:00:00Z", "2026-06-01T04:00:00Z", 60], // +12:45
    ];
    for (const [zone, start, end, granularity] of cases) {
      const r = run({ timeZone: zone, granularityMinutes: granularity, window: { start, end }, maxResults: 100, durationMinutes: 5 });
      const expected: string[] = [];
      for (let t = Date.parse(start); t + 5 * 60_000 <= Date.parse(end); t += 60_000) {
        if (DateTime.fromMillis(t, { zone }).minute % granularity === 0) expected.push(new Date(t).toISOString());
      }
      expect({ zone, starts: starts(r) }).toEqual({ zone, starts: expected });
    }
  });

  it("never offers a start in the hour skipped by spring-forward (America/New_York, 2026-03-08)", () => {
    const r = run({
      timeZone: "America/New_York",
      window: { start: "2026-03-08T05:00:00Z", end: "2026-03-08T09:00:00Z" }, // 00:00 EST → 05:00 EDT
      maxResults: 100,
    });
    expect(r.slots.map((s) => local(s.start, "America/New_York"))).toEqual([
      "2026-03-08 00:00 -05:00",
      "2026-03-08 00:30 -05:00",
      "2026-03-08 01:00 -05:00",
      "2026-03-08 01:30 -05:00",
      "2026-03-08 03:00 -04:00",
      "2026-03-08 03:30 -04:00",
      "2026-03-08 04:00 -04:00",
      "2026-03-08 04:30 -04:00",
    ]);
  });

  it("offers both copies of the repeated hour at fall-back (Europe/Berlin, 2026-10-25)", () => {
    const r = run({
      timeZone: "Europe/Berlin",
      granularityMinutes: 60,
      window: { start: "2026-10-24T23:00:00Z", end: "2026-10-25T03:00:00Z" }, // 01:00 CEST → 04:00 CET
      maxResults: 100,
    });
    expect(r.slots.map((s) => local(s.start, "Europe/Berlin"))).toEqual([
      "2026-10-25 01:00 +02:00",
      "2026-10-25 02:00 +02:00",
      "2026-10-25 02:00 +01:00",
      "2026-10-25 03:00 +01:00",
    ]);
  });
});

describe("findSlots: ranking", () => {
  it("ranks by optional attendees free, and names the busy ones", () => {
    const r = run({
      durationMinutes: 60,
      granularityMinutes: 60,
      attendees: [
        person("lead@x.test"),
        person("o1@x.test", { required: false, busy: [busy("2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z")] }),
        person("o2@x.test", { required: false, busy: [busy("2026-06-01T09:00:00Z", "2026-06-01T11:00:00Z")] }),
      ],
    });
    expect(r.slots.map((s) => [s.start.slice(11, 16), s.optionalFree, s.optionalBusy])).toEqual([
      ["11:00", 2, []],
      ["10:00", 1, ["o2@x.test"]],
      ["09:00", 0, ["o1@x.test", "o2@x.test"]],
    ]);
    expect(r.optionalCount).toBe(2);
  });

  it("optional attendees' busy time never removes a slot", () => {
    const r = run({
      attendees: [person("lead@x.test"), person("o@x.test", { required: false, busy: [busy("2026-06-01T09:00:00Z", "2026-06-01T12:00:00Z")] })],
    });
    expect(r.candidateCount).toBe(6);
    expect(r.slots.every((s) => s.optionalBusy.join() === "o@x.test")).toBe(true);
  });

  it("ranks slots inside everyone's working hours first (Kolkata +05:30, London, Los Angeles)", () => {
    // Monday 2026-06-01. Working 09:00–17:00 local: Kolkata 03:30–11:30Z, London (BST) 08:00–16:00Z,
    // Los Angeles (PDT) 16:00–24:00Z. Kolkata ∩ London = 08:00–11:30Z; LA overlaps nobody.
    const r = run({
      durationMinutes: 60,
      window: { start: "2026-06-01T00:00:00Z", end: "2026-06-02T00:00:00Z" },
      maxResults: 8,
      attendees: [
        person("kolkata@x.test", { workingHours: hours("Asia/Kolkata") }),
        person("london@x.test", { workingHours: hours("Europe/London") }),
        person("la@x.test", { workingHours: hours("America/Los_Angeles") }),
      ],
    });
    expect(r.slots.map((s) => [s.start.slice(11, 16), s.insideWorkingHours, s.outsideWorkingHours.join()])).toEqual([
      ["08:00", 2, "la@x.test"],
      ["08:30", 2, "la@x.test"],
      ["09:00", 2, "la@x.test"],
      ["09:30", 2, "la@x.test"],
      ["10:00", 2, "la@x.test"],
      ["10:30", 2, "la@x.test"],
      // then one attendee inside: the earliest is Kolkata's 09:00 (LA is still on Sunday evening)
      ["03:30", 1, "la@x.test,london@x.test"],
      ["04:00", 1, "la@x.test,london@x.test"],
    ]);
  });

  it("puts a slot inside all working hours first when one exists", () => {
    const r = run({
      durationMinutes: 60,
      window: { start: "2026-06-01T00:00:00Z", end: "2026-06-02T00:00:00Z" },
      attendees: [
        person("kolkata@x.test", { workingHours: hours("Asia/Kolkata") }),
        person("london@x.test", { workingHours: hours("Europe/London", "08:00", "18:00") }),
      ],
    });
    // London 08:00 BST = 07:00Z; Kolkata ends 11:30Z → last fitting start 10:30Z
    expect(r.slots[0]).toMatchObject({ start: "2026-06-01T07:00:00.000Z", insideWorkingHours: 2, outsideWorkingHours: [] });
    expect(r.slots.filter((s) => s.insideWorkingHours === 2).map((s) => s.start.slice(11, 16))).toEqual([
      "07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30",
    ]);
  });

  it("optional availability outranks working hours", () => {
    const r = run({
      durationMinutes: 60,
      granularityMinutes: 60,
      window: { start: "2026-06-01T07:00:00Z", end: "2026-06-01T19:00:00Z" },
      attendees: [
        person("lead@x.test", { workingHours: hours("UTC", "09:00", "17:00") }),
        person("o@x.test", { required: false, busy: [busy("2026-06-01T07:00:00Z", "2026-06-01T18:00:00Z")] }),
      ],
    });
    expect(r.slots[0]).toMatchObject({ start: "2026-06-01T18:00:00.000Z", optionalFree: 1, outsideWorkingHours: ["lead@x.test"] });
    expect(r.slots[1]).toMatchObject({ start: "2026-06-01T09:00:00.000Z", optionalFree: 0, insideWorkingHours: 2 });
  });

  it("is deterministic: input order does not change the answer", () => {
    const attendees = [
      person("b@x.test", { workingHours: hours("America/Los_Angeles"), busy: [busy("2026-06-02T17:00:00Z", "2026-06-02T18:00:00Z")] }),
      person("a@x.test", { workingHours: hours("Europe/Berlin"), busy: [busy("2026-06-02T08:00:00Z", "2026-06-02T09:30:00Z"), busy("2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z")] }),
      person("c@x.test", { required: false, workingHours: hours("Asia/Kolkata"), busy: [busy("2026-06-01T05:00:00Z", "2026-06-01T06:00:00Z")] }),
    ];
    const window = { start: "2026-06-01T00:00:00Z", end: "2026-06-04T00:00:00Z" };
    const first = run({ attendees, window, maxResults: 30 });
    const shuffled = run({
      attendees: [...attendees].reverse().map((a) => ({ ...a, busy: [...a.busy].reverse() })),
      window,
      maxResults: 30,
    });
    expect(shuffled).toEqual(first);
    expect(run({ attendees, window, maxResults: 30 })).toEqual(first);
  });
});

describe("workingHoursIntervals across DST (09:00–17:00 every day)", () => {
  const day = (zone: string, date: string): [string, string][] => {
    const from = DateTime.fromISO(date, { zone }).toMillis();
    return workingHoursIntervals(hours(zone, "09:00", "17:00", everyDay), from, from + 1)
      .filter((i) => DateTime.fromMillis(i.start, { zone }).toISODate() === date)
      .map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);
  };

  it.each([
    // label, zone, then [local date, UTC start, UTC end] for the day before, the transition day, the day after
    ["New York spring-forward", "America/New_York", "2026-03-07", "14:00", "22:00", "2026-03-08", "13:00", "21:00", "2026-03-09", "13:00", "21:00"],
    ["New York fall-back", "America/New_York", "2026-10-31", "13:00", "21:00", "2026-11-01", "14:00", "22:00", "2026-11-02", "14:00", "22:00"],
    ["Berlin spring-forward", "Europe/Berlin", "2026-03-28", "08:00", "16:00", "2026-03-29", "07:00", "15:00", "2026-03-30", "07:00", "15:00"],
    ["Berlin fall-back", "Europe/Berlin", "2026-10-24", "07:00", "15:00", "2026-10-25", "08:00", "16:00", "2026-10-26", "08:00", "16:00"],
  ])("%s: the day before, the day itself and the day after map to the right instants", (_label, zone, ...days) => {
    for (let i = 0; i < days.length; i += 3) {
      const [date, start, end] = [days[i]!, days[i + 1]!, days[i + 2]!];
      expect(day(zone, date)).toEqual([[`${date}T${start}:00.000Z`, `${date}T${end}:00.000Z`]]);
    }
  });

  it("a working day that crosses midnight ends on the next local day", () => {
    const from = Date.parse("2026-06-01T00:00:00Z");
    const intervals = workingHoursIntervals(hours("UTC", "22:00", "06:00", ["monday"]), from, from + 1);
    expect(intervals.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()])).toEqual([
      ["2026-06-01T22:00:00.000Z", "2026-06-02T06:00:00.000Z"],
    ]);
  });

  it("finds the DST-day workday through findSlots too (New York fall-back, Berlin spring-forward)", () => {
    const ny = run({
      timeZone: "America/New_York",
      granularityMinutes: 60,
      durationMinutes: 60,
      window: { start: "2026-10-31T04:00:00Z", end: "2026-11-03T05:00:00Z" },
      maxResults: 24,
      attendees: [person("ny@x.test", { workingHours: hours("America/New_York", "09:00", "17:00", everyDay) })],
    });
    const inside = ny.slots.filter((s) => s.insideWorkingHours === 1).map((s) => s.start);
    expect(inside).toHaveLength(24); // 8 per day, 3 days
    expect(inside[0]).toBe("2026-10-31T13:00:00.000Z");
    expect(inside[7]).toBe("2026-10-31T20:00:00.000Z");
    expect(inside[8]).toBe("2026-11-01T14:00:00.000Z");
    expect(inside[15]).toBe("2026-11-01T21:00:00.000Z");
    expect(inside[16]).toBe("2026-11-02T14:00:00.000Z");

    const berlin = run({
      timeZone: "Europe/Berlin",
      granularityMinutes: 60,
      durationMinutes: 60,
      window: { start: "2026-03-28T23:00:00Z", end: "2026-03-30T22:00:00Z" },
      maxResults: 16,
      attendees: [person("de@x.test", { workingHours: hours("Europe/Berlin", "09:00", "17:00", everyDay) })],
    });
    const berlinInside = berlin.slots.filter((s) => s.insideWorkingHours === 1).map((s) => s.start);
    expect(berlinInside[0]).toBe("2026-03-29T07:00:00.000Z");
    expect(berlinInside[7]).toBe("2026-03-29T14:00:00.000Z");
    expect(berlinInside[8]).toBe("2026-03-30T07:00:00.000Z");
  });
});

describe("findSlots: bad input", () => {
  const issuePaths = (overrides: Partial<SlotSearch>): string[] => {
    const result = findSlots(search(overrides));
    if (result.ok) throw new Error("expected a validation error");
    expect(result.error.code).toBe("validation");
    return result.error.issues.map((i) => i.path);
  };

  it("refuses a zero duration", () => expect(issuePaths({ durationMinutes: 0 })).toContain("durationMinutes"));
  it("refuses a duration longer than the window", () => expect(issuePaths({ durationMinutes: 240 })).toEqual(["durationMinutes"]));
  it("refuses a window that ends before it starts", () =>
    expect(issuePaths({ window: { start: "2026-06-02T00:00:00Z", end: "2026-06-01T00:00:00Z" } })).toEqual(["window.end"]));
  it("refuses a window of 62 days or more (Graph getSchedule limit)", () => {
    expect(issuePaths({ window: { start: "2026-06-01T00:00:00Z", end: "2026-08-02T00:00:00Z" } })).toEqual(["window"]);
    expect(findSlots(search({ window: { start: "2026-06-01T00:00:00Z", end: "2026-08-01T23:59:00Z" } })).ok).toBe(true);
  });
  it("refuses a search without required attendees", () =>
    expect(issuePaths({ attendees: [person("o@x.test", { required: false })] })).toEqual(["attendees"]));
  it("refuses an attendee listed twice", () =>
    expect(issuePaths({ attendees: [person("a@x.test"), person("A@x.test")] })).toEqual(["attendees.1.email"]));
  it("refuses granularities off the hour grid, unknown zones and bad working hours", () => {
    expect(issuePaths({ granularityMinutes: 45 })).toEqual(["granularityMinutes"]);
    expect(issuePaths({ timeZone: "Mars/Olympus" })).toEqual(["timeZone"]);
    expect(issuePaths({ attendees: [person("a@x.test", { workingHours: hours("Nowhere/City", "9am") })] })).toEqual([
      "attendees.0.workingHours.timeZone",
      "attendees.0.workingHours",
    ]);
  });
  it("refuses a window already over once the lead time is applied", () => {
    const result = findSlots(search({ now: "2026-06-01T11:50:00Z" }));
    expect(result.ok ? null : result.error.message).toMatch(/no room left in the window/);
  });
});
