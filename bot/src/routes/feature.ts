import type { DomainError } from "@opsco/shared";
import type { AnyCardAction } from "../commands/actions.js";
import type { AnyCommand } from "../commands/registry.js";
import type { CardActionResult } from "../turns/turn.js";

/** What a feature contributes to the bot: its chat commands and its card buttons. */
export interface Feature {
  commands: AnyCommand[];
  actions: AnyCardAction[];
}

const statusOf: Record<DomainError["code"], 400 | 404 | 409 | 500 | 503> = {
  validation: 400,
  not_found: 404,
  duplicate: 409,
  conflict: 409,
  forbidden: 400,
  unauthorized: 400,
  rate_limited: 503,
  upstream: 503,
  unavailable: 503,
};

/** An expected failure shown inline on the card that was clicked (the card itself stays). */
export function inlineError(error: DomainError): CardActionResult {
  return { kind: "error", statusCode: statusOf[error.code], code: error.code, message: error.message };
}

export const asCard = (card: object): Record<string, unknown> => card as Record<string, unknown>;
