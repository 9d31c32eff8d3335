/**
 * The card root, auto-refresh and the size budget.
 */
import { fail, ok, type Result } from "../errors.js";
import { actionSet } from "./elements.js";
import { literalText } from "./text.js";
import { CARD_SCHEMA, CARD_VERSION, type AdaptiveCard, type CardAction, type CardElement, type ExecuteAction, type Refresh } from "./types.js";

/**
 * Teams asks for `refresh.userIds` to be present and to hold at most 60 users: only they get the automatic
 * refresh when they view the card; everyone else gets a manual "Refresh card" menu item (Teams docs, "Work with
 * Universal Actions for Adaptive Cards" → "UserIds in refresh").
 */
export const MAX_REFRESH_USER_IDS = 60;

/** Teams rejects messages over ~100 KB (whole activity); opsco keeps each card under 80 KB for headroom. */
export const MAX_CARD_BYTES = 80_000;

export interface CardSpec {
  body: CardElement[];
  /** Rendered as a trailing ActionSet in the body (see actions.ts for why not the root `actions`). */
  actions?: CardAction[];
  refresh?: Refresh;
  /** Plain text for clients that cannot render the card (and screen-reader summaries). */
  fallbackText?: string;
  speak?: string;
  /** Stretch to the conversation width in Teams (`msteams.width = "Full"`). */
  fullWidth?: boolean;
}

export function adaptiveCard(spec: CardSpec): AdaptiveCard {
  const body = spec.actions && spec.actions.length > 0 ? [...spec.body, actionSet(spec.actions)] : spec.body;
  return {
    type: "AdaptiveCard",
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(spec.refresh ? { refresh: spec.refresh } : {}),
    ...(spec.fallbackText !== undefined ? { fallbackText: literalText(spec.fallbackText, 500) } : {}),
    ...(spec.speak !== undefined ? { speak: literalText(spec.speak, 500) } : {}),
    ...(spec.fullWidth ? { msteams: { width: "Full" as const } } : {}),
  };
}

/**
 * A refresh clause: `action` runs for each listed user when they view the card (the bot answers with a card
 * for that user). User ids are de-duplicated and capped at 60, keeping the first ones — put the people who
 * must see live state (owner, assignees) first.
 */
export function refresh(action: ExecuteAction, userIds: readonly string[]): Refresh {
  const { fallback: _ignored, ...execute } = action; // refresh is invisible: nothing to fall back to
  const unique = [...new Set(userIds.filter((id) => id.trim().length > 0))];
  return { action: execute, userIds: unique.slice(0, MAX_REFRESH_USER_IDS) };
}

/** UTF-8 size of the card as sent (JSON). */
export function cardSizeBytes(card: object): number {
  return new TextEncoder().encode(JSON.stringify(card)).length;
}

/** ok(size) if the card is under `maxBytes`, else a `validation` error naming both numbers. */
export function checkCardSize(card: object, maxBytes: number = MAX_CARD_BYTES): Result<number> {
  const size = cardSizeBytes(card);
  if (size < maxBytes) return ok(size);
  return fail("validation", `Card is ${size} bytes; the limit is ${maxBytes}. Show fewer rows or link to the full list.`, {
    sizeBytes: size,
    maxBytes,
  });
}

/** For builders whose output size is bounded by construction: a too-big card is a bug, so throw. */
export function assertCardSize(card: object, maxBytes: number = MAX_CARD_BYTES): void {
  const result = checkCardSize(card, maxBytes);
  if (!result.ok) throw result.error;
}
