import { CardActionRegistry } from "../commands/actions.js";
import { CommandRegistry } from "../commands/registry.js";
import type { Feature } from "./feature.js";
import { helpActions, helpCommand } from "./help.js";
import { meetingsFeature, type MeetingsDeps } from "./meetings.js";

/** Every command and card button the bot answers: help first, then each feature. */
export function botRoutes(deps: MeetingsDeps): { commands: CommandRegistry; actions: CardActionRegistry } {
  const commands = new CommandRegistry();
  const actions = new CardActionRegistry();
  const features: Feature[] = [meetingsFeature(deps)];
  commands.register(helpCommand(commands));
  for (const feature of features) for (const command of feature.commands) commands.register(command);
  // helpActions read the registry when clicked, so commands registered later still have their buttons.
  for (const action of [...helpActions(commands), ...features.flatMap((f) => f.actions)]) actions.register(action);
  return { commands, actions };
}
