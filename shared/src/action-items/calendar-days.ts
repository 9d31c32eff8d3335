import { DateTime } from "luxon";

/**
 * Calendar-day arithmetic on ISO days (yyyy-MM-dd). Days are zone-less, so the maths runs in UTC where
 * every day has 24 hours (no DST surprises). Used by due dates, contract notice deadlines, blockers.
 * (Generic: a candidate for shared/src/common/ once the model settles.)
 */

/** The calendar day of an instant in an IANA zone, e.g. a user's "today". */
export function calendarDayIn(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() as string;
}

export function addCalendarDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: "utc" }).plus({ days }).toISODate() as string;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: "utc" }).diff(DateTime.fromISO(from, { zone: "utc" }), "days").days);
}
