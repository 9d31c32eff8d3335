import { DateTime, IANAZone } from "luxon";
import { DomainError, err, ok, type Result, type ValidationIssue } from "../errors.js";
import type { FreeBusyStatus, WorkingHours } from "../ports/graph.js";
import { allowedGranularities, windowIssues } from "./model.js";

/**
 * Pure slot finder: attendees' busy time and working hours in, ranked meeting slots out.
 *
 * Works on intervals, never minute by minute: busy blocks are merged, subtracted from the window, and
 * only the resulting free stretches are walked on the slot grid. Every wall-clock → instant conversion
 * goes through luxon's time-zone database (working hours per local day, the requester's grid offsets),
 * so DST days and half-hour zones come out right.
 *
 * Status policy (Graph free/busy statuses):
 * - busy, oof, unknown → block. "unknown" is Graph saying it cannot tell; assuming free would book over
 *   a meeting we were not allowed to see.
 * - tentative → blocks by default (`tentative: "busy"`): a tentative hold usually becomes a meeting,
 *   and proposing over it makes the invite collide. Callers that find nothing can retry with
 *   `tentative: "free"`.
 * - free, workingElsewhere → free.
 *
 * Working hours never exclude a slot; they rank it. An attendee without known working hours counts as
 * inside them (no information is no penalty).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Offsets are sampled this often to find DST transitions (no zone changes offset twice within a day). */
const OFFSET_PROBE_MS = DAY;
/** Working hours are computed for local days this far around the searched range. */
const DAY_MARGIN_MS = 2 * DAY;
const MAX_RESULTS_LIMIT = 100;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

export type TentativePolicy = "busy" | "free";

/** Half-open [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export interface BusyInterval {
  /** ISO-8601 instants. */
  start: string;
  end: string;
  status: FreeBusyStatus;
}

export interface SlotAttendee {
  email: string;
  required: boolean;
  busy: readonly BusyInterval[];
  /** In the attendee's own zone; undefined when unknown. */
  workingHours?: WorkingHours | undefined;
}

export interface SlotSearch {
  attendees: readonly SlotAttendee[];
  durationMinutes: number;
  /** ISO-8601 instants. */
  window: { start: string; end: string };
  /** Slots start where the requester's local clock shows a multiple of this (5, 10, 15, 20, 30, 60). */
  granularityMinutes: number;
  /** Kept free before and after every blocking busy interval. Default 0. */
  bufferMinutes?: number;
  /** The current instant (pinned in tests). */
  now: Date | string;
  /** No slot starts before now + this. Default 0. */
  earliestStartFromNowMinutes?: number;
  /** Requester's IANA zone: defines the slot grid. */
  timeZone: string;
  /** Default 10, at most 100. */
  maxResults?: number;
  tentative?: TentativePolicy;
}

export interface CandidateSlot {
  start: string;
  end: string;
  /** Optional attendees free for the whole slot (buffers included). */
  optionalFree: number;
  /** Attendees (required and optional) for whom the slot lies inside their working hours. */
  insideWorkingHours: number;
  /** Emails, sorted: whose working hours the slot leaves. */
  outsideWorkingHours: string[];
  /** Emails, sorted: optional attendees who are busy then. */
  optionalBusy: string[];
}

export interface SlotSearchResult {
  /** Best first: most optional attendees free, then most inside working hours, then earliest. */
  slots: CandidateSlot[];
  /** Grid starts where every required attendee is free (before the cap). */
  candidateCount: number;
  /** The part of the window actually searched (starts at now + lead when that is later). */
  searched: { start: string; end: string };
  requiredCount: number;
  optionalCount: number;
}

