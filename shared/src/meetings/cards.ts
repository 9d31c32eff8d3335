import { DateTime } from "luxon";
import { adaptiveCard } from "../cards/card.js";
import { openUrlAction } from "../cards/actions.js";
import { column, columnSet, container, factSet, heading, subtleText, textBlock, textInput, numberInput } from "../cards/elements.js";
import { md } from "../cards/text.js";
import type { AdaptiveCard, CardAction } from "../cards/types.js";
import type { Meeting } from "./model.js";
import { bookVerb, listMeetingsVerb, proposeVerb, scheduleFormVerb } from "./verbs.js";

/** How a time shows in chat: "Thu 26 Nov, 14:00–14:30 (Europe/Berlin)". */
export function formatRange(start: string, end: string, zone: string, locale = "en-GB"): string {
  const s = DateTime.fromISO(start, { zone }).setLocale(locale);
  const e = DateTime.fromISO(end, { zone }).setLocale(locale);
  const sameDay = s.hasSame(e, "day");
  return `${s.toFormat("ccc d LLL, HH:mm")}–${sameDay ? e.toFormat("HH:mm") : e.toFormat("ccc d LLL, HH:mm")} (${zone})`;
}

/** The schedule form; `problem` (from a previous try) is shown above the kept values. */
export function scheduleFormCard(defaults: { subject?: string | undefined; attendees?: string | undefined; duration?: number | undefined; when?: string | undefined } = {}, problem?: string): AdaptiveCard {
  return adaptiveCard({
    fallbackText: "Schedule a meeting: type schedule <title> with <people> <duration> <when>",
    body: [
      heading("Schedule a meeting"),
      subtleText("I'll look at everyone's calendars and working hours and propose the best times."),
      ...(problem ? [textBlock(problem, { color: "attention" })] : []),
      textInput({ id: "subject", label: "Title", isRequired: true, errorMessage: "Give the meeting a title", maxLength: 255, ...(defaults.subject ? { value: defaults.subject } : {}) }),
      textInput({
        id: "attendees",
        label: "People (names or emails, comma-separated)",
        isRequired: true,
        errorMessage: "Name at least one person",
        placeholder: "megan, alex.wilber@contoso.com",
        ...(defaults.attendees ? { value: defaults.attendees } : {}),
      }),
      numberInput({ id: "duration", label: "Duration (minutes)", min: 5, max: 480, value: defaults.duration ?? 30 }),
      textInput({ id: "when", label: "When", placeholder: "tomorrow afternoon, next week, friday 2pm", maxLength: 200, ...(defaults.when ? { value: defaults.when } : {}) }),
    ],
    // The inputs above are merged into this data by Teams (input values win), so it only carries placeholders.
    actions: [proposeVerb.action("Find times", { subject: "", attendees: "", duration: 30 }, { style: "positive" })],
  });
}

export interface SlotChoice {
  start: string;
  end: string;
  outsideWorkingHours: readonly string[];
  optionalBusy: readonly string[];
}

export interface SlotsCardInput {
  subject: string;
  organizer: string;
  timeZone: string;
  required: readonly { email: string; name?: string | undefined }[];
  optional: readonly { email: string; name?: string | undefined }[];
  slots: readonly SlotChoice[];
  /** Human description of the searched window ("Thu 26 Nov, 12:00–17:00"). */
  windowText: string;
}

function slotNotes(slot: SlotChoice): string {
  const notes: string[] = [];
  if (slot.optionalBusy.length > 0) notes.push(`busy (optional): ${slot.optionalBusy.join(", ")}`);
  if (slot.outsideWorkingHours.length > 0) notes.push(`outside working hours: ${slot.outsideWorkingHours.join(", ")}`);
  return notes.length > 0 ? notes.join(" · ") : "everyone free, within working hours";
}

