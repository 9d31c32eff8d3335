import { createHash } from "node:crypto";
import { IANAZone } from "luxon";
import { z } from "zod";
import { emailSchema, instantSchema, timeZoneSchema, userIdSchema } from "../common/schemas.js";
import { DomainError, err, fail, ok, parseWith, type Result } from "../errors.js";
import type { Clock } from "../ports/clock.js";
import type { AttendeeSchedule, DirectoryUser, GraphPort, WorkingHours } from "../ports/graph.js";
import type { IdGen } from "../ports/ids.js";
import type { Repository } from "../ports/store.js";
import {
  MAX_ATTENDEES,
  MAX_WINDOW_DAYS,
  meetingAttendeeSchema,
  proposeSlotsRequestSchema,
  type AgendaItem,
  type Meeting,
  type MeetingAttendee,
  type ProposeSlotsRequest,
} from "./model.js";
import { findSlots, type CandidateSlot, type SlotAttendee, type TentativePolicy } from "./slots.js";

const MINUTE = 60_000;
/** listUpcoming filtered by attendee reads at most this many meetings (attendees are not indexable). */
const MAX_SCAN_FOR_ATTENDEE = 2_000;

export interface SchedulingServiceDeps {
  graph: GraphPort;
  meetings: Repository<Meeting>;
  clock: Clock;
  ids: IdGen;
  /** For attendees whose working hours Graph does not know, applied in their own zone. */
  defaultWorkingHours?: Omit<WorkingHours, "timeZone">;
  /** How tentative busy time counts (see slots.ts). Default "busy". */
  tentative?: TentativePolicy;
}

export interface ProposedAttendee {
  email: string;
  displayName: string;
  userId: string;
  required: boolean;
  /** IANA zone of the attendee, when Graph knows it. */
  timeZone?: string | undefined;
  workingHours?: WorkingHours | undefined;
  /** False when Graph could not read the schedule: the attendee was treated as free. */
  availabilityKnown: boolean;
}

export interface SlotProposal {
  proposalId: string;
  request: ProposeSlotsRequest;
  slots: CandidateSlot[];
  candidateCount: number;
  searched: { start: string; end: string };
  attendees: ProposedAttendee[];
}

export const bookMeetingRequestSchema = z
  .object({
    proposalId: z.string().max(200).optional(),
    organizer: emailSchema,
    subject: z.string().trim().min(1, "subject is required").max(255),
    slot: z.object({ start: instantSchema, end: instantSchema }),
    /** Everyone invited besides the organizer. */
    attendees: z.array(meetingAttendeeSchema).min(1, "at least one attendee").max(MAX_ATTENDEES),
    agenda: z
      .array(
        z.object({
          title: z.string().trim().min(1).max(500),
          ownerId: userIdSchema.optional(),
          minutes: z.number().int().positive().max(24 * 60).optional(),
        }),
      )
      .max(50)
      .default([]),
    /** Zone the event is shown in (the requester's). */
    timeZone: timeZoneSchema,
    /** Who clicked "book" (AAD object id). */
    requestedBy: userIdSchema,
    /** Who answers for the meeting; defaults to the person booking. */
    ownerId: userIdSchema.optional(),
  })
  .refine((b) => b.slot.end > b.slot.start, { message: "slot end must be after its start", path: ["slot", "end"] })
  .refine((b) => Date.parse(b.slot.end) - Date.parse(b.slot.start) <= 24 * 60 * MINUTE, {
    message: "a meeting may last at most 24 hours",
    path: ["slot"],
  });
export type BookMeetingRequest = z.output<typeof bookMeetingRequestSchema>;

