import { z } from "zod";
import { defineVerb } from "../cards/verbs.js";
import { emailSchema, instantSchema, timeZoneSchema } from "../common/schemas.js";
import { MAX_ATTENDEES } from "./model.js";

/** Card form "Schedule a meeting": Teams sends the inputs' values (strings) merged into the data. */
export const proposeVerb = defineVerb(
  "meetings.propose",
  z.object({
    subject: z.string().trim().min(1, "give the meeting a title").max(255),
    attendees: z.string().trim().min(1, "name at least one person").max(4000),
    duration: z.coerce.number().int().min(5, "at least 5 minutes").max(480, "at most 8 hours").default(30),
    when: z.string().trim().max(200).optional(),
  }),
);

/** "Book" on a proposed slot: everything needed to book is in the button, so no server-side proposal state. */
export const bookVerb = defineVerb(
  "meetings.book",
  z
    .object({
      subject: z.string().trim().min(1).max(255),
      start: instantSchema,
      end: instantSchema,
      timeZone: timeZoneSchema,
      organizer: emailSchema,
      required: z.array(emailSchema).max(MAX_ATTENDEES),
      optional: z.array(emailSchema).max(MAX_ATTENDEES).default([]),
    })
    .refine((d) => d.end > d.start, { message: "end must be after start", path: ["end"] }),
);

/** Opens the schedule form, pre-filled (e.g. "Change the request" when no time works). */
export const scheduleFormVerb = defineVerb(
  "meetings.form",
  z.object({
    subject: z.string().max(255).optional(),
    attendees: z.string().max(4000).optional(),
    duration: z.number().int().min(5).max(480).optional(),
    when: z.string().max(200).optional(),
  }),
);

/** "My meetings": the upcoming meetings list. */
export const listMeetingsVerb = defineVerb("meetings.list", z.object({}));