export function slotsCard(input: SlotsCardInput): AdaptiveCard {
  const names = [...input.required, ...input.optional].map((a) => a.name ?? a.email);
  if (input.slots.length === 0) {
    return adaptiveCard({
      fallbackText: `No time works for ${input.subject}`,
      body: [
        heading(md`No time works for ${input.subject}`),
        textBlock(`Everyone required is busy during ${input.windowText}. Try a longer window, a shorter meeting, or fewer required people.`),
      ],
      actions: [
        scheduleFormVerb.action("Change the request", {
          subject: input.subject,
          attendees: [...input.required, ...input.optional].map((a) => a.email).filter((e) => e !== input.organizer).join(", "),
        }),
      ],
    });
  }
  const rows = input.slots.map((slot, i) =>
    container(
      [
        columnSet([
          column([textBlock(md`**${formatRange(slot.start, slot.end, input.timeZone)}**`), subtleText(slotNotes(slot))], { width: "stretch" }),
          column(
            [
              {
                type: "ActionSet",
                actions: [
                  bookVerb.action(
                    "Book",
                    {
                      subject: input.subject,
                      start: slot.start,
                      end: slot.end,
                      timeZone: input.timeZone,
                      organizer: input.organizer,
                      required: input.required.map((a) => a.email),
                      optional: input.optional.map((a) => a.email),
                    },
                    { style: i === 0 ? "positive" : "default", associatedInputs: "none" },
                  ),
                ],
              },
            ],
            { width: "auto", verticalContentAlignment: "center" },
          ),
        ]),
      ],
      { separator: i > 0, spacing: "small" },
    ),
  );
  return adaptiveCard({
    fallbackText: `Proposed times for ${input.subject}`,
    body: [
      heading(md`Times for ${input.subject}`),
      subtleText(md`With ${names.join(", ")} · searched ${input.windowText} · times in ${input.timeZone}`),
      ...rows,
    ],
  });
}

export function bookedCard(meeting: Pick<Meeting, "subject" | "start" | "end" | "timeZone" | "joinUrl" | "attendees" | "organizerEmail">): AdaptiveCard {
  const actions: CardAction[] = [];
  if (meeting.joinUrl) actions.push(openUrlAction("Join Teams meeting", meeting.joinUrl));
  actions.push(listMeetingsVerb.action("My meetings", {}));
  return adaptiveCard({
    fallbackText: `Booked ${meeting.subject}${meeting.joinUrl ? ` — join: ${meeting.joinUrl}` : ""}`,
    body: [
      heading(md`Booked: ${meeting.subject}`, { color: "good" }),
      factSet([
        ["When", formatRange(meeting.start, meeting.end, meeting.timeZone)],
        ["Organizer", meeting.organizerEmail],
        ["Attendees", meeting.attendees.map((a) => a.name ?? a.email).join(", ") || "—"],
        ["Online", meeting.joinUrl ? "Teams meeting (join with the button below)" : "no online meeting"],
      ]),
      subtleText("Invitations were sent from the organizer's calendar."),
    ],
    actions,
  });
}

export function meetingsListCard(meetings: readonly Pick<Meeting, "subject" | "start" | "end" | "timeZone" | "joinUrl" | "ownerId" | "agenda">[], zone: string): AdaptiveCard {
  if (meetings.length === 0) {
    return adaptiveCard({
      fallbackText: "No upcoming meetings",
      body: [heading("Upcoming meetings"), textBlock("Nothing booked or tracked yet. Schedule one?")],
      actions: [scheduleFormVerb.action("Schedule a meeting", {})],
    });
  }
  return adaptiveCard({
    fallbackText: `${meetings.length} upcoming meetings`,
    body: [
      heading("Upcoming meetings"),
      ...meetings.map((m, i) =>
        container(
          [
            textBlock(md`**${m.subject}**`),
            subtleText(
              [formatRange(m.start, m.end, zone), m.ownerId ? "" : "no owner", m.agenda.length === 0 ? "no agenda" : `${m.agenda.length} agenda items`]
                .filter(Boolean)
                .join(" · "),
            ),
            ...(m.joinUrl ? [{ type: "ActionSet" as const, actions: [openUrlAction("Join", m.joinUrl)] }] : []),
          ],
          { separator: i > 0 },
        ),
      ),
    ],
  });
}
