import { z } from "zod";
import {
  emailSchema,
  idSchema,
  instantSchema,
  storedDocShape,
  timeZoneSchema,
  userIdSchema,
} from "../common/schemas.js";

/**
 * Meetings opsco knows about: ones it booked (`source: "booked"`) and ones it tracks from Graph
 * (`source: "tracked"`, e.g. a recurring sync whose agenda lives in the Outlook pane).
 */

/** Most attendees one request may name. Graph batching copes with more; people rarely mean more. */
export const MAX_ATTENDEES = 100;
/** Graph getSchedule refuses windows of 62 days or longer. */
export const MAX_WINDOW_DAYS = 62;
/** Slots start on these boundaries (minutes). Divisors of 60 only, so every local hour has the same grid. */
export const allowedGranularities = [5, 10, 15, 20, 30, 60] as const;

export const attendeeTypeSchema = z.enum(["required", "optional"]);
export type AttendeeType = z.infer<typeof attendeeTypeSchema>;

export const meetingAttendeeSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200).optional(),
  type: attendeeTypeSchema.default("required"),
});
export type MeetingAttendee = z.output<typeof meetingAttendeeSchema>;

export const agendaItemSchema = z.object({
  id: idSchema,
  title: z.string().trim().min(1).max(500),
  ownerId: userIdSchema.optional(),
  minutes: z.number().int().positive().max(24 * 60).optional(),
});
export type AgendaItem = z.output<typeof agendaItemSchema>;

export const meetingSourceSchema = z.enum(["booked", "tracked"]);
export type MeetingSource = z.infer<typeof meetingSourceSchema>;

export const meetingSchema = z
  .object({
    ...storedDocShape,
    graphEventId: z.string().min(1).max(1000),
    seriesMasterId: z.string().min(1).max(1000).optional(),
    iCalUId: z.string().min(1).max(1000).optional(),
    organizer: z.object({ email: emailSchema, userId: userIdSchema.optional() }),
    /** Copy of organizer.email at top level: store indexes are top-level fields only. */
    organizerEmail: emailSchema,
    attendees: z.array(meetingAttendeeSchema).max(1000),
    /** Who answers for the meeting; absent on purpose for tracked meetings nobody owns (the radar finds them). */
    ownerId: userIdSchema.optional(),
    agenda: z.array(agendaItemSchema).max(200),
    subject: z.string().max(255),
    start: instantSchema,
    end: instantSchema,
    /** IANA zone the meeting was booked in (how it is shown to the organizer). */
    timeZone: timeZoneSchema,
    joinUrl: z.url().optional(),
    /** Idempotency key of a booking (also Graph's transactionId); absent on tracked meetings. */
    bookingKey: z.string().min(1).max(200).optional(),
    source: meetingSourceSchema,
  })
  .refine((m) => m.end > m.start, { message: "end must be after start", path: ["end"] })
  .refine((m) => m.organizerEmail === m.organizer.email, {
    message: "organizerEmail must equal organizer.email",
    path: ["organizerEmail"],
  });
export type Meeting = z.output<typeof meetingSchema>;

/**
 * Input of `proposeSlots`: what the person asking (card form or chat parse) wants.
 * Window rules that need more than one field (end after start, < 62 days, duration fits) are checked
 * here too so the service can refuse before any Graph call.
 */
export const proposeSlotsRequestSchema = z
  .object({
    /** Mailbox that will own the event; always treated as a required attendee. */
    organizer: emailSchema,
    requiredAttendees: z.array(emailSchema).max(MAX_ATTENDEES).default([]),
    optionalAttendees: z.array(emailSchema).max(MAX_ATTENDEES).default([]),
    durationMinutes: z.number().int().min(1, "duration must be at least 1 minute").max(24 * 60),
    window: z.object({ start: instantSchema, end: instantSchema }),
    granularityMinutes: z
      .number()
      .int()
      .refine((g) => (allowedGranularities as readonly number[]).includes(g), {
        message: `granularity must be one of ${allowedGranularities.join(", ")} minutes`,
      })
      .default(30),
    /** Free time kept before and after everyone's busy blocks. */
    bufferMinutes: z.number().int().min(0).max(240).default(0),
    /** No slot starts sooner than now + this. */
    earliestStartFromNowMinutes: z.number().int().min(0).max(MAX_WINDOW_DAYS * 24 * 60).default(0),
    /** The requester's zone: slot grid and how times are shown. */
    timeZone: timeZoneSchema,
    maxResults: z.number().int().min(1).max(100).default(10),
  })
  .superRefine((req, ctx) => {
    for (const issue of windowIssues(req.window.start, req.window.end, req.durationMinutes)) {
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path.split(".") });
    }
    const everyone = new Set([req.organizer, ...req.requiredAttendees, ...req.optionalAttendees]);
    if (everyone.size > MAX_ATTENDEES) {
      ctx.addIssue({
        code: "custom",
        message: `at most ${MAX_ATTENDEES} attendees (got ${everyone.size})`,
        path: ["requiredAttendees"],
      });
    }
  });
export type ProposeSlotsRequest = z.output<typeof proposeSlotsRequestSchema>;

/** Window rules shared by the request schema and the pure slot finder. Instants are ISO strings. */
export function windowIssues(start: string, end: string, durationMinutes: number): { path: string; message: string }[] {
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return [{ path: "window", message: "window start and end must be instants" }];
  if (endMs <= startMs) return [{ path: "window.end", message: "window end must be after its start" }];
  const issues: { path: string; message: string }[] = [];
  if (endMs - startMs >= MAX_WINDOW_DAYS * 86_400_000) {
    issues.push({ path: "window", message: `window must be shorter than ${MAX_WINDOW_DAYS} days (Graph free/busy limit)` });
  }
  if (durationMinutes * 60_000 > endMs - startMs) {
    issues.push({ path: "durationMinutes", message: "duration is longer than the window" });
  }
  return issues;
}