export const listUpcomingRequestSchema = z.object({
  organizerEmail: emailSchema.optional(),
  /** Meetings this person organizes or attends. */
  userEmail: emailSchema.optional(),
  /** Default: now. */
  from: instantSchema.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type ListUpcomingRequest = z.input<typeof listUpcomingRequestSchema>;

export interface SchedulingService {
  /** Candidate slots for a request (untrusted input: zod-parsed here). */
  proposeSlots(tenantId: string, request: unknown): Promise<Result<SlotProposal>>;
  /** Books a slot: one Graph event with a Teams link and one Meeting record, however often it is called. */
  book(tenantId: string, request: unknown): Promise<Result<Meeting>>;
  /** Upcoming meetings from the store, soonest first. */
  listUpcoming(tenantId: string, request: unknown): Promise<Result<Meeting[]>>;
}

const defaultHours: Omit<WorkingHours, "timeZone"> = {
  daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
  startTime: "09:00",
  endTime: "17:00",
};

export function createSchedulingService(deps: SchedulingServiceDeps): SchedulingService {
  const { graph, meetings, clock, ids } = deps;

  async function proposeSlots(tenantId: string, input: unknown): Promise<Result<SlotProposal>> {
    const parsed = parseWith(proposeSlotsRequestSchema, input, "slot request");
    if (!parsed.ok) return parsed;
    const request = parsed.value;

    // Refuse a window that is already over before spending Graph calls on it.
    const now = clock.now().getTime();
    const searchStart = Math.max(Date.parse(request.window.start), now + request.earliestStartFromNowMinutes * MINUTE);
    const windowEnd = Date.parse(request.window.end);
    if (searchStart + request.durationMinutes * MINUTE > windowEnd) {
      return fail("validation", "The window has no room left for the meeting after the earliest allowed start", {
        issues: [{ path: "window", message: "no room left in the window after now + lead time" }],
      });
    }

    const roster = attendeeRoster(request);
    const users = await graph.getUsers(roster.map((a) => a.email));
    if (!users.ok) return err(namingUnknown(users.error));
    const byAddress = new Map<string, DirectoryUser>();
    for (const user of users.value) {
      byAddress.set(user.mail.toLowerCase(), user);
      byAddress.set(user.userPrincipalName.toLowerCase(), user);
    }
    const missing = roster.filter((a) => !byAddress.has(a.email)).map((a) => a.email);
    if (missing.length > 0) return err(unknownAttendees(missing));

    // Busy time just outside the searched part still matters because of the buffer, but the range
    // asked of Graph must stay under its 62-day limit. The searched part itself is always fetched in
    // full (busy time missing there would be offered as free); when the buffers do not fit, the margins
    // around it shrink, evenly. A window within a minute of 62 days loses its last minute instead.
    const bufferMs = request.bufferMinutes * MINUTE;
    const maxRangeMs = MAX_WINDOW_DAYS * 86_400_000 - MINUTE;
    const margin = Math.max(0, Math.min(bufferMs, Math.floor((maxRangeMs - (windowEnd - searchStart)) / 2)));
    const scheduleStart = searchStart - margin;
    const scheduleEnd = Math.min(windowEnd + margin, scheduleStart + maxRangeMs);
    const searchEnd = Math.min(windowEnd, scheduleEnd);
    const schedules = await graph.getSchedules({
      asUser: request.organizer,
      emails: roster.map((a) => a.email),
      start: new Date(scheduleStart).toISOString(),
      end: new Date(scheduleEnd).toISOString(),
      intervalMinutes: request.granularityMinutes,
    });
    if (!schedules.ok) return schedules;
    const scheduleOf = new Map<string, AttendeeSchedule>(schedules.value.map((s) => [s.email.toLowerCase(), s]));

    const resolved = roster.map(({ email, required }) => {
      const user = byAddress.get(email)!;
      const schedule = scheduleOf.get(email) ?? scheduleOf.get(user.mail.toLowerCase());
      const known = schedule !== undefined && schedule.error === undefined;
      const attendee: ProposedAttendee = {
        email,
        displayName: user.displayName,
        userId: user.id,
        required,
        timeZone: validZone(user.timeZone) ?? validZone(schedule?.workingHours?.timeZone),
        workingHours: workingHoursOf(schedule, user, deps.defaultWorkingHours ?? defaultHours),
        availabilityKnown: known,
      };
      return { attendee, busy: known ? schedule.items : [] };
    });
    const attendees = resolved.map((r) => r.attendee);
    const slotAttendees: SlotAttendee[] = resolved.map(({ attendee, busy }) => ({
      email: attendee.email,
      required: attendee.required,
      busy,
      workingHours: attendee.workingHours,
    }));

    const found = findSlots({
      attendees: slotAttendees,
      durationMinutes: request.durationMinutes,
      // Never past what Graph was asked about.
      window: { start: request.window.start, end: new Date(searchEnd).toISOString() },
      granularityMinutes: request.granularityMinutes,
      bufferMinutes: request.bufferMinutes,
      now: new Date(now),
      earliestStartFromNowMinutes: request.earliestStartFromNowMinutes,
      timeZone: request.timeZone,
      maxResults: request.maxResults,
      tentative: deps.tentative ?? "busy",
    });
    if (!found.ok) return found;
    return ok({
      proposalId: ids.next("proposal"),
      request,
      slots: found.value.slots,
      candidateCount: found.value.candidateCount,
      searched: found.value.searched,
      attendees,
    });
  }

  /**
   * Bookings in flight in this process, by tenant + booking id. A duplicate arriving while the first is
   * still running (Teams re-sends an invoke not answered within ~5 s; booking reads the join URL back
   * for seconds) shares its outcome: Graph documents transactionId for retries, not for two creates
   * racing. Entries leave when they settle. Across processes, the store's create-once decides.
   */
  const inFlight = new Map<string, Promise<Result<Meeting>>>();

  async function book(tenantId: string, input: unknown): Promise<Result<Meeting>> {
    const parsed = parseWith(bookMeetingRequestSchema, input, "booking");
    if (!parsed.ok) return parsed;
    const request = parsed.value;
    const attendees = inviteList(request.organizer, request.attendees);
    if (attendees.length === 0) {
      return fail("validation", "Invalid booking: invite at least one attendee besides the organizer", {
        issues: [{ path: "attendees", message: "at least one attendee besides the organizer" }],
      });
    }
    const key = bookingKey(tenantId, request.organizer, request.subject, request.slot, attendees);
    const flight = `${tenantId}\u0000${key}`;
    const running = inFlight.get(flight);
    if (running) return running;
    const attempt = bookOnce(tenantId, request, attendees, key).finally(() => inFlight.delete(flight));
    inFlight.set(flight, attempt);
    return attempt;
  }

  async function bookOnce(tenantId: string, request: BookMeetingRequest, attendees: MeetingAttendee[], key: string): Promise<Result<Meeting>> {
    const id = `booking-${key}`;

    // Same input again (double click, Teams retrying the invoke): answer with what the first call made.
    const existing = await meetings.get(tenantId, id);
    if (existing.ok) return existing;
    if (existing.error.code !== "not_found") return existing;

    const now = clock.now();
    if (Date.parse(request.slot.start) < now.getTime()) {
      return fail("validation", "Invalid booking: the slot has already started; propose new times", {
        issues: [{ path: "slot.start", message: "slot start is in the past" }],
      });
    }

    const agenda: AgendaItem[] = request.agenda.map((item) => ({ id: ids.next("agenda"), ...item }));
    // transactionId = booking key: if we crash after Graph created the event but before the store write,
    // the retry gets the same event back from Graph instead of a second one.
    const created = await graph.createEvent(request.organizer, {
      subject: request.subject,
      bodyHtml: renderAgendaHtml(agenda),
      start: request.slot.start,
      end: request.slot.end,
      timeZone: request.timeZone,
      attendees: attendees.map((a) => ({ email: a.email, name: a.name, type: a.type })),
      online: true,
      transactionId: key,
    });
    if (!created.ok) return created;
    const event = created.value;

    const stamp = now.toISOString();
    const stored = await meetings.create({
      id,
      tenantId,
      createdAt: stamp,
      updatedAt: stamp,
      graphEventId: event.id,
      seriesMasterId: event.seriesMasterId,
      iCalUId: event.iCalUId,
      organizer: { email: request.organizer },
      organizerEmail: request.organizer,
      attendees,
      ownerId: request.ownerId ?? request.requestedBy,
      agenda,
      subject: request.subject,
      start: request.slot.start,
      end: request.slot.end,
      timeZone: request.timeZone,
      joinUrl: event.joinUrl,
      bookingKey: key,
      source: "booked",
    });
    if (stored.ok) return stored;
    // A concurrent call with the same input won the race; Graph deduplicated the event via transactionId.
    if (stored.error.code === "duplicate") return meetings.get(tenantId, id);
    return stored;
  }

  async function listUpcoming(tenantId: string, input: unknown): Promise<Result<Meeting[]>> {
    const parsed = parseWith(listUpcomingRequestSchema, input ?? {}, "meeting list request");
    if (!parsed.ok) return parsed;
    const { organizerEmail, userEmail, limit } = parsed.value;
    const from = parsed.value.from ?? clock.now().toISOString();
    const involves = (m: Meeting): boolean =>
      userEmail === undefined || m.organizerEmail === userEmail || m.attendees.some((a) => a.email === userEmail);

    const out: Meeting[] = [];
    let scanned = 0;
    let continuationToken: string | undefined;
    do {
      const page = await meetings.query(tenantId, {
        // The selective equality first (the SQLite store drives the query from the first condition).
        where: [
          ...(organizerEmail ? [{ field: "organizerEmail", op: "eq" as const, value: organizerEmail }] : []),
          { field: "start", op: "gte", value: from },
        ],
        orderBy: { field: "start", direction: "asc" },
        // Attendee filtering happens here, so read bigger pages when it applies.
        limit: userEmail === undefined ? limit : 200,
        continuationToken,
      });
      if (!page.ok) return page;
      scanned += page.value.items.length;
      out.push(...page.value.items.filter(involves));
      continuationToken = page.value.continuationToken;
    } while (out.length < limit && continuationToken !== undefined && scanned < MAX_SCAN_FOR_ATTENDEE);
    return ok(out.slice(0, limit));
  }

  return { proposeSlots, book, listUpcoming };
}

/**
 * Stable idempotency key of a booking: the same tenant, organizer, subject, slot and people always give
 * the same key (attendee order and case do not matter).
 */
export function bookingKey(
  tenantId: string,
  organizer: string,
  subject: string,
  slot: { start: string; end: string },
  attendees: readonly { email: string }[],
): string {
  const people = [...new Set(attendees.map((a) => a.email.toLowerCase()))].sort();
  const canonical = JSON.stringify([
    "opsco.booking.v1",
    tenantId,
    organizer.toLowerCase(),
    subject.trim().replace(/\s+/g, " "),
    new Date(slot.start).toISOString(),
    new Date(slot.end).toISOString(),
    people,
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 40);
}

/** The agenda as a small, escaped HTML fragment for the event body (Outlook shows it as the invite text). */
export function renderAgendaHtml(
  agenda: readonly { title: string; minutes?: number | undefined; ownerId?: string | undefined }[],
  ownerNames: Readonly<Record<string, string>> = {},
): string {
  if (agenda.length === 0) return "<p>Agenda: to be added.</p>";
  const items = agenda.map((item) => {
    const notes = [
      item.minutes !== undefined ? `${item.minutes} min` : undefined,
      item.ownerId !== undefined ? escapeHtml(ownerNames[item.ownerId] ?? item.ownerId) : undefined,
    ].filter((n): n is string => n !== undefined);
    return `<li>${escapeHtml(item.title)}${notes.length > 0 ? ` <em>(${notes.join(", ")})</em>` : ""}</li>`;
  });
  return `<h3>Agenda</h3>\n<ol>\n${items.join("\n")}\n</ol>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Organizer first (always required), then required, then optional; each person once, required wins. */
function attendeeRoster(request: ProposeSlotsRequest): { email: string; required: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const email of [request.organizer, ...request.requiredAttendees]) seen.set(email, true);
  for (const email of request.optionalAttendees) if (!seen.has(email)) seen.set(email, false);
  return [...seen].map(([email, required]) => ({ email, required }));
}

/** Invitees without the organizer, each once (required wins over optional). */
function inviteList(organizer: string, attendees: readonly MeetingAttendee[]): MeetingAttendee[] {
  const byEmail = new Map<string, MeetingAttendee>();
  for (const a of attendees) {
    if (a.email === organizer) continue;
    const prior = byEmail.get(a.email);
    if (!prior) byEmail.set(a.email, a);
    else byEmail.set(a.email, { ...prior, name: prior.name ?? a.name, type: prior.type === "required" ? "required" : a.type });
  }
  return [...byEmail.values()];
}

function workingHoursOf(schedule: AttendeeSchedule | undefined, user: DirectoryUser, fallback: Omit<WorkingHours, "timeZone">): WorkingHours | undefined {
  for (const hours of [schedule?.workingHours, user.workingHours]) {
    if (hours && validZone(hours.timeZone)) return hours;
  }
  const zone = validZone(user.timeZone);
  return zone ? { ...fallback, timeZone: zone } : undefined;
}

function validZone(zone: string | undefined): string | undefined {
  return zone !== undefined && IANAZone.create(zone).isValid ? zone : undefined;
}

function unknownAttendees(emails: readonly string[]): DomainError {
  return new DomainError("not_found", `Unknown attendee${emails.length > 1 ? "s" : ""}: ${emails.join(", ")}`, {
    unknown: [...emails],
  });
}

/** Graph's not_found for a batch of users → a message naming who was not found. */
function namingUnknown(error: DomainError): DomainError {
  const unknown = error.details?.["unknown"];
  if (error.code === "not_found" && Array.isArray(unknown) && unknown.length > 0) {
    return unknownAttendees(unknown.map(String));
  }
  return error;
}
