/**
 * zod schemas for the Graph responses the adapter reads (only the fields it uses; the rest is stripped).
 * The `satisfies`-style checks at the bottom keep them honest against @microsoft/microsoft-graph-types.
 */
import type * as MicrosoftGraph from "@microsoft/microsoft-graph-types";
import { z } from "zod";

const text = z.string().nullish();

export const dateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: text });

export const emailAddressSchema = z.object({ address: text, name: text });

export const workingHoursSchema = z.object({
  daysOfWeek: z.array(z.enum(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"])).nullish(),
  startTime: text,
  endTime: text,
  timeZone: z.object({ name: text }).nullish(),
});

export const mailboxSettingsSchema = z.object({ timeZone: text, workingHours: workingHoursSchema.nullish() });

export const userSchema = z.object({
  id: z.string().min(1),
  displayName: text,
  mail: text,
  userPrincipalName: text,
  jobTitle: text,
  manager: z.object({ id: z.string().min(1) }).nullish(),
});

export const userPageSchema = z.object({ value: z.array(userSchema), "@odata.nextLink": z.string().optional() });

export const freeBusyStatusSchema = z.enum(["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"]).catch("unknown");

export const scheduleInformationSchema = z.object({
  scheduleId: z.string(),
  availabilityView: text,
  scheduleItems: z.array(z.object({ status: freeBusyStatusSchema, start: dateTimeTimeZoneSchema, end: dateTimeTimeZoneSchema })).nullish(),
  workingHours: workingHoursSchema.nullish(),
  error: z.object({ message: text, responseCode: text }).nullish(),
});

export const scheduleResponseSchema = z.object({ value: z.array(scheduleInformationSchema) });

export const eventSchema = z.object({
  id: z.string().min(1),
  subject: text,
  start: dateTimeTimeZoneSchema,
  end: dateTimeTimeZoneSchema,
  originalStartTimeZone: text,
  organizer: z.object({ emailAddress: emailAddressSchema.nullish() }).nullish(),
  attendees: z
    .array(z.object({ type: z.enum(["required", "optional", "resource"]).nullish(), emailAddress: emailAddressSchema.nullish() }))
    .nullish(),
  body: z.object({ contentType: z.enum(["text", "html"]).nullish(), content: text }).nullish(),
  isOnlineMeeting: z.boolean().nullish(),
  onlineMeeting: z.object({ joinUrl: text }).nullish(),
  type: z.enum(["singleInstance", "occurrence", "exception", "seriesMaster"]).nullish(),
  seriesMasterId: text,
  iCalUId: text,
  webLink: text,
});

export const eventPageSchema = z.object({ value: z.array(eventSchema), "@odata.nextLink": z.string().optional() });

export const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).nullish(),
      body: z.unknown().optional(),
    }),
  ),
});

export const graphErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().nullish() }) });

export type GraphUser = z.output<typeof userSchema>;
export type GraphMailboxSettings = z.output<typeof mailboxSettingsSchema>;
export type GraphWorkingHours = z.output<typeof workingHoursSchema>;
export type GraphScheduleInformation = z.output<typeof scheduleInformationSchema>;
export type GraphEvent = z.output<typeof eventSchema>;

// Compile-time: what we parse is a subset of Graph's documented types.
type Assignable<A extends B, B> = A;
export type SchemaChecks = [
  Assignable<Omit<GraphUser, "manager">, MicrosoftGraph.User>,
  Assignable<GraphMailboxSettings, MicrosoftGraph.MailboxSettings>,
  Assignable<GraphScheduleInformation, MicrosoftGraph.ScheduleInformation>,
  Assignable<GraphEvent, MicrosoftGraph.Event>,
];
