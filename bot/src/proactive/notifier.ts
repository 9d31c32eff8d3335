/**
 * The shared `Notifier` port (digests, reminders) on top of the outbound sender: find the stored
 * conversation reference, turn the message into an activity, hand it to the rate-limited sender.
 * Idempotency (one delivery per subscription + period + recipient) is the digest outbox's job; the key
 * travels into the logs so a delivery can be traced.
 */
import type { ConversationReference } from "botbuilder";
import { fail, ok, type NotificationTarget, type Notifier, type OutgoingMessage, type Result } from "@opsco/shared";
import type { Logger } from "../logger.js";
import { toActivity } from "../host/turn-context.js";
import type { OutboundSender } from "./sender.js";

/** Reads a stored conversation reference (wired to the ConversationRef store by the composition root). */
export type ConversationReferenceLookup = (
  tenantId: string,
  conversationRefId: string,
) => Promise<Result<{ reference: Partial<ConversationReference> }>>;

export interface ConnectorNotifierOptions {
  sender: OutboundSender;
  lookup: ConversationReferenceLookup;
  log: Logger;
}

export function createConnectorNotifier({ sender, lookup, log }: ConnectorNotifierOptions): Notifier {
  return {
    async send(target: NotificationTarget, message: OutgoingMessage, idempotencyKey: string): Promise<Result<{ activityId: string }>> {
      const where = { tenantId: target.tenantId, conversationRefId: target.conversationRefId, idempotencyKey };
      let found: Result<{ reference: Partial<ConversationReference> }>;
      try {
        found = await lookup(target.tenantId, target.conversationRefId);
      } catch (error) {
        log.error({ ...where, err: error }, "notification not sent: conversation reference lookup threw");
        return fail("unavailable", "could not read the conversation reference", where);
      }
      if (!found.ok) {
        log.warn({ ...where, code: found.error.code }, "notification not sent: no usable conversation reference");
        return found;
      }
      const sent = await sender.send(target.tenantId, found.value.reference, toActivity(message));
      if (!sent.ok) return sent; // the sender has logged the failure once
      log.debug({ ...where, activityId: sent.value.activityId }, "notification sent");
      // Teams always returns an id for a new message; "" only if a non-Teams channel did not.
      return ok({ activityId: sent.value.activityId ?? "" });
    },
  };
}
