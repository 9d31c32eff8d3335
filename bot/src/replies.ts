import { commandProblemCard, didYouMeanCard, noticeCard, tooLongCard, welcomeCard, DomainError } from "@opsco/shared";
import type { RouterDeps } from "./host/activity-router.js";
import type { CommandRegistry } from "./commands/registry.js";
import { maxCommandLength } from "./commands/text.js";
import { commandInfo, helpCardFor } from "./routes/help.js";

const asCard = (card: object): Record<string, unknown> => card as Record<string, unknown>;

/** The bot's answers for moments no feature owns: install, unknown text, bad input. Never silence. */
export function conversationalReplies(registry: CommandRegistry): RouterDeps["replies"] {
  const infos = () => registry.all().map(commandInfo);
  return {
    welcome: (turn) => turn.send({ kind: "card", card: asCard(welcomeCard(turn.user.name, infos())), summary: "Welcome to opsco" }),
    unknownCommand: (turn, text) =>
      turn.send({ kind: "card", card: asCard(didYouMeanCard(text.slice(0, 200), registry.suggest(text).map(commandInfo))), summary: "I didn't catch that" }),
    emptyMessage: (turn) => turn.send({ kind: "card", card: helpCardFor(registry), summary: "opsco commands" }),
    tooLong: (turn, length) => turn.send({ kind: "card", card: asCard(tooLongCard(length, maxCommandLength)), summary: "Message too long" }),
    commandError: (turn, name, message, details) => {
      const command = registry.find(name);
      const error = new DomainError("validation", message, details);
      return turn.send({ kind: "card", card: asCard(commandProblemCard(command ? commandInfo(command) : undefined, error)), summary: message.slice(0, 200) });
    },
    actionResult: (turn, result) =>
      result.kind === "card"
        ? turn.send({ kind: "card", card: result.card, summary: "opsco" })
        : turn.send({ kind: "card", card: asCard(noticeCard("That didn't work", result.message)), summary: result.message.slice(0, 200) }),
  };
}


