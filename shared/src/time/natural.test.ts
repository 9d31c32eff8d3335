import { parseWhenAndHowLong, extractDuration } from "./natural.js";

// Wednesday 25 Nov 2026, 10:00 in New York (15:00Z).
const now = new Date("2026-11-25T15:00:00Z");

describe("extractDuration", () => {
  it.each([
    ["30m", 30],
    ["45 min", 45],
    ["1h", 60],
    ["1.5 hours", 90],
    ["1h30m", 90],
    ["half an hour", 30],
    ["an hour", 60],
  ])("%s → %i minutes", (text, minutes) => {
    expect(extractDuration(`sync ${text} tomorrow`).minutes).toBe(minutes);
  });

  it("leaves text without a duration alone", () => {
    expect(extractDuration("tomorrow")).toEqual({ minutes: undefined, rest: "tomorrow" });
  });
});

describe("parseWhenAndHowLong", () => {
  it("reads 'tomorrow afternoon' in the user's zone", () => {
    const r = parseWhenAndHowLong("30m tomorrow afternoon", now, "America/New_York");
    if (!r.ok) throw r.error;
    expect(r.value.durationMinutes).toBe(30);
    expect(r.value.window).toEqual({ start: "2026-11-26T17:00:00.000Z", end: "2026-11-26T22:00:00.000Z" });
  });

  it("reads the same words differently in Kolkata (+05:30)", () => {
    const r = parseWhenAndHowLong("tomorrow morning", now, "Asia/Kolkata");
    if (!r.ok) throw r.error;
    // 20:30 local on the 25th → tomorrow is the 26th, 08:00–12:00 IST.
    expect(r.value.window).toEqual({ start: "2026-11-26T02:30:00.000Z", end: "2026-11-26T06:30:00.000Z" });
  });

  it("treats an exact time as an exact start", () => {
    const r = parseWhenAndHowLong("1h friday 2pm", now, "Europe/Berlin");
    if (!r.ok) throw r.error;
    expect(r.value.exactStart).toBe(true);
    expect(r.value.window).toEqual({ start: "2026-11-27T13:00:00.000Z", end: "2026-11-27T14:00:00.000Z" });
  });

  it("uses luxon for DST: a day window on the fall-back day is 25 hours", () => {
    const beforeFallBack = new Date("2026-10-30T12:00:00Z");
    const r = parseWhenAndHowLong("on November 1", beforeFallBack, "America/New_York");
    if (!r.ok) throw r.error;
    expect(r.value.window).toEqual({ start: "2026-11-01T04:00:00.000Z", end: "2026-11-02T05:00:00.000Z" });
  });

  it("gives next week as Monday to Friday", () => {
    const r = parseWhenAndHowLong("next week", now, "America/New_York");
    if (!r.ok) throw r.error;
    expect(r.value.window).toEqual({ start: "2026-11-30T05:00:00.000Z", end: "2026-12-05T05:00:00.000Z" });
  });

  it("refuses a window in the past with a clear message", () => {
    const r = parseWhenAndHowLong("yesterday", now, "America/New_York");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/in the past/);
  });

  it("refuses a zero or absurd duration", () => {
    expect(parseWhenAndHowLong("0m tomorrow", now, "UTC").ok).toBe(false);
    expect(parseWhenAndHowLong("99h tomorrow", now, "UTC").ok).toBe(false);
  });

  it("leaves the window open when no date is named, keeping the rest of the text", () => {
    const r = parseWhenAndHowLong("budget review 30m", now, "UTC");
    if (!r.ok) throw r.error;
    expect(r.value).toEqual({ durationMinutes: 30, window: undefined, exactStart: false, rest: "budget review" });
  });
});
