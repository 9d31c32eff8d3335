import { addCalendarDays, calendarDaysBetween } from "./calendar-days.js";
import type { ActionItem } from "./model.js";

/**
 * Due-date arithmetic on calendar days. `today` is the viewer's local day (yyyy-MM-dd, see `calendarDayIn`):
 * an item due today is "due soon", not overdue — it becomes overdue the day after.
 * ISO days compare correctly as strings.
 */

type DueFields = Pick<ActionItem, "status" | "dueDate" | "snoozedUntil">;

/** Open, or snoozed with the snooze over: the item should be in front of its owner. */
export function isActionable(item: DueFields, today: string): boolean {
  if (item.status === "open") return true;
  return item.status === "snoozed" && item.snoozedUntil !== null && item.snoozedUntil <= today;
}

export function isOverdue(item: DueFields, today: string): boolean {
  return isActionable(item, today) && item.dueDate < today;
}

/** Days past due (0 when not overdue). */
export function daysOverdue(item: DueFields, today: string): number {
  return isOverdue(item, today) ? calendarDaysBetween(item.dueDate, today) : 0;
}

/** Due within the next `days` days, today included (days = 0 → due today). Overdue items are not "soon". */
export function isDueSoon(item: DueFields, today: string, days: number): boolean {
  return isActionable(item, today) && item.dueDate >= today && item.dueDate <= addCalendarDays(today, Math.max(0, Math.floor(days)));
}
