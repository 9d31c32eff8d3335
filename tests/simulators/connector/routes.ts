/**
 * The Bot Connector REST paths botframework-connector 4.23 calls (connectorApi/operations/conversations.js
 * and teams/operations/teams.js). Ids arrive percent-encoded (Teams ids contain ':', ';', '@', '=') and are
 * decoded per path segment. Any prefix before `/v3/` is ignored, so a service URL like
 * `http://127.0.0.1:PORT/amer/` works as Teams' regional service URLs do.
 */
import type { ConnectorOp } from "./faults.js";

export type Route =
  | { kind: "listConversations" }
  | { kind: "createConversation" }
  | { kind: "send"; conversationId: string }
  | { kind: "history"; conversationId: string }
  | { kind: "reply" | "update" | "delete" | "activityMembers"; conversationId: string; activityId: string }
  | { kind: "members" | "pagedMembers"; conversationId: string }
  | { kind: "member" | "removeMember"; conversationId: string; memberId: string }
  | { kind: "team" | "teamChannels"; teamId: string };

export type RouteMatch = { ok: true; route: Route } | { ok: false; status: 400 | 404; reason: string };

export function matchRoute(method: string, rawPath: string): RouteMatch {
  const raw = rawPath.split("/").filter((s) => s.length > 0);
  const start = raw.indexOf("v3");
  if (start < 0) return { ok: false, status: 404, reason: `no Bot Connector route for ${rawPath}` };
  let seg: string[];
  try {
    seg = raw.slice(start + 1).map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, status: 400, reason: `malformed percent-encoding in ${rawPath}` };
  }
  const route = routeFor(method, seg);
  if (route) return { ok: true, route };
  return { ok: false, status: 404, reason: `no Bot Connector route for ${method} ${rawPath}` };
}

function routeFor(method: string, seg: string[]): Route | undefined {
  const [root, id, sub, subId, tail] = seg;
  if (root === "teams" && id) {
    if (seg.length === 2 && method === "GET") return { kind: "team", teamId: id };
    if (seg.length === 3 && sub === "conversations" && method === "GET") return { kind: "teamChannels", teamId: id };
    return undefined;
  }
  if (root !== "conversations") return undefined;
  if (seg.length === 1) {
    if (method === "GET") return { kind: "listConversations" };
    if (method === "POST") return { kind: "createConversation" };
    return undefined;
  }
  const conversationId = id as string;
  if (sub === "activities") {
    if (seg.length === 3 && method === "POST") return { kind: "send", conversationId };
    if (seg.length === 4 && subId === "history" && method === "POST") return { kind: "history", conversationId };
    if (seg.length === 4 && subId) {
      if (method === "POST") return { kind: "reply", conversationId, activityId: subId };
      if (method === "PUT") return { kind: "update", conversationId, activityId: subId };
      if (method === "DELETE") return { kind: "delete", conversationId, activityId: subId };
    }
    if (seg.length === 5 && subId && tail === "members" && method === "GET") {
      return { kind: "activityMembers", conversationId, activityId: subId };
    }
    return undefined;
  }
  if (sub === "members") {
    if (seg.length === 3 && method === "GET") return { kind: "members", conversationId };
    if (seg.length === 4 && subId) {
      if (method === "GET") return { kind: "member", conversationId, memberId: subId };
      if (method === "DELETE") return { kind: "removeMember", conversationId, memberId: subId };
    }
    return undefined;
  }
  if (sub === "pagedmembers" && seg.length === 3 && method === "GET") return { kind: "pagedMembers", conversationId };
  return undefined;
}

export function opOf(route: Route): ConnectorOp {
  switch (route.kind) {
    case "createConversation":
      return "create";
    case "send":
    case "history":
      return "send";
    case "reply":
      return "reply";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "removeMember":
      return "removeMember";
    default:
      return "read";
  }
}

export function conversationIdOf(route: Route): string | undefined {
  return "conversationId" in route ? route.conversationId : undefined;
}
