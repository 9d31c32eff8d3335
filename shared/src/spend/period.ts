import { z } from "zod";
import { DateTime } from "luxon";

/**
 * Budget periods as readable strings: a year "2026", a quarter "2026-Q4", or a month "2026-11".
 * Calendar quarters/years (a fiscal-year offset would be a tenant setting, not part of the string).
 */
export const budgetPeriodSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{4}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?$/, "must be a year (2026), a quarter (2026-Q4) or a month (2026-11)");
export type BudgetPeriod = z.output<typeof budgetPeriodSchema>;

export type PeriodKind = "year" | "quarter" | "month";

export function periodKind(period: BudgetPeriod): PeriodKind {
  return period.length === 4 ? "year" : period.includes("Q") ? "quarter" : "month";
}

/** First and last calendar day of the period, both inclusive. */
export function periodRange(period: BudgetPeriod): { start: string; end: string } {
  const year = Number(period.slice(0, 4));
  const kind = periodKind(period);
  const start =
    kind === "year"
      ? DateTime.utc(year, 1, 1)
      : kind === "quarter"
        ? DateTime.utc(year, (Number(period.slice(6)) - 1) * 3 + 1, 1)
        : DateTime.utc(year, Number(period.slice(5, 7)), 1);
  const end = start.plus(kind === "year" ? { years: 1 } : kind === "quarter" ? { months: 3 } : { months: 1 }).minus({ days: 1 });
  return { start: start.toISODate() as string, end: end.toISODate() as string };
}

export function periodContains(period: BudgetPeriod, day: string): boolean {
  const { start, end } = periodRange(period);
  return day >= start && day <= end;
}

/** The month period ("2026-11") a day falls in — stored on spend entries for monthly summaries. */
export const monthOf = (day: string): BudgetPeriod => day.slice(0, 7);
