import type { Result } from "../errors.js";

/** Where a proactive message goes: a stored conversation reference (user chat or channel). */
export interface NotificationTarget {
  tenantId: string;
  conversationRefId: string;
}

/** Adaptive Card JSON or plain text. */
export type OutgoingMessage = { kind: "card"; card: Record<string, unknown>; summary: string } | { kind: "text"; text: string };

/**
 * Sends proactive messages (digests, reminders). The bot implements it with a rate-limited
 * Connector client; `shared` only decides what to send.
 */
export interface Notifier {
  send(target: NotificationTarget, message: OutgoingMessage, idempotencyKey: string): Promise<Result<{ activityId: string }>>;
}
