/**
 * Action builders.
 *
 * Universal Actions: buttons that change state are `Action.Execute` (verb + data → `adaptiveCard/action`
 * invoke, the bot answers with a refreshed card). Teams clients older than Adaptive Cards 1.4 do not know
 * Action.Execute, so each one carries an `Action.Submit` in its `fallback`, and the Submit's data repeats the
 * verb so the bot can route the resulting message activity (`activity.value = { ...data, verb, ...inputs }`).
 * Source — "Universal Action Model", section "Backward compatibility / Teams"
 * (https://learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model#teams): "your
 * `Action.Execute` actions should include a `fallback` property defined as an `Action.Submit`. Your Bot should
 * be coded in such a way that it can process both", and "it is strongly recommended that you wrap all your
 * `Action.Execute` in `ActionSet`" (older clients ignore `fallback` outside an ActionSet) — `adaptiveCard()`
 * therefore puts card actions into a body ActionSet. The bot cannot return a new card for a Submit: the
 * fallback path is a degraded experience (reply with a new message instead).
 */
import type {
  ActionData,
  ActionStyle,
  ExecuteAction,
  NestedCard,
  OpenUrlAction,
  ShowCardAction,
  SubmitAction,
  TargetElement,
  ToggleVisibilityAction,
  CardElement,
  CardAction,
} from "./types.js";
import { literalText } from "./text.js";
import { actionSet } from "./elements.js";

/** Key under which the Submit fallback repeats the verb (reserved: verb data must not use it). */
export const SUBMIT_VERB_KEY = "verb";

const TITLE_LIMIT = 100;

export interface ExecuteActionSpec<D extends ActionData = ActionData> {
  verb: string;
  title: string;
  data: D;
  style?: ActionStyle;
  id?: string;
  tooltip?: string;
  isEnabled?: boolean;
  /** "auto" (default) sends the card's input values with the data; "none" sends only `data`. */
  associatedInputs?: "auto" | "none";
  /** "submit" (default): Action.Submit for clients < 1.4. "drop": hide the button there (e.g. refresh-only). */
  fallback?: "submit" | "drop";
}

/** The Action.Submit a pre-1.4 client shows instead of an Action.Execute: same title, data + verb. */
export function submitFallback(
  verb: string,
  title: string,
  data: ActionData,
  options: { style?: ActionStyle; associatedInputs?: "auto" | "none" } = {},
): SubmitAction {
  return { type: "Action.Submit", title: literalText(title, TITLE_LIMIT), data: { ...data, [SUBMIT_VERB_KEY]: verb }, ...options };
}

export function executeAction<D extends ActionData>(spec: ExecuteActionSpec<D>): ExecuteAction {
  const { verb, title, data, fallback = "submit", ...rest } = spec;
  return {
    type: "Action.Execute",
    title: literalText(title, TITLE_LIMIT),
    verb,
    data,
    ...rest,
    fallback:
      fallback === "drop"
        ? "drop"
        : submitFallback(verb, title, data, {
            ...(spec.style ? { style: spec.style } : {}),
            ...(spec.associatedInputs ? { associatedInputs: spec.associatedInputs } : {}),
          }),
  };
}

export function openUrlAction(title: string, url: string, options: { style?: ActionStyle; id?: string; tooltip?: string } = {}): OpenUrlAction {
  return { type: "Action.OpenUrl", title: literalText(title, TITLE_LIMIT), url, ...options };
}

/** Shows `body` (and its own actions) inline under the button — forms without a round trip. */
export function showCardAction(
  title: string,
  body: CardElement[],
  options: { actions?: CardAction[]; style?: ActionStyle; id?: string } = {},
): ShowCardAction {
  const { actions, ...rest } = options;
  // Same rule as the root card: actions go into a body ActionSet so Action.Execute fallbacks work everywhere.
  const card: NestedCard = { type: "AdaptiveCard", body: actions && actions.length > 0 ? [...body, actionSet(actions)] : body };
  return { type: "Action.ShowCard", title: literalText(title, TITLE_LIMIT), card, ...rest };
}

/** Shows/hides elements by id ("details" expanders) without a round trip. */
export function toggleVisibilityAction(
  title: string,
  targetElements: (string | TargetElement)[],
  options: { style?: ActionStyle; id?: string } = {},
): ToggleVisibilityAction {
  return { type: "Action.ToggleVisibility", title: literalText(title, TITLE_LIMIT), targetElements, ...options };
}
