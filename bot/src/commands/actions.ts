import type { Result } from "@opsco/shared";
import type { CardActionResult, Turn } from "../turns/turn.js";

/** Structural view of a card verb (built with defineVerb in shared/src/cards): a name and a data parser. */
export interface VerbSpec<Data> {
  readonly name: string;
  parse(data: unknown): Result<Data>;
}

/** Handles one card verb — from an Action.Execute invoke or its Action.Submit fallback. */
export interface CardAction<Data = unknown> {
  verb: VerbSpec<Data>;
  /** Must answer well within Teams' ~5 s invoke deadline, and be idempotent (Teams retries invokes). */
  handle(turn: Turn, data: Data): Promise<CardActionResult>;
}

export type AnyCardAction = CardAction<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class CardActionRegistry {
  private readonly byVerb = new Map<string, AnyCardAction>();

  register<D>(action: CardAction<D>): this {
    if (this.byVerb.has(action.verb.name)) throw new Error(`card verb "${action.verb.name}" registered twice`);
    this.byVerb.set(action.verb.name, action as AnyCardAction);
    return this;
  }

  async dispatch(turn: Turn, verb: string, data: unknown): Promise<CardActionResult> {
    const action = this.byVerb.get(verb);
    if (!action) {
      return { kind: "error", statusCode: 400, code: "unknown_verb", message: `This card button ("${verb.slice(0, 60)}") is not known to opsco any more. Type "help" for what I can do.` };
    }
    const parsed = action.verb.parse(data);
    if (!parsed.ok) {
      return { kind: "error", statusCode: 400, code: "validation", message: parsed.error.message };
    }
    return action.handle(turn, parsed.value);
  }

  verbs(): string[] {
    return [...this.byVerb.keys()];
  }
}
