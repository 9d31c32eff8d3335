import type { OutgoingMessage } from "@opsco/shared";
import type { Logger } from "../logger.js";

/** Who is talking to the bot, as far as Teams told us. */
export interface TurnUser {
  /** Channel-specific id (29:…); always present. */
  channelUserId: string;
  /** AAD object id — the Graph user id; absent in some emulators. */
  aadObjectId: string | undefined;
  name: string;
  /** IANA zone from the activity's localTimezone, when the client sent one. */
  timeZone: string | undefined;
}

/**
 * What a route handler sees of a turn: no botbuilder types, so routes are testable without the SDK and
 * a host swap (Agents SDK) touches only bot/src/host.
 */
export interface Turn {
  tenantId: string;
  conversationRefId: string;
  conversationKind: "personal" | "groupChat" | "channel";
  user: TurnUser;
  locale: string;
  log: Logger;
  /** Sends a new message into the conversation. */
  send(message: OutgoingMessage): Promise<void>;
}

/** What a card action (Action.Execute invoke or Action.Submit fallback) answers with. */
export type CardActionResult =
  | { kind: "card"; card: Record<string, unknown> }
  | { kind: "error"; statusCode: 400 | 404 | 409 | 500 | 503; code: string; message: string };
