import type { Result } from "@opsco/shared";
import type { Turn } from "../turns/turn.js";
import { editDistance } from "./text.js";

/**
 * A chat command. Every feature registers its commands here; `help` lists them all, and the parser
 * dispatches on the first word only (no substring matching across the whole text).
 */
export interface Command<Args = unknown> {
  name: string;
  aliases: readonly string[];
  /** One line for the help card. */
  summary: string;
  /** e.g. "schedule Budget sync with adele, megan 30m tomorrow afternoon". */
  example: string;
  /** Turns the text after the command word into typed arguments (zod inside); errors are shown to the user. */
  parse(argsText: string, turn: Turn): Result<Args> | Promise<Result<Args>>;
  run(turn: Turn, args: Args): Promise<void>;
  /** The same command as a card form, for people who do not want to learn syntax. */
  form?(turn: Turn): Promise<Record<string, unknown>> | Record<string, unknown>;
}

export type AnyCommand = Command<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class CommandRegistry {
  private readonly byWord = new Map<string, AnyCommand>();
  private readonly ordered: AnyCommand[] = [];

  register<A>(command: Command<A>): this {
    for (const word of [command.name, ...command.aliases]) {
      const key = word.toLowerCase();
      if (this.byWord.has(key)) throw new Error(`command word "${key}" registered twice`);
      this.byWord.set(key, command as AnyCommand);
    }
    this.ordered.push(command as AnyCommand);
    return this;
  }

  all(): readonly AnyCommand[] {
    return this.ordered;
  }

  find(word: string): AnyCommand | undefined {
    return this.byWord.get(word.toLowerCase());
  }

  /** Splits "Schedule foo bar" into the command and the rest. */
  match(text: string): { command: AnyCommand; argsText: string } | undefined {
    const [word = "", ...rest] = text.split(" ");
    // "help!" and "schedule:" still match; a word that is all punctuation ("?") is looked up as it is.
    const bare = word.replace(/[^\p{L}\p{N}-]/gu, "");
    const command = this.find(bare === "" ? word : bare);
    return command ? { command, argsText: rest.join(" ").trim() } : undefined;
  }

  /** Closest commands to an unknown first word (distance ≤ 2), best first. */
  suggest(text: string, max = 3): AnyCommand[] {
    const word = (text.split(" ")[0] ?? "").toLowerCase().slice(0, 40);
    const scored = new Map<AnyCommand, number>();
    for (const [key, command] of this.byWord) {
      const d = editDistance(word, key);
      const best = scored.get(command);
      if (d <= 2 && (best === undefined || d < best)) scored.set(command, d);
    }
    return [...scored.entries()].sort((a, b) => a[1] - b[1]).slice(0, max).map(([c]) => c);
  }
}
