/**
 * User-provided text in cards.
 *
 * Why: TextBlock (and Fact titles/values) run through the Adaptive Cards markdown subset — `**bold**`,
 * `_italic_`, `- lists`, `1. lists` and `[text](url)` links. A vendor name, meeting title or action item typed by
 * one person is shown to others; unescaped, `[Approve here](https://evil.example)` becomes a link whose text
 * hides its target, and stray `*`/`_` garble names like `snake_case_vendor`. `plainText()` backslash-escapes
 * the characters that start markup (CommonMark escapes, which the markdown processors Adaptive Card hosts use
 * honour). A bare URL stays a URL: it shows its real target, which is what matters.
 *
 * Where formatting is never wanted, prefer `textRun()` inside a RichTextBlock: TextRuns are not
 * markdown-processed at all.
 */

/** Characters that open or close inline markup anywhere in a line. */
const INLINE_MARKUP = /[\\`*_[\]~<>|]/g;
/**
 * Block markup recognised only at the start of a line: headings, quotes, bullets, numbered lists, and
 * `---`/`===` lines (setext headings, rules).
 */
const LINE_START_MARKUP = /^([ \t]*)(#|>|[-+*]|\d+[.)]|[-=]{2,}(?=[ \t]*$))(?=\s|$)/gm;
/** C0 control characters except tab and newline (they render as boxes or break JSON consumers). */
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

export const DEFAULT_TEXT_LIMIT = 2000;

/** Cuts `text` to at most `max` characters (code points), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, Math.max(0, max)).join("");
  return chars.slice(0, max - 1).join("") + "…";
}

/**
 * Makes untrusted text display literally in a TextBlock/FactSet: normalises newlines, drops control
 * characters, truncates to `maxLength` (before escaping, so an escape is never cut in half), then escapes
 * markdown. Idempotence is not a goal: escape once, at the card boundary.
 */
export function plainText(text: string, maxLength: number = DEFAULT_TEXT_LIMIT): string {
  const cleaned = truncate(text.replace(/\r\n?/g, "\n").replace(CONTROL_CHARS, ""), maxLength);
  // Line-start markers get a placeholder (turned into a backslash after the inline pass, so that pass does not
  // escape the escape). `*` and `>` need nothing here: the inline pass escapes them everywhere.
  const marker = "\u0000";
  const lineSafe = cleaned.replace(LINE_START_MARKUP, (whole, indent: string, mark: string) => {
    if (mark === "*" || mark === ">") return whole;
    if (/^\d/.test(mark)) return `${indent}${mark.slice(0, -1)}${marker}${mark.slice(-1)}`;
    return `${indent}${marker}${mark}`;
  });
  return lineSafe.replace(INLINE_MARKUP, (c) => `\\${c}`).replaceAll(marker, "\\");
}

/** Text that is already markdown (authored by opsco, user parts escaped). Builders pass it through as is. */
export interface Markdown {
  readonly kind: "markdown";
  readonly markdown: string;
}

/** What builders accept for markdown-capable text: a plain string (escaped for you) or `md` output. */
export type CardText = string | Markdown;

export function isMarkdown(value: unknown): value is Markdown {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "markdown";
}

/**
 * Tagged template for authored markdown with untrusted parts: md`**${title}** is due ${when}` escapes
 * `title` and `when` (unless they are themselves `md` values) and keeps the authored `**`.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): Markdown {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += (isMarkdown(value) ? value.markdown : plainText(String(value))) + (strings[i + 1] ?? "");
  });
  return { kind: "markdown", markdown: out };
}

/** Renders CardText for a markdown-processed field (TextBlock text, Fact title/value). */
export function toMarkdown(text: CardText, maxLength: number = DEFAULT_TEXT_LIMIT): string {
  return isMarkdown(text) ? text.markdown : plainText(text, maxLength);
}

/** For fields hosts never markdown-process (TextRun, labels, action titles): clean and bound, no escaping. */
export function literalText(text: string, maxLength: number = DEFAULT_TEXT_LIMIT): string {
  return truncate(text.replace(/\r\n?/g, "\n").replace(CONTROL_CHARS, ""), maxLength);
}
