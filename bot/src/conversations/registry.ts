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
  type ConversationRefInput,
  type Result,
  type Store,
} from "@opsco/shared";
import type { Logger } from "../logger.js";
import { conversationKindOf, validTimeZone } from "../host/turn-context.js";

/** Re-writing an unchanged reference more often than this buys nothing (a Cosmos write is ≥ 5 RU). */
const refreshEveryMs = 10 * 60_000;

/** Conversations whose last write is memoised; the oldest are forgotten (and simply written again). */
const defaultMemoLimit = 10_000;

export interface ConversationRegistry {
  /** Stores/refreshes the reference of an inbound activity; returns the conversation's record id. */
  remember(context: TurnContext, tenantId: string): Promise<string>;
  forget(context: TurnContext, tenantId: string): Promise<void>;
  /** Teams said 403 MessageWritesBlocked: remember it in the store so it survives restarts. Never rejects. */
  markBlocked(tenantId: string, conversationId: string): Promise<void>;
  /** The stored reference, for proactive messages (digests, reminders) — survives restarts. */
  reference(tenantId: string, id: string): Promise<Result<{ record: ConversationRef; reference: Partial<ConversationReference> }>>;
}

export function createConversationRegistry(deps: { store: Store; clock: Clock; log: Logger; memoLimit?: number }): ConversationRegistry {
  const refs = deps.store.collection(conversationRefsCollection);
  // In-process memo of what we last wrote, so a busy conversation is not re-written on every message.
  // Bounded: Map keeps insertion order, and a write re-inserts, so the first key is the stalest.
  const lastWritten = new Map<string, { serviceUrl: string; at: number; timeZone: string | undefined }>();
  const memoLimit = Math.max(1, deps.memoLimit ?? defaultMemoLimit);
  const memoise = (key: string, entry: { serviceUrl: string; at: number; timeZone: string | undefined }): void => {
    lastWritten.delete(key);
    lastWritten.set(key, entry);
    if (lastWritten.size > memoLimit) {
      const oldest = lastWritten.keys().next().value;
      if (oldest !== undefined) lastWritten.delete(oldest);
    }
  };

  /**
   * get + touch + upsert. The reference is a cache the turn does not depend on: whatever the store throws
   * (busy past its timeout, closed during shutdown, a record that no longer parses) is logged, and the turn
   * goes on — it only means this conversation cannot be messaged proactively until the next activity.
   */
  async function write(key: string, tenantId: string, id: string, input: ConversationRefInput, memo: { serviceUrl: string; at: number; timeZone: string | undefined }): Promise<void> {
    try {
      const existing = await refs.get(tenantId, id);
      const doc = touchConversationRef(existing.ok ? existing.value : null, input, { tenantId, now: new Date(memo.at).toISOString() });
      const written = await refs.upsert(doc);
      if (written.ok) memoise(key, memo);
      else deps.log.warn({ code: written.error.code, message: written.error.message }, "conversation reference not stored");
    } catch (error) {
      deps.log.error({ err: error, tenantId, conversationRefId: id }, "conversation reference not stored");
    }
  }

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
      await write(key, tenantId, id, input.value, { serviceUrl: activity.serviceUrl, at: now.getTime(), timeZone });
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
      try {
        const blocked = await mutate(refs, tenantId, id, (ref) => ok(blockConversationRef(ref, now)));
        if (!blocked.ok && blocked.error.code !== "not_found") deps.log.warn({ code: blocked.error.code }, "could not mark conversation as blocked");
      } catch (error) {
        // Called detached from the send that met the block: a rejection here would be unhandled.
        deps.log.error({ err: error, tenantId, conversationRefId: id }, "could not mark conversation as blocked");
      } finally {
        // The next inbound activity must reach the store to lift the block (touchConversationRef), even
        // if it comes within the refresh interval. Forgotten after the write, so a remember() racing it
        // cannot leave a memo that hides the block.
        lastWritten.delete(`${tenantId}|${id}`);
      }
    },

    async reference(tenantId, id) {
      const record = await refs.get(tenantId, id);
      if (!record.ok) return record;
      if (record.value.sendBlockedAt) return fail("forbidden", "This conversation blocked messages from the bot");
      return ok({ record: record.value, reference: record.value.reference as Partial<ConversationReference> });
    },
  };
}
