import { z } from "zod";
import { Cron } from "croner";

/**
 * Digest schedules are 5-field cron expressions (minute hour day-of-month month day-of-week, e.g.
 * "0 8 * * 1-5") or croner's nicknames (@daily, @weekly), evaluated in the subscription's IANA time zone
 * by croner (9.x). Seconds are refused, and so is anything firing more often than hourly: a digest is a
 * summary, and "* 8 * * *" (every minute from 8 to 9) is a typo that would post 60 cards.
 */

const minGapMs = 60 * 60 * 1000;
/** Fixed reference so validation is deterministic (it must not depend on the clock). */
const reference = new Date("2026-01-01T00:00:00Z");

/** Why `expression` is not a usable digest schedule, or null when it is. */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  const nickname = parts.length === 1 && parts[0]?.startsWith("@");
  if (!nickname && parts.length !== 5) {
    return "must have 5 fields: minute hour day-of-month month day-of-week (e.g. 0 8 * * 1-5)";
  }
  let runs: Date[];
  try {
    runs = new Cron(parts.join(" "), { paused: true, timezone: "UTC" }).nextRuns(48, reference);
  } catch (error) {
    return `is not a valid cron expression (${error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error)})`;
  }
  if (runs.length === 0) return "never fires";
  for (let i = 1; i < runs.length; i += 1) {
    if ((runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime() < minGapMs) return "fires more often than once an hour";
  }
  return null;
}

export const cronExpressionSchema = z
  .string()
  .trim()
  .max(100)
  .transform((s) => s.split(/\s+/).join(" "))
  .superRefine((s, ctx) => {
    const problem = cronProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The first run strictly after `after`, as an ISO UTC instant; null if the schedule never fires again. */
export function nextCronRun(schedule: { cron: string; timeZone: string }, after: Date): string | null {
  const next = new Cron(schedule.cron, { paused: true, timezone: schedule.timeZone }).nextRun(after);
  return next ? next.toISOString() : null;
}
