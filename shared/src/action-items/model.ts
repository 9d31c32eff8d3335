import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { idSchema, instantSchema, isoDateSchema, storedDocShape, userIdSchema } from "../common/schemas.js";

/** An action item: always an owner and a due date (the coordinator's first rule). */

export const actionItemStatuses = ["open", "done", "snoozed", "cancelled"] as const;
export type ActionItemStatus = (typeof actionItemStatuses)[number];

/** Categories from the two roles: facilities requests, first-line AI support, onboarding checklists, incidents… */
export const actionItemCategories = [
  "general",
  "facilities",
  "support",
  "onboarding",
  "incident",
  "procurement",
  "finance",
  "it",
  "audit",
  "training",
] as const;

export const actionItemPriorities = ["low", "normal", "high"] as const;

/** Where the item came from — lets the Outlook pane carry a series' open items forward. */
export const actionItemSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("manual") }),
  z.object({ kind: z.literal("chat"), conversationId: z.string().min(1).max(500), messageId: z.string().max(200).optional() }),
  z.object({
    kind: z.literal("meeting"),
    meetingId: idSchema,
    /** Start of the occurrence the item was captured in (recurring meetings). */
    occurrenceStart: instantSchema.optional(),
    seriesMasterId: z.string().min(1).max(500).optional(),
  }),
  z.object({ kind: z.literal("outlook"), itemId: z.string().min(1).max(500), seriesMasterId: z.string().min(1).max(500).optional() }),
  /** Generated from a checklist template (onboarding, quarterly audit). */
  z.object({ kind: z.literal("template"), templateId: z.string().min(1).max(200), runId: z.string().max(200).optional() }),
]);
export type ActionItemSource = z.output<typeof actionItemSourceSchema>;

export const actionItemChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("created") }),
  z.object({
    kind: z.literal("status"),
    from: z.enum(actionItemStatuses),
    to: z.enum(actionItemStatuses),
    snoozedUntil: isoDateSchema.optional(),
    note: z.string().max(1000).optional(),
  }),
  z.object({ kind: z.literal("reassigned"), from: userIdSchema, to: userIdSchema }),
  z.object({ kind: z.literal("rescheduled"), from: isoDateSchema, to: isoDateSchema }),
  z.object({ kind: z.literal("comment"), text: z.string().min(1).max(2000) }),
]);
export type ActionItemChange = z.output<typeof actionItemChangeSchema>;

export const actionItemHistoryEntrySchema = z.object({ at: instantSchema, by: userIdSchema, change: actionItemChangeSchema });
export type ActionItemHistoryEntry = z.output<typeof actionItemHistoryEntrySchema>;

/** History is capped so a long-lived item stays far below Cosmos's 2 MB item limit. */
export const maxActionItemHistory = 200;

const editableShape = {
  title: z.string().trim().min(1, "title is required").max(300),
  notes: z.string().trim().max(4000).optional(),
  ownerId: userIdSchema,
  dueDate: isoDateSchema,
  category: z.enum(actionItemCategories).default("general"),
  priority: z.enum(actionItemPriorities).default("normal"),
  source: actionItemSourceSchema.default({ kind: "manual" }),
};

/** Creation input from untrusted data (card, chat command, add-in API). New items start open. */
export const actionItemInputSchema = z.object(editableShape);
export type ActionItemInput = z.output<typeof actionItemInputSchema>;

export const parseActionItemInput = (input: unknown): Result<ActionItemInput> =>
  parseWith(actionItemInputSchema, input, "action item");

/**
 * The key items of one meeting series share: the series master id for a recurring meeting, else the
 * meeting / Outlook item id. Stored top-level (indexed) so "open items of this series" is one query.
 */
export function sourceSeriesId(source: ActionItemSource): string | null {
  switch (source.kind) {
    case "meeting":
      return source.seriesMasterId ?? source.meetingId;
    case "outlook":
      return source.seriesMasterId ?? source.itemId;
    default:
      return null;
  }
}

const storedShape = {
  ...storedDocShape,
  ...editableShape,
  status: z.enum(actionItemStatuses),
  /** Set iff status is snoozed: the day the item wakes up again. */
  snoozedUntil: isoDateSchema.nullable().default(null),
  completedAt: instantSchema.nullable().default(null),
  createdBy: userIdSchema,
  history: z.array(actionItemHistoryEntrySchema).max(maxActionItemHistory),
  /** Denormalised from `source` for indexing; recomputed on every parse. */
  sourceSeriesId: z.string().nullable().optional(),
};

export const actionItemSchema = z
  .object(storedShape)
  .superRefine((item, ctx) => {
    if ((item.status === "snoozed") !== (item.snoozedUntil !== null)) {
      ctx.addIssue({ code: "custom", path: ["snoozedUntil"], message: "snoozedUntil is required exactly when the status is snoozed" });
    }
  })
  .transform((item) => ({ ...item, sourceSeriesId: sourceSeriesId(item.source) }));
export type ActionItem = z.output<typeof actionItemSchema>;

export interface NewActionItemMeta {
  id: string;
  tenantId: string;
  /** Instant of creation (from the injected clock), ISO UTC. */
  now: string;
  /** Who created it (AAD object id). */
  by: string;
}

/** Builds the stored document for a validated input: open, with a "created" history entry. */
export function newActionItem(input: ActionItemInput, meta: NewActionItemMeta): NewDoc<ActionItem> {
  return {
    ...input,
    id: meta.id,
    tenantId: meta.tenantId,
    createdAt: meta.now,
    updatedAt: meta.now,
    status: "open",
    snoozedUntil: null,
    completedAt: null,
    createdBy: meta.by,
    history: [{ at: meta.now, by: meta.by, change: { kind: "created" } }],
    sourceSeriesId: sourceSeriesId(input.source),
  };
}
