/** Calling the running bot's /api/v1 like an add-in pane does (fetch + Bearer token). */
export interface ApiResponse {
  status: number;
  headers: Headers;
  contentType: string;
  body: Record<string, unknown> | undefined;
}

export async function apiGet(baseUrl: string, path: string, token?: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    headers: { ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, headers: res.headers, contentType: res.headers.get("content-type") ?? "", body };
}

/** Paths of the issues in a 400 problem+json body. */
export function issuePaths(body: Record<string, unknown> | undefined): string[] {
  const issues = body?.["issues"];
  return Array.isArray(issues) ? issues.map((i) => String((i as { path?: unknown }).path)) : [];
}
