import { ok } from "@opsco/shared";
import { helpCard, openFormVerb, runCommandVerb, type CommandInfo } from "@opsco/shared";
import type { CardAction } from "../commands/actions.js";
import type { AnyCommand, Command, CommandRegistry } from "../commands/registry.js";
import type { CardActionResult, Turn } from "../turns/turn.js";

export function commandInfo(command: AnyCommand): CommandInfo {
  return { name: command.name, summary: command.summary, example: command.example, hasForm: command.form !== undefined };
}

export function helpCardFor(registry: CommandRegistry): Record<string, unknown> {
  return helpCard(registry.all().map(commandInfo)) as unknown as Record<string, unknown>;
}

export function helpCommand(registry: CommandRegistry): Command<void> {
  return {
    name: "help",
    aliases: ["?", "commands", "hi", "hello"],
    summary: "what I can do, with a button for each command",
    example: "help",
    parse: () => ok(undefined),
    run: async (turn) => turn.send({ kind: "card", card: helpCardFor(registry), summary: "opsco commands" }),
  };
}

const unknownCommand = (name: string): CardActionResult => ({
  kind: "error",
  statusCode: 404,
  code: "unknown_command",
  message: `There is no command "${name}" any more. Type help to see what I can do.`,
});

/** "Open form" buttons of the help, welcome and did-you-mean cards. */
export function helpActions(registry: CommandRegistry): CardAction<any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const openForm: CardAction<{ command: string }> = {
    verb: openFormVerb,
    handle: async (turn: Turn, data) => {
      const command = registry.find(data.command);
      if (!command) return unknownCommand(data.command);
      if (!command.form) return { kind: "card", card: helpCardFor(registry) };
      return { kind: "card", card: await command.form(turn) };
    },
  };
  const run: CardAction<{ command: string }> = {
    verb: runCommandVerb,
    handle: async (turn: Turn, data) => {
      const command = registry.find(data.command);
      if (!command) return unknownCommand(data.command);
      if (command.name === "help") return { kind: "card", card: helpCardFor(registry) };
      const parsed = await command.parse("", turn);
      if (!parsed.ok) return { kind: "error", statusCode: 400, code: parsed.error.code, message: parsed.error.message };
      await command.run(turn, parsed.value);
      return { kind: "card", card: helpCardFor(registry) };
    },
  };
  return [openForm, run];
}
