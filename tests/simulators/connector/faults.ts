/**
 * Fault injection: make the simulator answer like a troubled Bot Connector so the bot's sender can be
 * tested (ARCHITECTURE.md: retry 412/502/503/504 with backoff, honour 429 Retry-After, stop on 403
 * MessageWritesBlocked).
 */
import { errorBody } from "./http.js";

/** What a request does, for matching faults and for the request log. */
export type ConnectorOp =
  | "create" // POST /v3/conversations
  | "send" // POST …/activities
  | "reply" // POST …/activities/{id}
  | "update" // PUT …/activities/{id}
  | "delete" // DELETE …/activities/{id}
  | "read" // any GET
  | "removeMember"; // DELETE …/members/{id}

export const MESSAGE_WRITES: readonly ConnectorOp[] = ["create", "send", "reply", "update", "delete"];

export type FaultStatus = 403 | 404 | 412 | 429 | 500 | 502 | 503 | 504;

export interface FaultRule {
  status: FaultStatus;
  /** `error.code` in the body. Defaults: 403 → "ConversationBlockedByUser", 412 → "PreconditionFailed", … */
  code?: "ConversationBlockedByUser" | "MessageWritesBlocked" | (string & {});
  /** Only requests for this conversation (exact, decoded id). Default: every conversation. */
  conversationId?: string;
  /** Only these operations. Default: message writes (create, send, reply, update, delete). */
  ops?: readonly ConnectorOp[];
  /** Fire this many times, then let requests through. Default: every matching request. */
  times?: number;
  /** Adds a `Retry-After` header (seconds), e.g. for 429 or 503. */
  retryAfterSeconds?: number;
}

export interface FaultResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const DEFAULT_CODES: Record<FaultStatus, string> = {
  403: "ConversationBlockedByUser",
  404: "ConversationNotFound",
  412: "PreconditionFailed",
  429: "Throttled",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];
  private initial: readonly FaultRule[] = [];

  set(rules: readonly FaultRule[]): void {
    this.initial = rules;
    this.rules = rules.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  /** Restores every rule's `times` budget. */
  rearm(): void {
    this.set(this.initial);
  }

  /** The first matching rule's response (consuming one of its `times`), or undefined. */
  match(op: ConnectorOp, conversationId: string | undefined): FaultResponse | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (!(rule.ops ?? MESSAGE_WRITES).includes(op)) continue;
      if (rule.conversationId !== undefined && rule.conversationId !== conversationId) continue;
      entry.remaining -= 1;
      const code = rule.code ?? DEFAULT_CODES[rule.status];
      return {
        status: rule.status,
        body: errorBody(code, `injected fault ${rule.status} ${code}`),
        headers: rule.retryAfterSeconds !== undefined ? { "retry-after": String(rule.retryAfterSeconds) } : {},
      };
    }
    return undefined;
  }
}
