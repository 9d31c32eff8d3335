import { fail, ok, type Result } from "../errors.js";
import type { DirectoryUser, GraphPort } from "../ports/graph.js";
import { MAX_ATTENDEES } from "./model.js";

/** Splits "megan, alex and lee; pat@contoso.com" into names/addresses. */
export function splitPeople(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\band\b|&)\s*/i)
    .map((p) => p.trim().replace(/^@/, ""))
    .filter((p) => p.length > 0);
}

const looksLikeEmail = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/**
 * Turns what a person typed into directory users: addresses are looked up as they are, names by the start
 * of display name / mail. Unknown and ambiguous names fail together, naming each one, so the person can fix
 * everything in one go.
 */
export async function resolvePeople(graph: GraphPort, typed: readonly string[]): Promise<Result<DirectoryUser[]>> {
  // Blank entries (a trailing comma, an empty form field) are not people: skipped, not looked up.
  const unique = [...new Set(typed.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))];
  if (unique.length === 0) return fail("validation", "Name at least one person to meet with");
  // Each name costs a directory search: refuse what no meeting may have before spending them.
  if (unique.length > MAX_ATTENDEES) {
    return fail("validation", `Name at most ${MAX_ATTENDEES} people (got ${unique.length})`, {
      issues: [{ path: "attendees", message: `at most ${MAX_ATTENDEES} people` }],
    });
  }
  const emails = unique.filter(looksLikeEmail);
  const names = unique.filter((t) => !looksLikeEmail(t));
  const found: DirectoryUser[] = [];
  const unknown: string[] = [];
  const ambiguous: { name: string; candidates: string[] }[] = [];

  if (emails.length > 0) {
    const users = await graph.getUsers(emails);
    if (users.ok) found.push(...users.value);
    else if (users.error.code === "not_found") {
      const missing = (users.error.details?.["unknown"] as string[] | undefined) ?? emails;
      unknown.push(...missing);
      const known = emails.filter((e) => !missing.map((m) => m.toLowerCase()).includes(e));
      if (known.length > 0) {
        const again = await graph.getUsers(known);
        if (!again.ok) return again;
        found.push(...again.value);
      }
    } else return users;
  }

  for (const name of names) {
    const matches = await graph.findUsers(name, 5);
    if (!matches.ok) return matches;
    const exact = matches.value.filter((u) => u.displayName.toLowerCase() === name || u.mail.toLowerCase().split("@")[0] === name);
    // Exact matches win; several people with exactly that name are the only candidates worth naming.
    const pick = exact.length > 0 ? exact : matches.value;
    if (pick.length === 1 && pick[0]) found.push(pick[0]);
    else if (pick.length === 0) unknown.push(name);
    else ambiguous.push({ name, candidates: pick.map((u) => `${u.displayName} <${u.mail}>`) });
  }

  if (unknown.length > 0 || ambiguous.length > 0) {
    const parts = [
      ...(unknown.length > 0 ? [`I couldn't find ${unknown.map((u) => `"${u}"`).join(", ")} in your organisation`] : []),
      ...ambiguous.map((a) => `"${a.name}" could be ${a.candidates.join(" or ")} — use the email address`),
    ];
    return fail(unknown.length > 0 ? "not_found" : "validation", parts.join(". "), {
      unknown,
      ambiguous,
      issues: [
        ...unknown.map((u) => ({ path: "attendees", message: `unknown person "${u}"` })),
        ...ambiguous.map((a) => ({ path: "attendees", message: `"${a.name}" matches ${a.candidates.length} people` })),
      ],
    });
  }
  const byId = new Map(found.map((u) => [u.id, u]));
  return ok([...byId.values()]);
}
