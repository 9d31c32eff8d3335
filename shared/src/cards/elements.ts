/**
 * Body element builders. Each returns plain JSON; options are the element's own optional properties.
 * Markdown-capable text (TextBlock, facts) takes `CardText`: a plain string is escaped (see text.ts), `md`
 * output is trusted. Titles/labels that hosts do not markdown-process are only cleaned and length-bounded.
 */
import type {
  ActionSet,
  CardAction,
  CardElement,
  Choice,
  ChoiceSetInput,
  Column,
  ColumnSet,
  Container,
  DateInput,
  Fact,
  FactSet,
  Image,
  NumberInput,
  RichTextBlock,
  TextBlock,
  TextInput,
  TextRun,
  TimeInput,
  ToggleInput,
} from "./types.js";
import { literalText, toMarkdown, type CardText } from "./text.js";

type Options<T, K extends keyof T> = Partial<Omit<T, K | "type">>;

/** A wrapping TextBlock (Teams cuts unwrapped text at one line, so `wrap` defaults to true). */
export function textBlock(text: CardText, options: Options<TextBlock, "text"> = {}): TextBlock {
  return { type: "TextBlock", text: toMarkdown(text), wrap: true, ...options };
}

/** A card title: large, bold, announced as a heading. */
export function heading(text: CardText, options: Options<TextBlock, "text"> = {}): TextBlock {
  return textBlock(text, { size: "large", weight: "bolder", style: "heading", ...options });
}

/** Secondary text (explanations, timestamps). */
export function subtleText(text: CardText, options: Options<TextBlock, "text"> = {}): TextBlock {
  return textBlock(text, { isSubtle: true, size: "small", ...options });
}

/** A run of literal text: never markdown-processed, so raw user text is safe here without escaping. */
export function textRun(text: string, options: Options<TextRun, "text"> = {}): TextRun {
  return { type: "TextRun", text: literalText(text), ...options };
}

export function richText(inlines: (TextRun | string)[], options: Options<RichTextBlock, "inlines"> = {}): RichTextBlock {
  return { type: "RichTextBlock", inlines: inlines.map((i) => (typeof i === "string" ? textRun(i) : i)), ...options };
}

/** Facts as [title, value] pairs; both sides are CardText. */
export function factSet(facts: readonly (readonly [CardText, CardText])[], options: Options<FactSet, "facts"> = {}): FactSet {
  const rows: Fact[] = facts.map(([title, value]) => ({ title: toMarkdown(title, 200), value: toMarkdown(value) }));
  return { type: "FactSet", facts: rows, ...options };
}

export function container(items: CardElement[], options: Options<Container, "items"> = {}): Container {
  return { type: "Container", items, ...options };
}

export function column(items: CardElement[], options: Options<Column, "items"> = {}): Column {
  return { type: "Column", items, ...options };
}

export function columnSet(columns: Column[], options: Options<ColumnSet, "columns"> = {}): ColumnSet {
  return { type: "ColumnSet", columns, ...options };
}

export function image(url: string, altText: string, options: Options<Image, "url" | "altText"> = {}): Image {
  return { type: "Image", url, altText: literalText(altText, 200), ...options };
}

export function actionSet(actions: CardAction[], options: Options<ActionSet, "actions"> = {}): ActionSet {
  return { type: "ActionSet", actions, ...options };
}

// Inputs: `label` is mandatory (accessibility; the renderer warns for required inputs without one) and a
// required input must say what is wrong when left empty, so `isRequired: true` demands `errorMessage`.
type RequiredRule = { isRequired: true; errorMessage: string } | { isRequired?: false; errorMessage?: string };
type InputSpec<T extends { type: string }> = Omit<T, "type" | "isRequired" | "errorMessage"> & RequiredRule;

function input<T extends { type: string; label: string }>(type: T["type"], spec: Omit<T, "type">): T {
  return { type, ...spec, label: literalText(spec.label, 200) } as T;
}

export const textInput = (spec: InputSpec<TextInput>): TextInput => input<TextInput>("Input.Text", spec);
export const dateInput = (spec: InputSpec<DateInput>): DateInput => input<DateInput>("Input.Date", spec);
export const timeInput = (spec: InputSpec<TimeInput>): TimeInput => input<TimeInput>("Input.Time", spec);
export const numberInput = (spec: InputSpec<NumberInput>): NumberInput => input<NumberInput>("Input.Number", spec);
export const toggleInput = (spec: InputSpec<ToggleInput>): ToggleInput =>
  input<ToggleInput>("Input.Toggle", { ...spec, title: literalText(spec.title, 200) });

type ChoiceSpec = readonly [title: string, value: string] | Choice;
const isPair = (c: ChoiceSpec): c is readonly [string, string] => Array.isArray(c);

/** Choices as [title, value] pairs or {title, value}; titles are literal (cleaned, not escaped). */
export function choiceSetInput(spec: Omit<InputSpec<ChoiceSetInput>, "choices"> & { choices: readonly ChoiceSpec[] }): ChoiceSetInput {
  const choices: Choice[] = spec.choices.map((c) =>
    isPair(c) ? { title: literalText(c[0], 200), value: c[1] } : { title: literalText(c.title, 200), value: c.value },
  );
  return input<ChoiceSetInput>("Input.ChoiceSet", { ...spec, choices });
}
