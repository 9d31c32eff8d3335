import { DateTime } from "luxon";
import type { WorkingHours } from "../ports/graph.js";
import { weekdays } from "./model.js";

/**
 * Whether an instant falls inside someone's working hours (a cached profile's or a Graph schedule's),
 * evaluated in the working hours' own zone (so DST shifts move the UTC window, not the wall-clock one).
 * Start inclusive, end exclusive; an end before the start is an overnight shift.
 */
export function isWithinWorkingHours(hours: WorkingHours, instant: Date): boolean {
  const local = DateTime.fromJSDate(instant, { zone: hours.timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = toMinutes(hours.startTime);
  const end = toMinutes(hours.endTime);
  const works = (day: DateTime) => hours.daysOfWeek.includes(weekdays[day.weekday - 1] ?? "");
  if (start < end) return works(local) && minute >= start && minute < end;
  // Overnight shift: the evening part belongs to today, the early-morning part to yesterday's shift.
  return (works(local) && minute >= start) || (works(local.minus({ days: 1 })) && minute < end);
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
