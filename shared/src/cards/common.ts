/**
 * Cards every feature needs: a plain message, an error explanation, a simple form.
 */
import type { DomainError, ErrorCode } from "../errors.js";
import { adaptiveCard } from "./card.js";
import { container, factSet, heading, subtleText, textBlock } from "./elements.js";
import type { AdaptiveCard, CardAction, CardInput, ContainerStyle, ExecuteAction } from "./types.js";
import type { CardText } from "./text.js";

export function messageCard(title: string, text: CardText, actions: CardAction[] = []): AdaptiveCard {
  return adaptiveCard({ body: [heading(title), textBlock(text)], actions, fallbackText: title });
}

/** What each error code means to the person who clicked — the DomainError message adds the specifics. */
const errorTitles: Record<ErrorCode, { title: string; style: ContainerStyle }> = {
  validation: { title: "Some details need fixing", style: "warning" },
  not_found: { title: "Not found", style: "warning" },
  duplicate: { title: "That already exists", style: "warning" },
  conflict: { title: "Someone changed this at the same time — refresh and try again", style: "warning" },
  forbidden: { title: "You don't have access to that", style: "attention" },
  unauthorized: { title: "Please sign in again", style: "attention" },
  rate_limited: { title: "Busy right now — try again in a moment", style: "warning" },
  upstream: { title: "A Microsoft 365 service didn't answer", style: "attention" },
  unavailable: { title: "opsco is temporarily unavailable", style: "attention" },
};

/** Issues beyond this many are summarised, so a huge bad payload cannot blow the card size budget. */
export const MAX_ERROR_ISSUES = 10;

/**
 * Explains a DomainError: a title for its code, its message, each validation issue as "field: problem", and
 * optional suggestion buttons (e.g. "Open the form", "Show help"). The message is shown to the user — build
 * DomainErrors with messages fit for that (no stack traces, no upstream bodies).
 */
export function errorCard(error: DomainError, options: { suggestions?: CardAction[] } = {}): AdaptiveCard {
  const { title, style } = errorTitles[error.code] ?? errorTitles.unavailable;
  const issues = error.issues;
  const shown = issues.slice(0, MAX_ERROR_ISSUES);
  const body = [
    container([heading(title, { size: "medium" }), textBlock(error.message)], { style }),
    ...(shown.length > 0
      ? [factSet(shown.map((i) => [i.path === "" ? "(input)" : i.path, i.message] as const), { spacing: "medium" })]
      : []),
    ...(issues.length > shown.length ? [subtleText(`…and ${issues.length - shown.length} more`)] : []),
    subtleText(`Code: ${error.code}`),
  ];
  return adaptiveCard({ body, actions: options.suggestions ?? [], fallbackText: `${title}: ${error.message}` });
}

export interface FormSpec {
  title: string;
  intro?: CardText;
  inputs: CardInput[];
  submit: ExecuteAction;
  /** Cancel, help, … */
  secondary?: CardAction[];
}

/** A titled form whose submit button is a verb action (inputs are merged into its data by Teams). */
export function formCard(spec: FormSpec): AdaptiveCard {
  return adaptiveCard({
    body: [heading(spec.title), ...(spec.intro !== undefined ? [textBlock(spec.intro)] : []), ...spec.inputs],
    actions: [spec.submit, ...(spec.secondary ?? [])],
    fallbackText: spec.title,
  });
}
