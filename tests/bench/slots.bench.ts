/**
 * Slot finding: 50 attendees × 4 weeks × 30-minute grid with realistic calendars (seeded), timed for
 * the interval-arithmetic finder in shared/src/meetings/slots.ts and for a naive minute-by-minute scan
 * written only here. Both must agree on the top slots (`slots.naive_mismatches`, expect 0).
 *
 * `npm run bench -- slots`
 */
import { DateTime, IANAZone } from "luxon";
// The source, not the package: tsx runs it directly, so the bench never measures a stale dist/.
import { findSlots, type CandidateSlot, type SlotAttendee, type SlotSearch } from "../../shared/src/meetings/slots.js";
import type { WorkingHours } from "../../shared/src/ports/graph.js";
import { mulberry32 } from "../support/random.js";
import { percentile, report, timeEach } from "./lib.js";

const ATTENDEES = 50;
const REQUIRED = 8;
const WINDOW = { start: "2026-03-02T00:00:00.000Z", end: "2026-03-30T00:00:00.000Z" }; // 4 weeks, US and EU DST inside
const DURATION = 60;
const GRANULARITY = 30;
const TOP = 10;
const REQUESTER_ZONE = "Europe/London";
const DATASETS = 4;
const COMPUTE_RUNS = 300;
const NAIVE_RUNS = 12;

const MINUTE = 60_000;
const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const zones = ["America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Singapore"];
const shifts: [string, string][] = [
  ["08:00", "16:00"],
  ["09:00", "17:00"],
  ["09:30", "18:00"],
];

/** Per person: 3–6 meetings on each working day inside their hours (15-minute local grid), some tentative, rare OOF days. */
function dataset(seed: number): SlotSearch {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const attendees: SlotAttendee[] = [];
  for (let p = 0; p < ATTENDEES; p += 1) {
    const zone = pick(zones);
    const [startTime, endTime] = pick(shifts);
    const workingHours: WorkingHours = { daysOfWeek: weekdays, startTime, endTime, timeZone: zone };
    const busy: SlotAttendee["busy"][number][] = [];
    const first = DateTime.fromISO(WINDOW.start, { zone }).startOf("day");
    for (let d = 0; d < 28; d += 1) {
      const day = first.plus({ days: d });
      if (day.weekday > 5) continue;
      const dayStart = day.set({ hour: Number(startTime.slice(0, 2)), minute: Number(startTime.slice(3)) });
      const dayEnd = day.set({ hour: Number(endTime.slice(0, 2)), minute: Number(endTime.slice(3)) });
      if (random() < 0.02) {
        busy.push({ start: dayStart.toUTC().toISO()!, end: dayEnd.toUTC().toISO()!, status: "oof" });
        continue;
      }
      const quarters = Math.floor(dayEnd.diff(dayStart, "minutes").minutes / 15);
      const meetings = 3 + Math.floor(random() * 4);
      for (let m = 0; m < meetings; m += 1) {
        const length = pick([2, 2, 4, 4, 4, 6]); // 30, 60 or 90 minutes
        const at = Math.floor(random() * Math.max(1, quarters - length));
        const start = dayStart.plus({ minutes: at * 15 });
        busy.push({
          start: start.toUTC().toISO()!,
          end: start.plus({ minutes: length * 15 }).toUTC().toISO()!,
          status: random() < 0.1 ? "tentative" : "busy",
        });
      }
    }
    attendees.push({ email: `person${String(p).padStart(2, "0")}@contoso.test`, required: p < REQUIRED, busy, workingHours });
  }
  return {
    attendees,
    durationMinutes: DURATION,
    window: WINDOW,
    granularityMinutes: GRANULARITY,
    now: "2026-03-01T00:00:00.000Z",
    timeZone: REQUESTER_ZONE,
    maxResults: TOP,
  };
}

/**
 * The obvious implementation: a busy bit and a working bit per attendee per minute of the window, then
 * for each grid start, look at every minute of the meeting for every attendee. Same rules as slots.ts
 * (tentative/oof/unknown block; ranking optional-free, inside working hours, earliest).
 */
