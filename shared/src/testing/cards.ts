/** Reading Adaptive Card JSON in tests: find the buttons a person could press, as Teams would send them. */

/** An Action.Execute found in a card: what Teams posts back when it is pressed. */
export interface FoundExecuteAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/**
 * Every Action.Execute anywhere in a card (body ActionSets, columns, containers, selectAction, refresh),
 * depth-first in document order. Their Action.Submit `fallback`s are skipped: they are the same button
 * for older clients, not another one.
 */
export function findExecuteActions(card: unknown): FoundExecuteAction[] {
  const found: FoundExecuteAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o["type"] === "Action.Execute") found.push({ title: String(o["title"]), verb: String(o["verb"]), data: (o["data"] ?? {}) as Record<string, unknown> });
      for (const [key, value] of Object.entries(o)) if (key !== "fallback") walk(value);
    }
  };
  walk(card);
  return found;
}
