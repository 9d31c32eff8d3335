import { CardFactory, MessageFactory, TurnContext, type Activity, type ConversationReference } from "botbuilder";
import { timeZoneSchema, type OutgoingMessage } from "@opsco/shared";
import type { Logger } from "../logger.js";
import type { Turn } from "../turns/turn.js";

/** botbuilder → opsco: the only place that knows how a TurnContext maps to a Turn. */

export function conversationKindOf(activity: Partial<Activity>): Turn["conversationKind"] {
  const type = activity.conversation?.conversationType;
  if (type === "channel") return "channel";
  if (type === "groupChat") return "groupChat";
  return "personal";
}

export function tenantIdOf(activity: Partial<Activity>, fallback: string): string {
  // Teams puts the tenant in channelData and conversation; never trust a tenant sent in card data.
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannelData === "string" && fromChannelData) return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === "string" && fromConversation ? fromConversation : fallback;
}

/** The client's `localTimezone`, when it is a zone we can compute with (clients have sent junk). */
export function validTimeZone(value: unknown): string | undefined {
  return timeZoneSchema.safeParse(value).success ? (value as string) : undefined;
}

export function toActivity(message: OutgoingMessage): Partial<Activity> {
  if (message.kind === "text") return MessageFactory.text(message.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
  activity.summary = message.summary;
  return activity;
}

/** Hands an outgoing activity to the rate-limited sender; resolves once it is queued, not delivered. */
export type Enqueue = (tenantId: string, reference: Partial<ConversationReference>, activity: Partial<Activity>) => void;

export function toTurn(context: TurnContext, args: { tenantId: string; conversationRefId: string; log: Logger; enqueue: Enqueue }): Turn {
  const activity = context.activity;
  const from = activity.from ?? { id: "unknown", name: "" };
  const localTimezone = validTimeZone(activity.localTimezone);
  return {
    tenantId: args.tenantId,
    conversationRefId: args.conversationRefId,
    conversationKind: conversationKindOf(activity),
    user: {
      channelUserId: from.id,
      aadObjectId: from.aadObjectId || undefined,
      name: from.name ?? "",
      timeZone: localTimezone,
    },
    locale: activity.locale ?? "en-US",
    log: args.log,
    // Replies go through the paced sender like proactive messages do, so a burst of turns can never
    // exceed Teams' per-conversation and per-tenant limits, and the HTTP turn returns without waiting.
    send: async (message) => {
      args.enqueue(args.tenantId, TurnContext.getConversationReference(activity), toActivity(message));
    },
  };
}
