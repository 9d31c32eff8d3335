/** Limits and clean-up for chat text before any parsing. */

/** Longer messages are not commands; we answer with a hint instead of parsing 10 KB of text. */
export const maxCommandLength = 1000;

/** Collapses whitespace and strips what Teams leaves after removing an @mention (e.g. &nbsp;). */
export function normaliseText(text: string | undefined): string {
  return (text ?? "")
    .replace(/&nbsp;/gi, " ")
    .replace(/^\s+/, "")
    // A leading @mention addresses the bot (clients do not always send the mention entity that
    // TurnContext.removeRecipientMention needs): drop it. Later @mentions are people the command is about
    // ("with <at>Megan Bowen</at>"): keep their display names.
    .replace(/^(\s*<at>[^<]*<\/at>)+/i, " ")
    .replace(/<at>([^<]*)<\/at>/gi, " $1 ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Levenshtein distance, for "did you mean". Inputs are command words (short), so O(n·m) is fine. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}
