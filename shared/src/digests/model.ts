import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { idSchema, instantSchema, storedDocShape, timeZoneSchema, userIdSchema } from "../common/schemas.js";
import { cronExpressionSchema, nextCronRun } from "./cron.js";

/** A scheduled digest card for a channel or a person. Deliveries (the outbox) are in delivery-model.ts. */

export const digestSections = ["overdue", "dueSoon", "renewals", "budget", "blockedProjects", "ownerlessMeetings"] as const;
export type DigestSection = (typeof digestSections)[number];

/**
 * Where the digest goes. A personal digest names its person: their items, their time zone, their working
 * hours. A channel digest covers the team (optionally narrowed to some owners).
 */
export const digestTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), conversationRefId: idSchema, userId: userIdSchema }),
  z.object({ kind: z.literal("channel"), conversationRefId: idSchema, ownerIds: z.array(userIdSchema).max(50).optional() }),
]);
export type DigestTarget = z.output<typeof digestTargetSchema>;

const editableShape = {
  title: z.string().trim().min(1).max(100).default("Ops digest"),
  target: digestTargetSchema,
  cron: cronExpressionSchema,
  timeZone: timeZoneSchema,
  sections: z
    .array(z.enum(digestSections))
    .min(1, "pick at least one section")
    .refine((s) => new Set(s).size === s.length, { message: "sections must not repeat" }),
  /** Windows for the "due soon" and "renewals" sections. */
  dueSoonDays: z.number().int().min(0).max(30).default(3),
  renewalHorizonDays: z.number().int().min(1).max(365).default(30),
  ownerId: userIdSchema,
  active: z.boolean().default(true),
};

export const digestSubscriptionInputSchema = z.object(editableShape);
export type DigestSubscriptionInput = z.output<typeof digestSubscriptionInputSchema>;

export const parseDigestSubscriptionInput = (input: unknown): Result<DigestSubscriptionInput> =>
  parseWith(digestSubscriptionInputSchema, input, "digest subscription");

/** Indexed copies of the target, recomputed on every parse. */
const targetDerived = (target: DigestTarget) => ({
  targetRefId: target.conversationRefId,
  targetUserId: target.kind === "user" ? target.userId : null,
});

export const digestSubscriptionSchema = z
  .object({
    ...storedDocShape,
    ...editableShape,
    /** Next scheduled run (UTC); null when inactive. The scheduler claims subscriptions with nextRunAt ≤ now. */
    nextRunAt: instantSchema.nullable(),
    lastRunAt: instantSchema.nullable().default(null),
    targetRefId: z.unknown().optional(),
    targetUserId: z.unknown().optional(),
  })
  .transform((s) => ({ ...s, ...targetDerived(s.target) }));
export type DigestSubscription = z.output<typeof digestSubscriptionSchema>;

/** The next run after `after` for an active subscription, else null. */
export function nextDigestRun(sub: Pick<DigestSubscription, "active" | "cron" | "timeZone">, after: Date): string | null {
  return sub.active ? nextCronRun(sub, after) : null;
}

export function newDigestSubscription(input: DigestSubscriptionInput, meta: { id: string; tenantId: string; now: string }): NewDoc<DigestSubscription> {
  return {
    ...input,
    id: meta.id,
    tenantId: meta.tenantId,
    createdAt: meta.now,
    updatedAt: meta.now,
    nextRunAt: nextDigestRun(input, new Date(meta.now)),
    lastRunAt: null,
    ...targetDerived(input.target),
  };
}
