import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { fail, ok, type Result } from "../errors.js";

/**
 * Natural-language "when" and "how long" for chat commands ("30m tomorrow afternoon", "1h next week",
 * "friday 2pm"), read in the *user's* time zone. chrono-node finds the date phrase; luxon turns its
 * wall-clock components into instants in the IANA zone, so DST days come out right (chrono itself only
 * takes a fixed offset).
 */

export interface Window {
  start: string;
  end: string;
}

export interface WhenAndHowLong {
  durationMinutes: number | undefined;
  window: Window | undefined;
  /** True when the user named an exact start time ("at 2pm"): propose that slot (and alternatives). */
  exactStart: boolean;
  /** What was left after removing the duration and date phrases (e.g. a title or people). */
  rest: string;
}

const durationPatterns: { re: RegExp; minutes: (m: RegExpMatchArray) => number }[] = [
  { re: /\b(\d{1,2})\s*h(?:ours?|rs?)?\s*(\d{1,2})\s*m(?:in(?:ute)?s?)?\b/i, minutes: (m) => Number(m[1]) * 60 + Number(m[2]) },
  { re: /\b(\d{1,2}(?:\.\d+)?)\s*h(?:ours?|rs?)?\b/i, minutes: (m) => Math.round(Number(m[1]) * 60) },
  { re: /\b(\d{1,3})\s*m(?:in(?:ute)?s?)?\b/i, minutes: (m) => Number(m[1]) },
  { re: /\bhalf an hour\b/i, minutes: () => 30 },
  { re: /\b(?:an|one) hour\b/i, minutes: () => 60 },
];

/** A bare month name ("april", "may", "jan") is far more often a person's name in "with …" than a date. */
const bareMonth = /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)$/i;
/** Words that belong to the time phrase that follows them ("for 30 minutes", "on friday", "at 2pm"). */
const leadingConnector = /\s+(for|on|at|in|from|around|about)$/i;

/**
 * Splits "megan, alex and mark for 30m tomorrow" into what comes before the first duration or date phrase
 * ("megan, alex and mark") and that phrase onwards ("for 30m tomorrow"). chrono-node finds the dates, so
 * names like Mark, Monica or Sunil are not mistaken for weekdays.
 */
export function splitAtWhen(text: string, now: Date): { before: string; when: string } {
  const starts: number[] = [];
  for (const { re } of durationPatterns) {
    const match = re.exec(text);
    if (match) starts.push(match.index);
  }
  for (const result of chrono.parse(text, now, { forwardDate: true })) {
    if (!bareMonth.test(result.text.trim())) starts.push(result.index);
  }
  if (starts.length === 0) return { before: text.trim(), when: "" };
  let cut = Math.min(...starts);
  const connector = leadingConnector.exec(text.slice(0, cut).trimEnd());
  if (connector) cut = text.slice(0, cut).trimEnd().length - connector[0].length;
  return { before: text.slice(0, cut).trim(), when: text.slice(cut).trim() };
}

export function extractDuration(text: string): { minutes: number | undefined; rest: string } {
  for (const { re, minutes } of durationPatterns) {
    const match = text.match(re);
    if (match) return { minutes: minutes(match), rest: text.replace(match[0], " ").replace(/\s+/g, " ").trim() };
  }
  return { minutes: undefined, rest: text };
}

/** Parts of a day people name, in local wall-clock hours. */
const dayParts: Record<string, [number, number]> = {
  morning: [8, 12],
  afternoon: [12, 17],
  evening: [17, 20],
};

function local(component: chrono.ParsedComponents, zone: string, hourOverride?: number): DateTime {
  return DateTime.fromObject(
    {
      year: component.get("year") ?? undefined,
      month: component.get("month") ?? undefined,
      day: component.get("day") ?? undefined,
      hour: hourOverride ?? component.get("hour") ?? 0,
      minute: hourOverride === undefined ? (component.get("minute") ?? 0) : 0,
    },
    { zone },
  );
}

/**
 * Reads a duration and a time window from free text. `now` and `zone` are injected (pinned in tests).
 * No date phrase → window undefined (callers pick a default such as "the next 5 working days").
 */
export function parseWhenAndHowLong(text: string, now: Date, zone: string): Result<WhenAndHowLong> {
  const nowLocal = DateTime.fromJSDate(now, { zone });
  if (!nowLocal.isValid) return fail("validation", `Unknown time zone "${zone}"`);
  const { minutes, rest: withoutDuration } = extractDuration(text);
  // "for 30m" leaves a dangling "for": drop connector words that lost their phrase.
  const afterDuration = withoutDuration.replace(/^(for|on|at)\s+/i, "").replace(/\s+(for|on|at)$/i, "");
  if (minutes !== undefined && (minutes <= 0 || minutes > 24 * 60)) {
    return fail("validation", "A meeting must last between 1 minute and 24 hours", { durationMinutes: minutes });
  }

  const weekMatch = afterDuration.match(/\b(this|next)\s+week\b/i);
  if (weekMatch) {
    const monday = nowLocal.startOf("week").plus({ weeks: weekMatch[1]?.toLowerCase() === "next" ? 1 : 0 });
    const start = DateTime.max(monday, nowLocal);
    const end = monday.plus({ days: 5 });
    return ok({
      durationMinutes: minutes,
      window: { start: start.toUTC().toISO() as string, end: end.toUTC().toISO() as string },
      exactStart: false,
      rest: afterDuration.replace(weekMatch[0], " ").replace(/\s+/g, " ").trim(),
    });
  }

  const results = chrono.parse(afterDuration, { instant: now, timezone: nowLocal.offset }, { forwardDate: true });
  const first = results[0];
  if (!first) return ok({ durationMinutes: minutes, window: undefined, exactStart: false, rest: afterDuration });
  const rest = (afterDuration.slice(0, first.index) + " " + afterDuration.slice(first.index + first.text.length)).replace(/\s+/g, " ").trim();

  const partName = Object.keys(dayParts).find((p) => new RegExp(`\\b${p}\\b`, "i").test(first.text));
  let start: DateTime;
  let end: DateTime;
  let exactStart = false;
  if (first.end) {
    start = local(first.start, zone);
    end = local(first.end, zone);
  } else if (partName) {
    const [from, to] = dayParts[partName] as [number, number];
    start = local(first.start, zone, from);
    end = local(first.start, zone, to);
  } else if (first.start.isCertain("hour")) {
    start = local(first.start, zone);
    end = start.plus({ minutes: minutes ?? 30 });
    exactStart = true;
  } else {
    start = local(first.start, zone, 0);
    end = start.plus({ days: 1 });
  }
  if (!start.isValid || !end.isValid || end <= start) {
    return fail("validation", `I could not read "${first.text}" as a time window`);
  }
  if (end <= nowLocal) {
    return fail("validation", `"${first.text}" is in the past (it is now ${nowLocal.toFormat("ccc d LLL, HH:mm")} for you)`);
  }
  if (start < nowLocal) start = nowLocal;
  return ok({
    durationMinutes: minutes,
    window: { start: start.toUTC().toISO() as string, end: end.toUTC().toISO() as string },
    exactStart,
    rest,
  });
}
