import { z } from "zod";
import { DateTime } from "luxon";
import { isIanaZone } from "../time/zones.js";

/** Building blocks every aggregate schema uses. */

export const idSchema = z.string().trim().min(1).max(200).regex(/^[^/\\?#]+$/, "must not contain / \\ ? #");
export const tenantIdSchema = z.string().trim().min(1).max(100);

/** An instant, ISO-8601 with an explicit offset or Z (normalised to UTC "…Z"). */
export const instantSchema = z
  .string()
  .refine((s) => /(?:Z|[+-]\d{2}:?\d{2})$/.test(s) && DateTime.fromISO(s, { setZone: true }).isValid, {
    message: "must be an ISO-8601 date-time with a time zone offset (e.g. 2026-11-25T09:00:00Z)",
  })
  .transform((s) => DateTime.fromISO(s, { setZone: true }).toUTC().toISO() as string);

/** A calendar day (no time): yyyy-MM-dd. Due dates and contract dates are days, not instants. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as yyyy-MM-dd")
  .refine((s) => DateTime.fromISO(s).isValid, { message: "must be a real calendar date" });

/** IANA time zone name, e.g. "Europe/Berlin". */
export const timeZoneSchema = z
  .string()
  .refine((s) => isIanaZone(s), { message: "must be an IANA time zone such as Europe/Berlin" });

export const emailSchema = z.email().max(320).transform((s) => s.toLowerCase());

/** Wall-clock time "HH:mm". */
export const wallTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:mm");

/** Fields every stored record has; `etag` is set by the store, timestamps by services (injected clock). */
export const storedDocShape = {
  id: idSchema,
  tenantId: tenantIdSchema,
  createdAt: instantSchema,
  updatedAt: instantSchema,
  etag: z.string().optional(),
} as const;

/** AAD object id (or a stable user key in dev). */
export const userIdSchema = z.string().trim().min(1).max(200);
