import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { idSchema, instantSchema, storedDocShape } from "../common/schemas.js";
import { docIdFromKey } from "../conversations/doc-id.js";

/**
 * One digest delivery in the outbox. Its id is derived from subscription + period + recipient, so a second
 * attempt to enqueue the same run fails `create` with `duplicate` — each run is posted at most once per
 * recipient even when two schedulers race or a process restarts mid-run.
 */

export const deliveryStatuses = ["pending", "sending", "sent", "failed", "dead"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** A JSON object (the card to send), stored as-is so retries post exactly the same content. */
const jsonObjectSchema = z.record(z.string(), z.unknown());

const keyShape = {
  subscriptionId: idSchema,
  /** The run this delivery belongs to: its scheduled instant (ISO UTC), e.g. 2026-11-25T07:00:00.000Z. */
  period: z.string().trim().min(1).max(100),
  /** Conversation reference id the card goes to. */
  recipient: idSchema,
};

export function deliveryId(key: { subscriptionId: string; period: string; recipient: string }): string {
  return docIdFromKey("dlv:", `${key.subscriptionId}|${key.period}|${key.recipient}`);
}

export const deliveryInputSchema = z.object({ ...keyShape, payload: jsonObjectSchema.nullable().default(null) });
export type DeliveryInput = z.output<typeof deliveryInputSchema>;
export const parseDeliveryInput = (input: unknown): Result<DeliveryInput> => parseWith(deliveryInputSchema, input, "delivery");

export const deliverySchema = z
  .object({
    ...storedDocShape,
    ...keyShape,
    payload: jsonObjectSchema.nullable(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int().min(0),
    /** While `sending`: the claim expires here, after which another worker may take over. */
    leaseUntil: instantSchema.nullable(),
    /** Earliest time of the next attempt (pending/failed); the sender queries status + nextAttemptAt. */
    nextAttemptAt: instantSchema.nullable(),
    lastError: z.string().max(2000).nullable(),
    /** Activity id returned by the Bot Connector once sent (lets a later update replace the card). */
    activityId: z.string().max(500).nullable(),
    sentAt: instantSchema.nullable(),
  })
  .superRefine((d, ctx) => {
    if (d.id !== deliveryId(d)) ctx.addIssue({ code: "custom", path: ["id"], message: "id must be deliveryId(subscriptionId, period, recipient)" });
    if (d.status === "sending" && d.leaseUntil === null) ctx.addIssue({ code: "custom", path: ["leaseUntil"], message: "a sending delivery holds a lease" });
    if (d.status === "sent" && d.sentAt === null) ctx.addIssue({ code: "custom", path: ["sentAt"], message: "a sent delivery records when" });
  });
export type Delivery = z.output<typeof deliverySchema>;

export function newDelivery(input: DeliveryInput, meta: { tenantId: string; now: string }): NewDoc<Delivery> {
  return {
    ...input,
    id: deliveryId(input),
    tenantId: meta.tenantId,
    createdAt: meta.now,
    updatedAt: meta.now,
    status: "pending",
    attempts: 0,
    leaseUntil: null,
    nextAttemptAt: meta.now,
    lastError: null,
    activityId: null,
    sentAt: null,
  };
}
