import { calendarDaysBetween } from "../action-items/calendar-days.js";
import { blockedSince, type Project } from "./model.js";

/**
 * How many days the project has been blocked (since its oldest open blocker), for the weekly
 * blocked-projects nudge. Null when nothing blocks it or it is done. A blocker dated in the future
 * counts as 0 days.
 */
export function blockedSinceDays(project: Pick<Project, "status" | "blockers">, today: string): number | null {
  if (project.status === "done") return null;
  const since = blockedSince(project);
  return since === null ? null : Math.max(0, calendarDaysBetween(since, today));
}

/** Days until the next pending milestone (negative when it slipped), or null when none is pending. */
export function daysToNextMilestone(project: Pick<Project, "nextMilestone">, today: string): number | null {
  return project.nextMilestone === null ? null : calendarDaysBetween(today, project.nextMilestone.due);
}
