/** Raw HTTP calls to the simulators, as the real service would be called (no SDK in the way). */

export interface CallResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const res = await fetch(new URL(path.replace(/^\//, ""), baseUrl), init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** `/v3/conversations/{id}/activities` with the id encoded as botframework-connector encodes it. */
export function activitiesPath(conversationId: string, activityId?: string): string {
  const base = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  return activityId === undefined ? base : `${base}/${encodeURIComponent(activityId)}`;
}

export function message(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "message", text, from: { id: "28:bot", name: "opsco" }, ...extra };
}

/** A clock the test moves by hand (milliseconds since the epoch). */
export function manualClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
