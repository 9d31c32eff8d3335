import { fail, ok, type Result } from "../errors.js";
import type { Clock } from "../ports/clock.js";
import type { GraphPort } from "../ports/graph.js";
import { parseWhenAndHowLong } from "../time/natural.js";
import { formatRange, type SlotsCardInput } from "./cards.js";
import { resolvePeople, splitPeople } from "./people.js";
import type { SchedulingService } from "./service.js";

/** What a person asked for, in their words (chat command or the schedule form). */
export interface ScheduleAsk {
  subject: string;
  /** "megan, alex.wilber@contoso.com and lee" */
  peopleText: string;
  durationMinutes?: number | undefined;
  /** "tomorrow afternoon", "next week", "friday 2pm"; empty = the next working days. */
  whenText?: string | undefined;
}

/** The person asking: their mailbox organizes the meeting, their zone reads "tomorrow". */
export interface Asker {
  mail: string;
  timeZone: string;
}

/** Searches this far ahead when no "when" is given: five working days. */
const defaultWindowDays = 7;
const slotsShown = 5;
/** Ranked candidates considered when picking the few that are shown. */
const candidatesConsidered = 60;

/**
 * The best slots that do not overlap each other, in rank order: five variations of the same half hour
 * (14:30, 14:45, 15:00 …) are one choice to a person, not five.
 */
export function distinctChoices<T extends { start: string; end: string }>(ranked: readonly T[], max: number): T[] {
  const chosen: T[] = [];
  for (const slot of ranked) {
    if (chosen.length >= max) break;
    if (chosen.every((c) => slot.end <= c.start || slot.start >= c.end)) chosen.push(slot);
  }
  return chosen;
}

/**
 * From words to ranked slots: reads the window in the asker's zone, resolves the people in the
 * directory, asks the scheduling service, and returns what the slots card shows.
 */
export async function proposeForAsk(
  deps: { graph: GraphPort; scheduling: SchedulingService; clock: Clock },
  tenantId: string,
  asker: Asker,
  ask: ScheduleAsk,
): Promise<Result<SlotsCardInput>> {
  const now = deps.clock.now();
  const when = parseWhenAndHowLong(ask.whenText ?? "", now, asker.timeZone);
  if (!when.ok) return when;
  const durationMinutes = ask.durationMinutes ?? when.value.durationMinutes ?? 30;
  const window = when.value.window ?? { start: now.toISOString(), end: new Date(now.getTime() + defaultWindowDays * 86_400_000).toISOString() };
  const people = await resolvePeople(deps.graph, splitPeople(ask.peopleText));
  if (!people.ok) return people;
  const organizer = asker.mail.toLowerCase();
  const others = people.value.filter((p) => p.mail.toLowerCase() !== organizer);
  if (others.length === 0) return fail("validation", "Name at least one other person — I can't schedule a meeting with just you.");
  const proposal = await deps.scheduling.proposeSlots(tenantId, {
    organizer: asker.mail,
    requiredAttendees: others.map((p) => p.mail),
    durationMinutes,
    window,
    granularityMinutes: durationMinutes % 30 === 0 ? 30 : 15,
    earliestStartFromNowMinutes: when.value.exactStart ? 0 : 15,
    timeZone: asker.timeZone,
    maxResults: candidatesConsidered,
  });
  if (!proposal.ok) return proposal;
  const p = proposal.value;
  const attendees = p.attendees.filter((a) => a.email.toLowerCase() !== organizer);
  return ok({
    subject: ask.subject,
    organizer: asker.mail,
    timeZone: asker.timeZone,
    required: attendees.filter((a) => a.required).map((a) => ({ email: a.email, name: a.displayName })),
    optional: attendees.filter((a) => !a.required).map((a) => ({ email: a.email, name: a.displayName })),
    slots: distinctChoices(p.slots, slotsShown),
    windowText: formatRange(p.searched.start, p.searched.end, asker.timeZone),
  });
}
