import type { DomainError } from "../errors.js";
import { adaptiveCard } from "../cards/card.js";
import { actionSet, column, columnSet, container, factSet, heading, subtleText, textBlock } from "../cards/elements.js";
import { md } from "../cards/text.js";
import type { AdaptiveCard, CardAction } from "../cards/types.js";
import { openFormVerb, runCommandVerb } from "./verbs.js";

/** How a command presents itself on the help card. */
export interface CommandInfo {
  name: string;
  summary: string;
  example: string;
  /** Has a card form (button "Open form"); otherwise the button runs it with no arguments. */
  hasForm: boolean;
}

function commandButton(command: CommandInfo): CardAction {
  return command.hasForm
    ? openFormVerb.action(command.name, { command: command.name })
    : runCommandVerb.action(command.name, { command: command.name });
}

export function helpCard(commands: readonly CommandInfo[]): AdaptiveCard {
  return adaptiveCard({
    fallbackText: `opsco commands: ${commands.map((c) => c.name).join(", ")}`,
    body: [
      heading("What I can do"),
      subtleText("Type a command, or press a button to fill in a form instead."),
      // One row per command with its own button: Teams shows at most 6 actions per ActionSet, and every
      // feature adds commands.
      ...commands.map((command) =>
        container(
          [
            columnSet([
              column([textBlock(md`**${command.name}** — ${command.summary}`), subtleText(md`e.g. \`${command.example}\``)], { width: "stretch" }),
              column([actionSet([commandButton(command)])], { width: "auto", verticalContentAlignment: "center" }),
            ]),
          ],
          { separator: true, spacing: "medium" },
        ),
      ),
    ],
  });
}

export function welcomeCard(userName: string, commands: readonly CommandInfo[]): AdaptiveCard {
  const greeting = userName ? md`Hi ${userName.split(" ")[0] ?? userName}, I'm opsco.` : md`Hi, I'm opsco.`;
  return adaptiveCard({
    fallbackText: "Hi, I'm opsco — your operations coordinator. Type help to see what I can do.",
    body: [
      heading(greeting),
      textBlock(
        "I keep the machinery running: meetings with agendas and owners, action items that get done, renewals before their notice deadline, and spend against budget. I'll flag problems before they become requests.",
      ),
      subtleText("Start with one of these, or type help at any time."),
    ],
    actions: [...commands.slice(0, 4).map(commandButton), runCommandVerb.action("All commands", { command: "help" })],
  });
}

export function didYouMeanCard(text: string, suggestions: readonly CommandInfo[]): AdaptiveCard {
  return adaptiveCard({
    fallbackText: `I didn't understand "${text}". Type help to see what I can do.`,
    body: [
      heading("I didn't catch that"),
      textBlock(md`I don't know a command called **${text.split(" ")[0] ?? text}**.`),
      suggestions.length > 0
        ? textBlock(md`Did you mean ${suggestions.map((s) => s.name).join(" or ")}?`)
        : textBlock("Here is what I can do — press a button or type help."),
    ],
    actions: [...suggestions.map(commandButton), runCommandVerb.action("Show all commands", { command: "help" })],
  });
}

/** A command was understood but its details were not: say what to fix, offer the form. */
export function commandProblemCard(command: CommandInfo | undefined, error: Pick<DomainError, "message" | "issues">): AdaptiveCard {
  const issues = error.issues.filter((i) => i.message);
  return adaptiveCard({
    fallbackText: error.message,
    body: [
      heading(command ? `I couldn't run ${command.name}` : "Something needs fixing", { color: "attention" }),
      textBlock(error.message),
      ...(issues.length > 1 ? [factSet(issues.slice(0, 8).map((i) => [i.path || "input", i.message] as const))] : []),
      ...(command ? [subtleText(md`Example: \`${command.example}\``)] : []),
    ],
    actions: command ? [commandButton(command), runCommandVerb.action("Help", { command: "help" })] : [runCommandVerb.action("Help", { command: "help" })],
  });
}

export function tooLongCard(length: number, max: number): AdaptiveCard {
  return adaptiveCard({
    fallbackText: "That message is too long to be a command.",
    body: [
      heading("That's a lot of text"),
      textBlock(`Your message has ${length.toLocaleString("en-US")} characters; commands are at most ${max}. Use a form instead:`),
    ],
    actions: [runCommandVerb.action("Show commands", { command: "help" })],
  });
}

/** A short status line with optional buttons (confirmations, "nothing to show"). */
export function noticeCard(title: string, text: string, actions: CardAction[] = []): AdaptiveCard {
  return adaptiveCard({ fallbackText: `${title}: ${text}`, body: [heading(title, { size: "medium" }), textBlock(text)], actions });
}
