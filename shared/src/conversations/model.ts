import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { instantSchema, storedDocShape, timeZoneSchema, userIdSchema } from "../common/schemas.js";
import { docIdFromKey } from "./doc-id.js";

/**
 * Where the bot can post proactively: one record per Teams conversation (a person's chat with the bot, a
 * group chat, a channel), refreshed on every inbound activity. The botbuilder ConversationReference is kept
 * verbatim in `reference` (a JSON object — shared never imports botbuilder types); the other fields are
 * what queries and digests need.
 */

export const conversationKinds = ["personal", "groupChat", "channel"] as const;
export type ConversationKind = (typeof conversationKinds)[number];

/** Deterministic document id for a Teams conversation id (which may contain characters ids cannot). */
export const conversationRefId = (conversationId: string): string => docIdFromKey("", conversationId);

const jsonObjectSchema = z.record(z.string(), z.unknown());
const accountSchema = z.object({ id: z.string().min(1).max(500), name: z.string().max(200).optional() });

const refShape = {
  kind: z.enum(conversationKinds),
  /** AAD object id of the person, for personal conversations (how a user's digest finds its chat). */
  userId: userIdSchema.nullable().default(null),
  /** Teams team id, for channel conversations. */
  teamId: z.string().min(1).max(500).nullable().default(null),
  channelId: z.string().min(1).max(50),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(500),
  conversation: z.object({
    id: z.string().min(1).max(1000),
    tenantId: z.string().max(100).optional(),
    conversationType: z.string().max(50).optional(),
    name: z.string().max(500).optional(),
  }),
  bot: accountSchema,
  user: accountSchema.extend({ aadObjectId: z.string().max(200).optional() }).optional(),
  locale: z.string().max(35).optional(),
  /** From the activity's `localTimezone`. */
  timeZone: timeZoneSchema.optional(),
  reference: jsonObjectSchema.refine((r) => JSON.stringify(r).length <= 32_000, { message: "reference is too large" }),
};

type RefRules = { kind: ConversationKind; userId: string | null; conversation: { conversationType?: string | undefined } };

function checkRef(r: RefRules, ctx: z.RefinementCtx): void {
  if (r.kind === "personal" && r.userId === null) {
    ctx.addIssue({ code: "custom", path: ["userId"], message: "a personal conversation names its user" });
  }
  // Teams' own conversationType uses the same three names; a mismatch is a mapping bug in the caller.
  const type = r.conversation.conversationType;
  if (type !== undefined && (conversationKinds as readonly string[]).includes(type) && type !== r.kind) {
    ctx.addIssue({ code: "custom", path: ["kind"], message: `kind ${r.kind} contradicts conversationType ${type}` });
  }
}

export const conversationRefInputSchema = z.object(refShape).superRefine(checkRef);
export type ConversationRefInput = z.output<typeof conversationRefInputSchema>;

export const parseConversationRefInput = (input: unknown): Result<ConversationRefInput> =>
  parseWith(conversationRefInputSchema, input, "conversation reference");

export const conversationRefSchema = z
  .object({
    ...storedDocShape,
    ...refShape,
    lastSeenAt: instantSchema,
    /** Set when Teams answered 403 MessageWritesBlocked: stop sending until the conversation is active again. */
    sendBlockedAt: instantSchema.nullable().default(null),
  })
  .superRefine(checkRef)
  .superRefine((r, ctx) => {
    if (r.id !== conversationRefId(r.conversation.id)) {
      ctx.addIssue({ code: "custom", path: ["id"], message: "id must be conversationRefId(conversation.id)" });
    }
    if (r.conversation.tenantId !== undefined && r.conversation.tenantId !== r.tenantId) {
      ctx.addIssue({ code: "custom", path: ["conversation", "tenantId"], message: "conversation belongs to another tenant" });
    }
  });
export type ConversationRef = z.output<typeof conversationRefSchema>;

/**
 * The record to upsert for an inbound activity: keeps the first-seen time, refreshes everything else
 * (keeping locale / time zone / team when this activity lacks them — invokes often do), and lifts a send
 * block (a person who writes to the bot again has unblocked it).
 */
export function touchConversationRef(
  existing: ConversationRef | null,
  input: ConversationRefInput,
  meta: { tenantId: string; now: string },
): NewDoc<ConversationRef> {
  return {
    ...input,
    teamId: input.teamId ?? existing?.teamId ?? null,
    locale: input.locale ?? existing?.locale,
    timeZone: input.timeZone ?? existing?.timeZone,
    id: conversationRefId(input.conversation.id),
    tenantId: meta.tenantId,
    createdAt: existing?.createdAt ?? meta.now,
    updatedAt: meta.now,
    lastSeenAt: meta.now,
    sendBlockedAt: null,
  };
}

/** Mark the conversation as refusing bot messages (403 MessageWritesBlocked). */
export function blockConversationRef(ref: ConversationRef, now: string): ConversationRef {
  return ref.sendBlockedAt === null ? { ...ref, sendBlockedAt: now, updatedAt: now } : ref;
}