function naiveSlots(search: SlotSearch): { slots: CandidateSlot[]; candidateCount: number } {
  const from = Date.parse(search.window.start);
  const to = Date.parse(search.window.end);
  const minutes = (to - from) / MINUTE;
  const blocking = new Set(["busy", "tentative", "oof", "unknown"]);
  const people = search.attendees.map((a) => {
    const busy = new Uint8Array(minutes);
    for (const item of a.busy) {
      if (!blocking.has(item.status)) continue;
      const s = Math.max(0, Math.floor((Date.parse(item.start) - from) / MINUTE));
      const e = Math.min(minutes, Math.ceil((Date.parse(item.end) - from) / MINUTE));
      for (let m = s; m < e; m += 1) busy[m] = 1;
    }
    const working = new Uint8Array(minutes);
    const hours = a.workingHours!;
    let day = DateTime.fromMillis(from, { zone: hours.timeZone }).startOf("day").minus({ days: 1 });
    while (day.toMillis() < to) {
      if (hours.daysOfWeek.includes(day.toFormat("cccc").toLowerCase())) {
        const [sh, sm] = hours.startTime.split(":").map(Number) as [number, number];
        const [eh, em] = hours.endTime.split(":").map(Number) as [number, number];
        const s = Math.max(0, (day.set({ hour: sh, minute: sm }).toMillis() - from) / MINUTE);
        const e = Math.min(minutes, (day.set({ hour: eh, minute: em }).toMillis() - from) / MINUTE);
        for (let m = s; m < e; m += 1) working[m] = 1;
      }
      day = day.plus({ days: 1 });
    }
    return { email: a.email, required: a.required, busy, working };
  });

  const zone = IANAZone.create(search.timeZone);
  const duration = search.durationMinutes;
  const rows: { start: number; optionalFree: number; inside: number; outside: string[]; optionalBusy: string[] }[] = [];
  let offsetHour = -1;
  let offset = 0;
  for (let m = 0; m + duration <= minutes; m += 1) {
    const t = from + m * MINUTE;
    const hour = Math.floor(t / (60 * MINUTE));
    if (hour !== offsetHour) {
      // Every zone in this data set changes offset on a whole UTC hour, so one lookup per hour suffices.
      offsetHour = hour;
      offset = zone.offset(t);
    }
    const localMinute = ((t / MINUTE + offset) % 60 + 60) % 60;
    if (localMinute % search.granularityMinutes !== 0) continue;
    const freeFor = (p: (typeof people)[number]): boolean => {
      for (let k = m; k < m + duration; k += 1) if (p.busy[k]) return false;
      return true;
    };
    const insideFor = (p: (typeof people)[number]): boolean => {
      for (let k = m; k < m + duration; k += 1) if (!p.working[k]) return false;
      return true;
    };
    if (!people.filter((p) => p.required).every(freeFor)) continue;
    const optionalBusy = people.filter((p) => !p.required && !freeFor(p)).map((p) => p.email);
    const outside = people.filter((p) => !insideFor(p)).map((p) => p.email);
    rows.push({
      start: t,
      optionalFree: people.filter((p) => !p.required).length - optionalBusy.length,
      inside: people.length - outside.length,
      outside: outside.sort(),
      optionalBusy: optionalBusy.sort(),
    });
  }
  rows.sort((a, b) => b.optionalFree - a.optionalFree || b.inside - a.inside || a.start - b.start);
  return {
    candidateCount: rows.length,
    slots: rows.slice(0, search.maxResults ?? 10).map((r) => ({
      start: new Date(r.start).toISOString(),
      end: new Date(r.start + duration * MINUTE).toISOString(),
      optionalFree: r.optionalFree,
      insideWorkingHours: r.inside,
      outsideWorkingHours: r.outside,
      optionalBusy: r.optionalBusy,
    })),
  };
}

function compute(search: SlotSearch): { slots: CandidateSlot[]; candidateCount: number } {
  const result = findSlots(search);
  if (!result.ok) throw result.error;
  return result.value;
}

const searches = Array.from({ length: DATASETS }, (_, i) => dataset(20260301 + i));
const busyIntervals = searches[0]!.attendees.reduce((n, a) => n + a.busy.length, 0);

// Agreement first: a fast wrong answer is worth nothing.
let mismatches = 0;
for (const search of searches) {
  const fast = compute(search);
  const naive = naiveSlots(search);
  if (fast.candidateCount !== naive.candidateCount) mismatches += 1;
  for (let i = 0; i < Math.max(fast.slots.length, naive.slots.length); i += 1) {
    if (JSON.stringify(fast.slots[i]) !== JSON.stringify(naive.slots[i])) mismatches += 1;
  }
}

for (let i = 0; i < 20; i += 1) compute(searches[i % DATASETS]!); // warm-up (JIT, luxon caches)
const computeMs = await timeEach(COMPUTE_RUNS, (i) => compute(searches[i % DATASETS]!));
const naiveMs = await timeEach(NAIVE_RUNS, (i) => naiveSlots(searches[i % DATASETS]!));

const shape = { attendees: ATTENDEES, required: REQUIRED, days: 28, granularityMinutes: GRANULARITY, busyIntervals };
const computeP50 = percentile(computeMs, 50);
const naiveP50 = percentile(naiveMs, 50);
report({ name: "slots.compute_p50_ms", value: computeP50, unit: "ms", runs: COMPUTE_RUNS, ...shape });
report({ name: "slots.compute_p99_ms", value: percentile(computeMs, 99), unit: "ms", target: "< 50", runs: COMPUTE_RUNS, ...shape });
report({ name: "slots.naive_p50_ms", value: naiveP50, unit: "ms", runs: NAIVE_RUNS, ...shape });
report({ name: "slots.speedup_vs_naive", value: naiveP50 / computeP50, unit: "x" });
report({ name: "slots.naive_mismatches", value: mismatches, unit: "count", expected: 0, datasets: DATASETS, topCompared: TOP });
if (mismatches > 0) process.exitCode = 1;