export function findSlots(search: SlotSearch): Result<SlotSearchResult> {
  const checked = checkSearch(search);
  if (!checked.ok) return checked;
  const { windowStart, windowEnd, durationMs, gridMs, earliest, maxResults, zone, blocking } = checked.value;
  const searchStart = Math.max(windowStart, earliest);
  if (searchStart + durationMs > windowEnd) {
    return invalid([
      { path: "window", message: "no room left in the window after the earliest allowed start (now + lead time)" },
    ]);
  }

  const required = search.attendees.filter((a) => a.required);
  const optional = search.attendees.filter((a) => !a.required);
  const requiredBusy = mergeIntervals(search.attendees.flatMap((a, i) => (a.required ? blocking[i]! : [])));
  const free = subtract({ start: searchStart, end: windowEnd }, requiredBusy);
  const starts = gridStarts(free, durationMs, gridMs, offsetSpans(zone, searchStart, windowEnd));

  const optionalBusy = search.attendees.flatMap((a, i) => (a.required ? [] : [mergeIntervals(blocking[i]!)]));
  // DST changes per zone, found once per search and shared by everyone in that zone.
  const changes = new Map<string, readonly number[]>();
  const changesOf = (name: string): readonly number[] => {
    let found = changes.get(name);
    if (found === undefined) {
      found = offsetChanges(IANAZone.create(name), searchStart - DAY_MARGIN_MS, windowEnd + DAY_MARGIN_MS);
      changes.set(name, found);
    }
    return found;
  };
  const working = workingIntervalsFor(search.attendees, searchStart, windowEnd, changesOf);

  const optionalFree = new Int32Array(starts.length);
  optionalBusy.forEach((busy) => countWhere(starts, durationMs, busy, (s, e, i) => !overlaps(i, s, e), optionalFree));
  const inside = new Int32Array(starts.length);
  working.forEach((hours) => countWhere(starts, durationMs, hours, (s, e, i) => hours === undefined || contains(i, s, e), inside));

  const order = Array.from(starts.keys()).sort(
    (a, b) => optionalFree[b]! - optionalFree[a]! || inside[b]! - inside[a]! || starts[a]! - starts[b]!,
  );
  const slots = order.slice(0, maxResults).map((index): CandidateSlot => {
    const start = starts[index]!;
    const end = start + durationMs;
    return {
      start: iso(start),
      end: iso(end),
      optionalFree: optionalFree[index]!,
      insideWorkingHours: inside[index]!,
      outsideWorkingHours: search.attendees
        .filter((_, i) => {
          const hours = working[i];
          return hours !== undefined && !contains(hours[firstEndingAfter(hours, start)], start, end);
        })
        .map((a) => a.email)
        .sort(),
      optionalBusy: optional
        .filter((_, i) => {
          const busy = optionalBusy[i]!;
          return overlaps(busy[firstEndingAfter(busy, start)], start, end);
        })
        .map((a) => a.email)
        .sort(),
    };
  });

  return ok({
    slots,
    candidateCount: starts.length,
    searched: { start: iso(searchStart), end: iso(windowEnd) },
    requiredCount: required.length,
    optionalCount: optional.length,
  });
}

/**
 * Working hours as UTC intervals for every local day touching [fromMs, toMs) (one day of margin each
 * side), merged. Each day's start and end are wall-clock times converted with luxon, so a 09:00–17:00
 * day is 8 real hours even on a DST day; a start inside a skipped hour moves forward as luxon does.
 * An end at or before the start means the shift runs past midnight.
 */
export function workingHoursIntervals(hours: WorkingHours, fromMs: number, toMs: number): Interval[] {
  const zone = IANAZone.create(hours.timeZone);
  return workingIntervals(hours, zone, fromMs, toMs, offsetChanges(zone, fromMs - DAY_MARGIN_MS, toMs + DAY_MARGIN_MS));
}

/** `offsetChanges`: instants where the zone's offset changes, covering the days walked here. */
function workingIntervals(hours: WorkingHours, zone: IANAZone, fromMs: number, toMs: number, changes: readonly number[]): Interval[] {
  const days = new Set(hours.daysOfWeek.map((d) => d.toLowerCase()));
  const [startHour, startMinute] = wallTime(hours.startTime);
  const [endHour, endMinute] = wallTime(hours.endTime);
  const overnight = endHour * 60 + endMinute <= startHour * 60 + startMinute;
  const startOf = wallClockResolver(zone, startHour, startMinute, changes);
  const endOf = wallClockResolver(zone, endHour, endMinute, changes);
  // Calendar dates (not instants) walked as UTC midnights: plain date arithmetic with no zone in it.
  const first = DateTime.fromMillis(fromMs, { zone });
  const last = DateTime.fromMillis(toMs, { zone });
  const lastDate = Date.UTC(last.year, last.month - 1, last.day + 1);
  const out: Interval[] = [];
  for (let date = Date.UTC(first.year, first.month - 1, first.day - 1); date <= lastDate; date += DAY) {
    if (!days.has(WEEKDAYS[new Date(date).getUTCDay()]!)) continue;
    const start = startOf(date);
    const end = endOf(overnight ? date + DAY : date);
    if (end > start) out.push({ start, end });
  }
  return mergeIntervals(out);
}

