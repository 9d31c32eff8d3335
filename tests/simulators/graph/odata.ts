/**
 * The slice of OData the simulator understands for `/users?$filter=…`: startswith(prop,'x'), endswith,
 * `prop eq 'x'`, `prop ne 'x'`, `and` / `or` / `not`, parentheses; string literals with '' escaping.
 * Comparisons are case-insensitive, like Azure AD's.
 */
export type Predicate = (record: Record<string, unknown>) => boolean;

export class ODataError extends Error {}

type Token = { kind: "ident" | "string" | "punct"; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: "punct", text: c });
      i += 1;
    } else if (c === "'") {
      let text = "";
      i += 1;
      for (;;) {
        if (i >= input.length) throw new ODataError("Unterminated string literal");
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += input[i];
        i += 1;
      }
      tokens.push({ kind: "string", text });
    } else if (/[A-Za-z_$]/.test(c)) {
      let text = "";
      while (i < input.length && /[A-Za-z0-9_$./]/.test(input[i] as string)) text += input[i++];
      tokens.push({ kind: "ident", text });
    } else {
      throw new ODataError(`Syntax error at position ${i} in '${input}'`);
    }
  }
  return tokens;
}

export function parseFilter(input: string, properties: readonly string[]): Predicate {
  const tokens = tokenize(input);
  let pos = 0;
  const known = new Map(properties.map((p) => [p.toLowerCase(), p]));
  const peek = (): Token | undefined => tokens[pos];
  const expect = (text: string): void => {
    const t = tokens[pos];
    if (!t || t.text !== text) throw new ODataError(`Expected '${text}' at token ${pos}`);
    pos += 1;
  };
  const property = (): string => {
    const t = tokens[pos++];
    if (!t || t.kind !== "ident") throw new ODataError("Expected a property name");
    const name = known.get(t.text.toLowerCase());
    if (!name) throw new ODataError(`Unsupported or invalid query filter clause specified for property '${t.text}' of resource 'User'.`);
    return name;
  };
  const literal = (): string => {
    const t = tokens[pos++];
    if (!t || t.kind !== "string") throw new ODataError("Expected a string literal");
    return t.text.toLowerCase();
  };
  const value = (r: Record<string, unknown>, p: string): string => String(r[p] ?? "").toLowerCase();

  function primary(): Predicate {
    const t = peek();
    if (!t) throw new ODataError("Unexpected end of filter");
    if (t.text === "(") {
      pos += 1;
      const inner = or();
      expect(")");
      return inner;
    }
    if (t.kind === "ident" && t.text.toLowerCase() === "not") {
      pos += 1;
      const inner = primary();
      return (r) => !inner(r);
    }
    if (t.kind === "ident" && (t.text.toLowerCase() === "startswith" || t.text.toLowerCase() === "endswith")) {
      const fn = t.text.toLowerCase();
      pos += 1;
      expect("(");
      const p = property();
      expect(",");
      const lit = literal();
      expect(")");
      return fn === "startswith" ? (r) => value(r, p).startsWith(lit) : (r) => value(r, p).endsWith(lit);
    }
    const p = property();
    const op = tokens[pos++];
    const lit = literal();
    if (op?.text.toLowerCase() === "eq") return (r) => value(r, p) === lit;
    if (op?.text.toLowerCase() === "ne") return (r) => value(r, p) !== lit;
    throw new ODataError(`Unsupported operator '${op?.text ?? ""}'`);
  }
  function and(): Predicate {
    let left = primary();
    while (peek()?.kind === "ident" && peek()?.text.toLowerCase() === "and") {
      pos += 1;
      const l = left;
      const r = primary();
      left = (x) => l(x) && r(x);
    }
    return left;
  }
  function or(): Predicate {
    let left = and();
    while (peek()?.kind === "ident" && peek()?.text.toLowerCase() === "or") {
      pos += 1;
      const l = left;
      const r = and();
      left = (x) => l(x) || r(x);
    }
    return left;
  }
  const predicate = or();
  if (pos !== tokens.length) throw new ODataError(`Unexpected '${tokens[pos]?.text ?? ""}' in filter`);
  return predicate;
}

/** `$select=a,b` → ["a","b"]; `$expand=manager($select=id,displayName)` → { manager: ["id","displayName"] }. */
export function parseSelect(value: string | null): string[] | undefined {
  if (value === null || value.trim() === "") return undefined;
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

export function parseExpand(value: string | null): Map<string, string[] | undefined> {
  const out = new Map<string, string[] | undefined>();
  if (!value) return out;
  // Split on commas outside parentheses.
  let depth = 0;
  let current = "";
  const parts: string[] = [];
  for (const c of value) {
    if (c === "(") depth += 1;
    if (c === ")") depth -= 1;
    if (c === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  if (current) parts.push(current);
  for (const part of parts) {
    const m = /^\s*([A-Za-z]+)\s*(?:\((.*)\))?\s*$/.exec(part);
    if (!m?.[1]) continue;
    const inner = m[2] ? /\$select=([^;)]*)/i.exec(m[2])?.[1] : undefined;
    out.set(m[1].toLowerCase(), inner ? parseSelect(inner) : undefined);
  }
  return out;
}
