/**
 * Plain-JSON shapes of the Adaptive Card 1.5 subset opsco sends to Teams. Only what feature cards use is
 * modelled; anything typed here must also parse without warnings in the real `adaptivecards` renderer
 * (tests/support/render-card.ts proves it). No SDK types: shared/src stays pure.
 */

export const CARD_VERSION = "1.5";
export const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

export type Spacing = "none" | "small" | "default" | "medium" | "large" | "extraLarge" | "padding";
export type ContainerStyle = "default" | "emphasis" | "good" | "attention" | "warning" | "accent";
export type ActionStyle = "default" | "positive" | "destructive";
export type TextSize = "small" | "default" | "medium" | "large" | "extraLarge";
export type TextWeight = "lighter" | "default" | "bolder";
export type TextColor = "default" | "dark" | "light" | "accent" | "good" | "warning" | "attention";
export type HorizontalAlignment = "left" | "center" | "right";
export type VerticalAlignment = "top" | "center" | "bottom";
export type FontType = "default" | "monospace";

/** Properties every body element accepts. */
export interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
  horizontalAlignment?: HorizontalAlignment;
}

export interface TextBlock extends ElementBase {
  type: "TextBlock";
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  maxLines?: number;
  fontType?: FontType;
  /** 1.5: "heading" lets screen readers announce the block as a heading. */
  style?: "default" | "heading";
}

/** A run of text inside a RichTextBlock. TextRuns are never markdown-processed (safe for raw user text). */
export interface TextRun {
  type: "TextRun";
  text: string;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  highlight?: boolean;
  underline?: boolean;
  fontType?: FontType;
  selectAction?: CardAction;
}

export interface RichTextBlock extends ElementBase {
  type: "RichTextBlock";
  inlines: TextRun[];
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: "FactSet";
  facts: Fact[];
}

export type ColumnWidth = "auto" | "stretch" | number | `${number}px`;

export interface Column extends Omit<ElementBase, "horizontalAlignment"> {
  type: "Column";
  items: CardElement[];
  width?: ColumnWidth;
  style?: ContainerStyle;
  bleed?: boolean;
  verticalContentAlignment?: VerticalAlignment;
  selectAction?: CardAction;
}

export interface ColumnSet extends ElementBase {
  type: "ColumnSet";
  columns: Column[];
  style?: ContainerStyle;
  bleed?: boolean;
  selectAction?: CardAction;
}

export interface Container extends ElementBase {
  type: "Container";
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
  verticalContentAlignment?: VerticalAlignment;
  selectAction?: CardAction;
}

export interface Image extends ElementBase {
  type: "Image";
  url: string;
  altText?: string;
  size?: "auto" | "stretch" | "small" | "medium" | "large";
  style?: "default" | "person";
  width?: `${number}px`;
  height?: `${number}px`;
  selectAction?: CardAction;
}

/** Inputs always carry a label (accessibility; Teams renders it) and, when required, an error message. */
interface InputBase extends ElementBase {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends InputBase {
  type: "Input.Text";
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
  regex?: string;
  style?: "text" | "tel" | "url" | "email";
}

export interface DateInput extends InputBase {
  type: "Input.Date";
  /** yyyy-MM-dd */
  value?: string;
  min?: string;
  max?: string;
  placeholder?: string;
}

export interface TimeInput extends InputBase {
  type: "Input.Time";
  /** HH:mm */
  value?: string;
  min?: string;
  max?: string;
  placeholder?: string;
}

export interface NumberInput extends InputBase {
  type: "Input.Number";
  value?: number;
  min?: number;
  max?: number;
  placeholder?: string;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ChoiceSetInput extends InputBase {
  type: "Input.ChoiceSet";
  choices: Choice[];
  /** "filtered" (1.5) gives a type-ahead list — use it for long lists such as people or vendors. */
  style?: "compact" | "expanded" | "filtered";
  isMultiSelect?: boolean;
  /** Selected value(s); comma-separated when isMultiSelect. */
  value?: string;
  placeholder?: string;
  wrap?: boolean;
}

export interface ToggleInput extends InputBase {
  type: "Input.Toggle";
  title: string;
  value?: string;
  valueOn?: string;
  valueOff?: string;
  wrap?: boolean;
}

export type CardInput = TextInput | DateInput | TimeInput | NumberInput | ChoiceSetInput | ToggleInput;

export interface ActionSet extends ElementBase {
  type: "ActionSet";
  actions: CardAction[];
}

export type CardElement = TextBlock | RichTextBlock | FactSet | ColumnSet | Container | Image | CardInput | ActionSet;

/**
 * Data an action carries to the bot and back. Must be JSON-serialisable (it travels through Teams); kept as
 * `Record<string, unknown>` so zod input types with optional fields fit. Teams merges input values into it.
 */
export type ActionData = Record<string, unknown>;

interface ActionBase {
  title: string;
  id?: string;
  style?: ActionStyle;
  tooltip?: string;
  isEnabled?: boolean;
}

/** What clients < 1.4 (which do not know Action.Execute) show instead. */
export interface SubmitAction extends ActionBase {
  type: "Action.Submit";
  data: ActionData;
  associatedInputs?: "auto" | "none";
}

export interface ExecuteAction extends ActionBase {
  type: "Action.Execute";
  verb: string;
  data: ActionData;
  associatedInputs?: "auto" | "none";
  fallback?: SubmitAction | "drop";
}

export interface OpenUrlAction extends ActionBase {
  type: "Action.OpenUrl";
  url: string;
}

export interface ShowCardAction extends ActionBase {
  type: "Action.ShowCard";
  card: NestedCard;
}

export interface TargetElement {
  elementId: string;
  isVisible?: boolean;
}

export interface ToggleVisibilityAction extends ActionBase {
  type: "Action.ToggleVisibility";
  targetElements: (string | TargetElement)[];
}

export type CardAction = ExecuteAction | SubmitAction | OpenUrlAction | ShowCardAction | ToggleVisibilityAction;

/** A card shown inline by Action.ShowCard (no $schema/version of its own). */
export interface NestedCard {
  type: "AdaptiveCard";
  body: CardElement[];
  actions?: CardAction[];
}

export interface Refresh {
  action: Omit<ExecuteAction, "fallback">;
  /** Teams auto-refreshes the card only for these users (≤ 60 MRIs / AAD ids); others get "Refresh card". */
  userIds: string[];
}

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: typeof CARD_SCHEMA;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  fallbackText?: string;
  speak?: string;
  /** Teams-specific: `{ width: "Full" }` stretches the card to the conversation width. */
  msteams?: { width: "Full" };
}