/**
 * Maps a calendar date (UTC midnight ms) to the instant the zone's clocks show hour:minute that day.
 * luxon resolves it; while the zone's offset stays the same (no entry of `changes` in between), the
 * same wall-clock time recurs exactly a whole number of days later, so later dates reuse the last
 * resolution instead of asking luxon again. A time luxon had to move (skipped hour) is never reused.
 */
function wallClockResolver(zone: IANAZone, hour: number, minute: number, changes: readonly number[]): (date: number) => number {
  let anchorDate: number | undefined;
  let anchorMs = 0;
  return (date) => {
    if (anchorDate !== undefined) {
      const candidate = anchorMs + (date - anchorDate);
      const lo = Math.min(anchorMs, candidate);
      const hi = Math.max(anchorMs, candidate);
      if (!changes.some((c) => c > lo && c <= hi)) return candidate;
    }
    const day = new Date(date);
    const resolved = DateTime.fromObject(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour, minute },
      { zone },
    );
    const exact = resolved.hour === hour && resolved.minute === minute;
    anchorDate = exact ? date : undefined;
    anchorMs = resolved.toMillis();
    return anchorMs;
  };
}

// ---------------------------------------------------------------------------------------------------
// validation

interface CheckedSearch {
  windowStart: number;
  windowEnd: number;
  durationMs: number;
  gridMs: number;
  earliest: number;
  maxResults: number;
  zone: IANAZone;
  /** Per attendee (input order): blocking busy time as ms intervals, widened by the buffer. */
  blocking: Interval[][];
}

function checkSearch(search: SlotSearch): Result<CheckedSearch> {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  const { durationMinutes, granularityMinutes } = search;
  const bufferMinutes = search.bufferMinutes ?? 0;
  const lead = search.earliestStartFromNowMinutes ?? 0;
  const maxResults = search.maxResults ?? 10;
  const now = typeof search.now === "string" ? Date.parse(search.now) : search.now.getTime();

  if (!isZone(search.timeZone)) add("timeZone", `unknown time zone "${search.timeZone}"`);
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0) add("durationMinutes", "duration must be a whole number of minutes, at least 1");
  if (!(allowedGranularities as readonly number[]).includes(granularityMinutes)) {
    add("granularityMinutes", `granularity must be one of ${allowedGranularities.join(", ")} minutes`);
  }
  if (!Number.isInteger(bufferMinutes) || bufferMinutes < 0) add("bufferMinutes", "buffer must be a whole number of minutes ≥ 0");
  if (!Number.isInteger(lead) || lead < 0) add("earliestStartFromNowMinutes", "lead time must be a whole number of minutes ≥ 0");
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
    add("maxResults", `maxResults must be between 1 and ${MAX_RESULTS_LIMIT}`);
  }
  if (Number.isNaN(now)) add("now", "now must be an instant");
  for (const issue of windowIssues(search.window.start, search.window.end, Math.max(durationMinutes, 0))) add(issue.path, issue.message);

  const tentative = search.tentative ?? "busy";
  const bufferMs = bufferMinutes * MINUTE;
  const seen = new Set<string>();
  const blocking = search.attendees.map((attendee, i) => {
    const key = attendee.email.toLowerCase();
    if (seen.has(key)) add(`attendees.${i}.email`, `${attendee.email} is listed twice`);
    seen.add(key);
    const parsed = blockingIntervals(attendee, tentative, bufferMs);
    if (parsed === undefined) add(`attendees.${i}.busy`, `${attendee.email} has a busy interval that is not a valid start ≤ end pair`);
    const hours = attendee.workingHours;
    if (hours !== undefined) {
      if (!isZone(hours.timeZone)) add(`attendees.${i}.workingHours.timeZone`, `${attendee.email}: unknown time zone "${hours.timeZone}"`);
      if (!isWallTime(hours.startTime) || !isWallTime(hours.endTime)) {
        add(`attendees.${i}.workingHours`, `${attendee.email}: working hours must be HH:mm`);
      }
      if (hours.daysOfWeek.some((d) => !(WEEKDAYS as readonly string[]).includes(d.toLowerCase()))) {
        add(`attendees.${i}.workingHours.daysOfWeek`, `${attendee.email}: days must be English day names`);
      }
    }
    return parsed ?? [];
  });
  if (!search.attendees.some((a) => a.required)) add("attendees", "at least one required attendee is needed");

  if (issues.length > 0) return invalid(issues);
  return ok({
    windowStart: Date.parse(search.window.start),
    windowEnd: Date.parse(search.window.end),
    durationMs: durationMinutes * MINUTE,
    gridMs: granularityMinutes * MINUTE,
    earliest: now + lead * MINUTE,
    maxResults,
    zone: IANAZone.create(search.timeZone),
    blocking,
  });
}

