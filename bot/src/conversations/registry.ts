import { TurnContext, type ConversationReference } from "botbuilder";
import {
  blockConversationRef,
  conversationRefId,
  conversationRefsCollection,
  mutate,
  fail,
  ok,
  parseConversationRefInput,
  touchConversationRef,
  type Clock,
  type ConversationRef,
  type Result,
  type Store,
} from "@opsco/shared";
import type { Logger } from "../logger.js";
import { conversationKindOf, validTimeZone } from "../host/turn-context.js";

/** Re-writing an unchanged reference more often than this buys nothing (a Cosmos write is ≥ 5 RU). */
const refreshEveryMs = 10 * 60_000;

export interface ConversationRegistry {
  /** Stores/refreshes the reference of an inbound activity; returns the conversation's record id. */
  remember(context: TurnContext, tenantId: string): Promise<string>;
  forget(context: TurnContext, tenantId: string): Promise<void>;
  /** Teams said 403 MessageWritesBlocked: remember it in the store so it survives restarts. */
  markBlocked(tenantId: string, conversationId: string): Promise<void>;
  /** The stored reference, for proactive messages (digests, reminders) — survives restarts. */
  reference(tenantId: string, id: string): Promise<Result<{ record: ConversationRef; reference: Partial<ConversationReference> }>>;
}

export function createConversationRegistry(deps: { store: Store; clock: Clock; log: Logger }): ConversationRegistry {
  const refs = deps.store.collection(conversationRefsCollection);
  // In-process memo of what we last wrote, so a busy conversation is not re-written on every message.
  const lastWritten = new Map<string, { serviceUrl: string; at: number; timeZone: string | undefined }>();

  return {
    async remember(context, tenantId) {
      const activity = context.activity;
      const reference = TurnContext.getConversationReference(activity);
      const id = conversationRefId(activity.conversation.id);
      const key = `${tenantId}|${id}`;
      const now = deps.clock.now();
      const timeZone = validTimeZone(activity.localTimezone);
      const memo = lastWritten.get(key);
      if (memo && memo.serviceUrl === activity.serviceUrl && memo.timeZone === timeZone && now.getTime() - memo.at < refreshEveryMs) return id;

      const kind = conversationKindOf(activity);
      const teamId = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
      const input = parseConversationRefInput({
        kind,
        userId: kind === "personal" ? (activity.from?.aadObjectId ?? activity.from?.id ?? null) : null,
        teamId: typeof teamId === "string" && teamId ? teamId : null,
        channelId: activity.channelId,
        serviceUrl: activity.serviceUrl,
        conversation: {
          id: activity.conversation.id,
          ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
          ...(activity.conversation.name ? { name: activity.conversation.name } : {}),
          tenantId,
        },
        bot: { id: activity.recipient?.id ?? "bot", ...(activity.recipient?.name ? { name: activity.recipient.name } : {}) },
        ...(activity.from ? { user: { id: activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}), ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) } } : {}),
        ...(activity.locale ? { locale: activity.locale } : {}),
        ...(timeZone ? { timeZone } : {}),
        reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
      });
      if (!input.ok) {
        // The turn still gets an answer; we just cannot message this conversation proactively.
        deps.log.warn({ issues: input.error.issues }, "conversation reference not stored: activity lacks fields");
        return id;
      }
      const existing = await refs.get(tenantId, id);
      const doc = touchConversationRef(existing.ok ? existing.value : null, input.value, { tenantId, now: now.toISOString() });
      const written = await refs.upsert(doc);
      if (written.ok) lastWritten.set(key, { serviceUrl: activity.serviceUrl, at: now.getTime(), timeZone });
      else deps.log.warn({ code: written.error.code, message: written.error.message }, "conversation reference not stored");
      return id;
    },

    async forget(context, tenantId) {
      const id = conversationRefId(context.activity.conversation.id);
      lastWritten.delete(`${tenantId}|${id}`);
      const removed = await refs.delete(tenantId, id);
      if (!removed.ok && removed.error.code !== "not_found") deps.log.warn({ code: removed.error.code }, "conversation reference not removed");
    },

    async markBlocked(tenantId, conversationId) {
      const id = conversationRefId(conversationId);
      const now = deps.clock.now().toISOString();
      const blocked = await mutate(refs, tenantId, id, (ref) => ok(blockConversationRef(ref, now)));
      if (!blocked.ok && blocked.error.code !== "not_found") deps.log.warn({ code: blocked.error.code }, "could not mark conversation as blocked");
    },

    async reference(tenantId, id) {
      const record = await refs.get(tenantId, id);
      if (!record.ok) return record;
      if (record.value.sendBlockedAt) return fail("forbidden", "This conversation blocked messages from the bot");
      return ok({ record: record.value, reference: record.value.reference as Partial<ConversationReference> });
    },
  };
}
