import { ActivityTypes, CardFactory, TurnContext, type Activity, type ConversationReference, type InvokeResponse } from "botbuilder";
import type { Result } from "@opsco/shared";
import { z } from "zod";
import type { CardActionRegistry } from "../commands/actions.js";
import type { CommandRegistry } from "../commands/registry.js";
import { maxCommandLength, normaliseText } from "../commands/text.js";
import type { Logger } from "../logger.js";
import type { CardActionResult, Turn } from "../turns/turn.js";
import { toTurn, tenantIdOf, type Enqueue } from "./turn-context.js";

/** What the router needs from the rest of the bot (composition root wires it). */
export interface RouterDeps {
  commands: CommandRegistry;
  actions: CardActionRegistry;
  log: Logger;
  defaultTenantId: string;
  /** Stores/refreshes the conversation reference of every inbound activity; returns its id. */
  rememberConversation(context: TurnContext, tenantId: string): Promise<string>;
  forgetConversation(context: TurnContext, tenantId: string): Promise<void>;
  /** The paced outbound sender (never throws; failures come back as Results). */
  send(tenantId: string, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<Result<unknown>>;
  /** Cards and replies for conversational moments the features do not own. */
  replies: {
    welcome(turn: Turn): Promise<void>;
    unknownCommand(turn: Turn, text: string): Promise<void>;
    emptyMessage(turn: Turn): Promise<void>;
    tooLong(turn: Turn, length: number): Promise<void>;
    commandError(turn: Turn, commandName: string, message: string, details?: Record<string, unknown>): Promise<void>;
    actionResult(turn: Turn, result: CardActionResult): Promise<void>;
  };
}

const executeInvokeSchema = z.object({
  action: z.object({ type: z.literal("Action.Execute"), verb: z.string().min(1).max(100), data: z.unknown().optional() }),
  trigger: z.string().optional(),
});
const submitValueSchema = z.looseObject({ verb: z.string().min(1).max(100) });

const invokeOk = (body: unknown): InvokeResponse => ({ status: 200, body });

function invokeResponseOf(result: CardActionResult): InvokeResponse {
  if (result.kind === "card") {
    return invokeOk({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: result.card });
  }
  // Teams shows this inline on the card, leaving the card as it was.
  return invokeOk({ statusCode: result.statusCode, type: "application/vnd.microsoft.error", value: { code: result.code, message: result.message } });
}

export function createActivityRouter(deps: RouterDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    const tenantId = tenantIdOf(activity, deps.defaultTenantId);
    const log = deps.log.child({ activityId: activity.id, conversationId: activity.conversation?.id, type: activity.type, tenantId });

    if (activity.type === ActivityTypes.InstallationUpdate && /^remove/.test(String(activity.action ?? ""))) {
      await deps.forgetConversation(context, tenantId);
      log.info({ action: activity.action }, "app removed from conversation");
      return;
    }

    const conversationRefId = await deps.rememberConversation(context, tenantId);
    const enqueue: Enqueue = (tid, reference, outgoing) => {
      deps.send(tid, reference, outgoing).then(
        (sent) => {
          if (!sent.ok) log.warn({ code: sent.error.code, message: sent.error.message }, "reply not delivered");
        },
        (error: unknown) => log.error({ err: error }, "reply sender failed"),
      );
    };
    const turn = toTurn(context, { tenantId, conversationRefId, log, enqueue });

    switch (activity.type) {
      case ActivityTypes.Message:
        await onMessage(context, turn, deps);
        return;
      case ActivityTypes.Invoke:
        await onInvoke(context, turn, deps);
        return;
      case ActivityTypes.ConversationUpdate: {
        // Teams announces an install with installationUpdate *and* conversationUpdate: welcome once, on the
        // former. Other channels (Web Chat, Emulator) only send conversationUpdate.
        const botId = activity.recipient?.id;
        if (activity.channelId !== "msteams" && (activity.membersAdded ?? []).some((m) => m.id === botId)) await deps.replies.welcome(turn);
        return;
      }
      case ActivityTypes.InstallationUpdate:
        if (/^add/.test(String(activity.action ?? ""))) await deps.replies.welcome(turn);
        return;
      default:
        log.debug("activity type not handled");
    }
  };
}

async function onMessage(context: TurnContext, turn: Turn, deps: RouterDeps): Promise<void> {
  const activity = context.activity;
  // Action.Submit (the fallback of Action.Execute on older clients) arrives as a message with `value`.
  if (activity.value !== undefined && activity.value !== null && typeof activity.value === "object") {
    const submit = submitValueSchema.safeParse(activity.value);
    if (!submit.success) {
      await deps.replies.actionResult(turn, { kind: "error", statusCode: 400, code: "validation", message: "That card sent data I could not read. Please try the button again." });
      return;
    }
    const { verb, ...data } = submit.data;
    const result = await deps.actions.dispatch(turn, verb, data);
    if (result.kind === "card" && activity.replyToId) {
      // Replace the card the button was on, like an Action.Execute refresh would.
      await context.updateActivity({ ...{ type: ActivityTypes.Message, id: activity.replyToId }, attachments: [CardFactory.adaptiveCard(result.card)] });
      return;
    }
    await deps.replies.actionResult(turn, result);
    return;
  }

  // removeRecipientMention reads recipient.id: some clients omit the recipient.
  const withoutMention = activity.recipient ? (TurnContext.removeRecipientMention(activity) ?? activity.text) : activity.text;
  const raw = withoutMention ?? "";
  if (raw.length > maxCommandLength) {
    await deps.replies.tooLong(turn, raw.length);
    return;
  }
  const text = normaliseText(raw);
  if (text === "") {
    await deps.replies.emptyMessage(turn);
    return;
  }
  const match = deps.commands.match(text);
  if (!match) {
    await deps.replies.unknownCommand(turn, text);
    return;
  }
  const parsed = await match.command.parse(match.argsText, turn);
  if (!parsed.ok) {
    await deps.replies.commandError(turn, match.command.name, parsed.error.message, parsed.error.details);
    return;
  }
  await match.command.run(turn, parsed.value);
}

async function onInvoke(context: TurnContext, turn: Turn, deps: RouterDeps): Promise<void> {
  const activity = context.activity;
  let response: InvokeResponse;
  if (activity.name === "adaptiveCard/action") {
    const invoke = executeInvokeSchema.safeParse(activity.value);
    if (!invoke.success) {
      response = invokeOk({ statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "validation", message: "The card action was malformed." } });
    } else {
      const { verb, data } = invoke.data.action;
      try {
        response = invokeResponseOf(await deps.actions.dispatch(turn, verb, data ?? {}));
      } catch (error) {
        // Without a response botbuilder answers a bare 501; Teams shows this message on the card instead.
        turn.log.error({ err: error, verb }, "card action failed");
        response = invokeOk({
          statusCode: 500,
          type: "application/vnd.microsoft.error",
          value: { code: "internal", message: "Something went wrong on my side. Please try again in a moment." },
        });
      }
    }
  } else {
    turn.log.debug({ name: activity.name }, "invoke not handled");
    response = { status: 501 };
  }
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
}