function invalid(issues: ValidationIssue[]): Result<never> {
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  return err(new DomainError("validation", `Invalid slot search: ${summary}`, { issues }));
}

// ---------------------------------------------------------------------------------------------------
// interval arithmetic

/** Blocking busy time widened by the buffer; undefined when an interval is not a valid start ≤ end pair. */
function blockingIntervals(attendee: SlotAttendee, tentative: TentativePolicy, bufferMs: number): Interval[] | undefined {
  const out: Interval[] = [];
  for (const item of attendee.busy) {
    const start = Date.parse(item.start);
    const end = Date.parse(item.end);
    if (!(end >= start)) return undefined; // also NaN
    if (end > start && blocks(item.status, tentative)) out.push({ start: start - bufferMs, end: end + bufferMs });
  }
  return out;
}

function blocks(status: FreeBusyStatus, tentative: TentativePolicy): boolean {
  switch (status) {
    case "free":
    case "workingElsewhere":
      return false;
    case "tentative":
      return tentative === "busy";
    default:
      return true; // busy, oof, unknown
  }
}

/** Sorted, non-overlapping, non-touching union. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else out.push({ start: next.start, end: next.end });
  }
  return out;
}

/** `range` minus merged `holes`. */
function subtract(range: Interval, holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = range.start;
  for (const hole of holes) {
    if (hole.end <= cursor) continue;
    if (hole.start >= range.end) break;
    if (hole.start > cursor) out.push({ start: cursor, end: hole.start });
    cursor = Math.max(cursor, hole.end);
  }
  if (cursor < range.end) out.push({ start: cursor, end: range.end });
  return out;
}

