import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { emailSchema, idSchema, instantSchema, storedDocShape, timeZoneSchema, userIdSchema, wallTimeSchema } from "../common/schemas.js";

/**
 * A person as cached from Graph (users, mailboxSettings, manager). The document id is the AAD object id,
 * so a profile is one point read. Graph reports Windows zone names ("W. Europe Standard Time"); the Graph
 * adapter converts them to IANA before they get here.
 */

export const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * Graph's workingHours shape. An end before the start is a shift across midnight (22:00–06:00), which
 * belongs to the day it starts on; an equal start and end is refused (empty or 24 h is ambiguous).
 */
export const workingHoursSchema = z
  .object({
    daysOfWeek: z
      .array(z.enum(weekdays))
      .min(1, "pick at least one working day")
      .refine((d) => new Set(d).size === d.length, { message: "days must not repeat" }),
    startTime: wallTimeSchema,
    endTime: wallTimeSchema,
    timeZone: timeZoneSchema,
  })
  .refine((w) => w.startTime !== w.endTime, { path: ["endTime"], message: "end time must differ from start time" });

const profileShape = {
  displayName: z.string().trim().min(1).max(256),
  /** Null for accounts without a mailbox. */
  mail: emailSchema.nullable().default(null),
  userPrincipalName: z.string().max(320).optional(),
  jobTitle: z.string().max(200).optional(),
  department: z.string().max(200).optional(),
  timeZone: timeZoneSchema,
  workingHours: workingHoursSchema.optional(),
  managerId: userIdSchema.nullable().default(null),
  preferredLanguage: z.string().max(35).optional(),
};

export const userProfileInputSchema = z.object({ aadObjectId: idSchema, ...profileShape });
export type UserProfileInput = z.output<typeof userProfileInputSchema>;

export const parseUserProfileInput = (input: unknown): Result<UserProfileInput> =>
  parseWith(userProfileInputSchema, input, "user profile");

export const userProfileSchema = z.object({
  ...storedDocShape,
  ...profileShape,
  /** When the profile was last fetched from Graph (refresh when older than the cache TTL). */
  cachedAt: instantSchema,
});
export type UserProfile = z.output<typeof userProfileSchema>;

/** The cache record for a Graph fetch; keeps the first-cached time of an existing profile. */
export function cacheUserProfile(
  existing: UserProfile | null,
  input: UserProfileInput,
  meta: { tenantId: string; now: string },
): NewDoc<UserProfile> {
  const { aadObjectId, ...profile } = input;
  return { ...profile, id: aadObjectId, tenantId: meta.tenantId, createdAt: existing?.createdAt ?? meta.now, updatedAt: meta.now, cachedAt: meta.now };
}

/** Whether the cached profile is older than `maxAgeMs` at `now`. */
export function isProfileStale(profile: Pick<UserProfile, "cachedAt">, now: Date, maxAgeMs: number): boolean {
  return now.getTime() - Date.parse(profile.cachedAt) > maxAgeMs;
}
