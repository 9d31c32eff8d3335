import { addCalendarDays, calendarDaysBetween } from "../action-items/calendar-days.js";

/**
 * Notice deadlines on calendar days. A contract "renews" on its renewal date or, when none is recorded,
 * on its term end (the conservative reading: a deadline counted from the last day of the term is one day
 * earlier than one counted from the day after). Notice must be given on or before the deadline.
 */

export interface NoticeFields {
  termEnd: string;
  renewalDate: string | null;
  noticePeriodDays: number;
}

export function renewsOn(contract: Pick<NoticeFields, "termEnd" | "renewalDate">): string {
  return contract.renewalDate ?? contract.termEnd;
}

/** Last day to give notice: renewal day minus the notice period, e.g. 2027-01-01 − 90 days = 2026-10-03. */
export function noticeDeadline(contract: NoticeFields): string {
  return addCalendarDays(renewsOn(contract), -contract.noticePeriodDays);
}

/** Days left to give notice (0 = today is the last day, negative = missed). */
export function daysUntilNoticeDeadline(contract: NoticeFields, today: string): number {
  return calendarDaysBetween(today, noticeDeadline(contract));
}

/** Length of the term in days, counting both the first and the last day. */
export function termDays(contract: { termStart: string; termEnd: string }): number {
  return calendarDaysBetween(contract.termStart, contract.termEnd) + 1;
}