/** Index of the first interval ending after `t` (intervals sorted and disjoint); length if none. */
function firstEndingAfter(intervals: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (intervals[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `interval` is the first one ending after `start`: it overlaps [start, end) iff it begins before `end`. */
function overlaps(interval: Interval | undefined, _start: number, end: number): boolean {
  return interval !== undefined && interval.start < end;
}

function contains(interval: Interval | undefined, start: number, end: number): boolean {
  return interval !== undefined && interval.start <= start && interval.end >= end;
}

/**
 * For every slot start (ascending), `counts[k] += 1` when `test` holds for the first interval ending
 * after it. One forward walk: starts and intervals are both sorted.
 */
function countWhere(
  starts: readonly number[],
  durationMs: number,
  intervals: readonly Interval[] | undefined,
  test: (start: number, end: number, interval: Interval | undefined) => boolean,
  counts: Int32Array,
): void {
  let j = 0;
  for (let k = 0; k < starts.length; k += 1) {
    const start = starts[k]!;
    if (intervals !== undefined) while (j < intervals.length && intervals[j]!.end <= start) j += 1;
    if (test(start, start + durationMs, intervals?.[j])) counts[k]! += 1;
  }
}

function workingIntervalsFor(
  attendees: readonly SlotAttendee[],
  fromMs: number,
  toMs: number,
  changesOf: (zone: string) => readonly number[],
): (Interval[] | undefined)[] {
  // Many attendees share a schedule (same zone, same hours): compute each distinct one once per search.
  const memo = new Map<string, Interval[]>();
  return attendees.map((a) => {
    const hours = a.workingHours;
    if (hours === undefined) return undefined;
    const key = `${hours.timeZone}|${hours.startTime}|${hours.endTime}|${[...hours.daysOfWeek].sort().join(",")}`;
    let intervals = memo.get(key);
    if (intervals === undefined) {
      intervals = workingIntervals(hours, IANAZone.create(hours.timeZone), fromMs, toMs, changesOf(hours.timeZone));
      memo.set(key, intervals);
    }
    return intervals;
  });
}

// ---------------------------------------------------------------------------------------------------
// the requester's slot grid

interface OffsetSpan extends Interval {
  /** The zone's UTC offset (luxon) throughout the span, in ms. */
  offsetMs: number;
}

/**
 * [from, to) cut where the zone's UTC offset changes. Offsets come from luxon; transitions are found by
 * probing every 12 h and bisecting to the minute where the offset differs.
 */
function offsetSpans(zone: IANAZone, from: number, to: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let spanStart = from;
  let offset = zone.offset(from);
  for (let probe = from; probe < to; ) {
    const next = Math.min(probe + OFFSET_PROBE_MS, to);
    const nextOffset = zone.offset(next);
    if (nextOffset !== offset) {
      let lo = Math.floor(probe / MINUTE);
      let hi = Math.ceil(next / MINUTE);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zone.offset(mid * MINUTE) === offset) lo = mid;
        else hi = mid;
      }
      spans.push({ start: spanStart, end: hi * MINUTE, offsetMs: offset * MINUTE });
      spanStart = hi * MINUTE;
      offset = nextOffset;
    }
    probe = next;
  }
  spans.push({ start: spanStart, end: Math.max(to, spanStart + 1), offsetMs: offset * MINUTE });
  return spans;
}

/** Instants in (from, to) where the zone's offset changes. */
function offsetChanges(zone: IANAZone, from: number, to: number): number[] {
  return offsetSpans(zone, from, to)
    .slice(1)
    .map((span) => span.start);
}

/**
 * Slot starts inside the free stretches that fit the duration and sit on the requester's local grid
 * (local clock minute divisible by the granularity). Within one offset span the grid is a fixed step in
 * UTC; at a DST change it is re-anchored, so no start falls in a skipped hour and both copies of a
 * repeated hour are offered.
 */
function gridStarts(free: readonly Interval[], durationMs: number, gridMs: number, spans: readonly OffsetSpan[]): number[] {
  const out: number[] = [];
  let s = 0;
  for (const stretch of free) {
    const lastStart = stretch.end - durationMs;
    let t = stretch.start;
    while (t <= lastStart) {
      while (s < spans.length - 1 && spans[s]!.end <= t) s += 1;
      const span = spans[s]!;
      const first = Math.ceil((t + span.offsetMs) / gridMs) * gridMs - span.offsetMs;
      const stop = Math.min(lastStart, span.end - 1);
      let c = first;
      for (; c <= stop; c += gridMs) out.push(c);
      if (c > lastStart) break;
      t = span.end; // the span ended first: re-anchor the grid on the next offset
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// small helpers

/** luxon caches zones by name and validates each once (isValidZone alone builds a formatter per call). */
function isZone(name: string): boolean {
  return IANAZone.create(name).isValid;
}

function wallTime(value: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})/.exec(value);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

function isWallTime(value: string): boolean {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  return match !== null && Number(match[1]) <= 23 && Number(match[2]) <= 59;
}

/** Wall-clock time on a calendar date (given as a UTC-midnight Date) in `zone` → epoch ms, via luxon. */
function localToMillis(zone: IANAZone, date: Date, hour: number, minute: number): number {
  return DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute },
    { zone },
  ).toMillis();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
