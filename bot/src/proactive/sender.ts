/**
 * The one way opsco writes to Teams: chat replies and proactive messages alike. Teams' limits are
 * respected by construction instead of discovered through 429s (ARCHITECTURE.md "Facts to design for"):
 *
 * - one queue per conversation (concurrency 1) keeps messages in order;
 * - before each call the conversation's windows (7/1 s, 8/2 s, 60/30 s, 1800/h) and the tenant's
 *   (50 requests/s per app) must both allow it;
 * - 429 → pause the conversation for Retry-After and retry; 412/502/503/504/network → exponential
 *   backoff with jitter; 403 MessageWritesBlocked/ConversationBlockedByUser → the conversation is
 *   blocked for good; anything else → an `upstream` error without retrying.
 *
 * Expected failures come back as `Result` values; `send` never rejects.
 */
import PQueue from "p-queue";
import { z } from "zod";
import type { Activity, BotAdapter, ConversationReference, TurnContext } from "botbuilder";
import { fail, ok, type Result } from "@opsco/shared";
import type { Logger } from "../logger.js";
import { classifyConnectorError, type ConnectorFailure } from "./connector-errors.js";
import { SlidingWindowLimiter, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, withMargin, type RateWindow } from "./limits.js";

export interface SenderClock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts (the sender is closing). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemSenderClock: SenderClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    }),
};

export interface SenderLimits {
  conversation: readonly RateWindow[];
  tenant: readonly RateWindow[];
}

/**
 * Calls are counted from their answer (see `settle`), which already bounds when Teams saw them; a little
 * slack per window covers Teams counting at some later point inside its service (costs ~2.5 % of 8/2 s).
 */
export const SAFETY_MARGIN_MS = 50;

export const DEFAULT_SENDER_LIMITS: SenderLimits = {
  conversation: withMargin(TEAMS_CONVERSATION_WINDOWS, SAFETY_MARGIN_MS),
  tenant: withMargin(TEAMS_TENANT_WINDOWS, SAFETY_MARGIN_MS),
};

/** Teams refuses activities over ~100 KB; ARCHITECTURE.md says keep cards ≤ 80 KB. */
export const DEFAULT_MAX_ACTIVITY_BYTES = 80 * 1024;

export interface OutboundSenderOptions {
  /** Something with `continueConversationAsync` — in production the OpscoCloudAdapter. */
  adapter: Pick<BotAdapter, "continueConversationAsync">;
  /** The bot's app id; "" in dev mode (auth disabled). */
  appId: string | undefined;
  log: Logger;
  clock?: SenderClock;
  limits?: SenderLimits;
  /** Calls per message, first included (default 5). 429s and transient errors both count. */
  maxAttempts?: number;
  /** Exponential backoff for 412/5xx without Retry-After: base · 2^(retry−1), capped, with jitter. */
  backoff?: { baseMs?: number; maxMs?: number };
  maxActivityBytes?: number;
  /** Called once when a conversation turns out blocked, e.g. to mark its stored reference. */
  onBlocked?: (tenantId: string, conversationId: string) => void;
}

export interface OutboundSenderStats {
  /** Messages delivered. */
  sent: number;
  /** Calls repeated after a 429, 412, 5xx or network error. */
  retried: number;
  /** 429 answers received (each one, including ones later retried successfully). */
  rateLimited: number;
  /** Messages that ended in an error result (blocked and refused-without-call included). */
  failed: number;
  /** Conversations we no longer write to. */
  blockedConversations: number;
  /** `send` calls not yet settled. */
  inFlight: number;
  /** Conversations with a live queue, tenants with a live gate (idle ones are dropped: both return to 0). */
  activeConversations: number;
  activeTenants: number;
}

export interface OutboundSender {
  send(tenantId: string, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<Result<{ activityId: string | undefined }>>;
  isBlocked(conversationId: string): boolean;
  /**
   * The conversation is writable again: an inbound activity from it means the person unblocked the bot
   * (the stored reference lifts its block at the same moment, see touchConversationRef).
   */
  unblock(conversationId: string): void;
  stats(): OutboundSenderStats;
  /** Resolves when every accepted `send` has settled (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Refuses new sends; queued and waiting sends settle promptly with `unavailable`. */
  close(): Promise<void>;
}

/** What we need of a reference to reach a conversation. */
const referenceSchema = z.looseObject({
  serviceUrl: z.url(),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/** Blocked conversations remembered in memory (the reference store should persist them via onBlocked). */
const MAX_REMEMBERED_BLOCKED = 50_000;

type Attempt = { ok: true; activityId: string | undefined } | { ok: false; failure: ConnectorFailure; error: unknown };

export function createOutboundSender(options: OutboundSenderOptions): OutboundSender {
  const { adapter, log } = options;
  const appId = options.appId ?? "";
  const clock = options.clock ?? systemSenderClock;
  const limits = options.limits ?? DEFAULT_SENDER_LIMITS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffBase = options.backoff?.baseMs ?? 500;
  const backoffMax = options.backoff?.maxMs ?? 30_000;
  const maxActivityBytes = options.maxActivityBytes ?? DEFAULT_MAX_ACTIVITY_BYTES;

  const conversationLimiter = new SlidingWindowLimiter(limits.conversation);
  const tenantLimiter = new SlidingWindowLimiter(limits.tenant);
  const queues = new Map<string, PQueue>();
  const tenantGates = new Map<string, PQueue>();
  const blocked = new Set<string>();
  const closing = new AbortController();
  const counters = { sent: 0, retried: 0, rateLimited: 0, failed: 0 };
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let sdkRetryWarned = false;

  function settleOne(): void {
    inFlight -= 1;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  function queueFor(conversationId: string): PQueue {
    let queue = queues.get(conversationId);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      queues.set(conversationId, queue);
    }
    return queue;
  }

  function forgetQueueIfIdle(conversationId: string): void {
    const queue = queues.get(conversationId);
    if (queue && queue.size === 0 && queue.pending === 0) queues.delete(conversationId);
  }

  function markBlocked(tenantId: string, conversationId: string): void {
    if (blocked.has(conversationId)) return;
    blocked.add(conversationId);
    if (blocked.size > MAX_REMEMBERED_BLOCKED) {
      const oldest = blocked.values().next().value;
      if (oldest !== undefined) blocked.delete(oldest);
    }
    options.onBlocked?.(tenantId, conversationId);
  }

  /** Sleeps until `delay()` is 0; false when the sender closes meanwhile. */
  async function waitUntilAllowed(delay: () => number): Promise<boolean> {
    for (;;) {
      if (closing.signal.aborted) return false;
      const wait = delay();
      if (wait <= 0) return true;
      await clock.sleep(wait, closing.signal);
    }
  }

  function gateFor(tenantId: string): PQueue {
    let gate = tenantGates.get(tenantId);
    if (!gate) {
      gate = new PQueue({ concurrency: 1 });
      tenantGates.set(tenantId, gate);
    }
    return gate;
  }

  /**
   * Waits until both the conversation's and the tenant's windows allow a call, then counts it; returns
   * the time it was counted at, or undefined when the sender is closing.
   *
   * The conversation's windows are waited for alone (only this conversation's queue writes to them), then
   * conversations of one tenant pass a first-come-first-served gate for the tenant window: a digest to
   * thousands of conversations queues up in order instead of waking every waiter on each free slot.
   */
  async function acquire(tenantId: string, conversationId: string): Promise<number | undefined> {
    if (!(await waitUntilAllowed(() => conversationLimiter.delayUntilAllowed(conversationId, clock.now())))) return undefined;
    const gate = gateFor(tenantId);
    try {
      return await gate.add(async () => {
        let countedAt = 0;
        const allowed = await waitUntilAllowed(() => {
          countedAt = clock.now();
          return Math.max(conversationLimiter.delayUntilAllowed(conversationId, countedAt), tenantLimiter.delayUntilAllowed(tenantId, countedAt));
        });
        if (!allowed) return undefined;
        // Checked and recorded in the same tick: nothing can slip in between.
        conversationLimiter.record(conversationId, countedAt);
        tenantLimiter.record(tenantId, countedAt);
        return countedAt;
      });
    } finally {
      if (gate.size === 0 && gate.pending === 0 && tenantGates.get(tenantId) === gate) tenantGates.delete(tenantId);
    }
  }

  /**
   * Teams counts a request when it arrives, somewhere between our decision and its answer. Re-counting it
   * at the answer keeps the next call a full window after it, even when this one was slow (a cold
   * connection, a token refresh): measured, counting at the decision alone drew 429s after a slow first call.
   */
  function settle(tenantId: string, conversationId: string, countedAt: number): void {
    const now = clock.now();
    conversationLimiter.move(conversationId, countedAt, now);
    tenantLimiter.move(tenantId, countedAt, now);
  }

  /**
   * botbuilder's HTTP pipeline has its own retry policy (3 retries of 429/5xx, invisible to us): it
   * would bypass the limiter and hide 429s. The ConnectorClient is created per continueConversationAsync,
   * so removing the policy here affects only our call.
   */
  function disableSdkRetries(context: TurnContext): void {
    const connectorClient: unknown = context.turnState.get(context.adapter.ConnectorClientKey);
    const pipeline = (connectorClient as { client?: { pipeline?: { removePolicy?: unknown } } } | undefined)?.client?.pipeline;
    const removed = typeof pipeline?.removePolicy === "function" ? (pipeline.removePolicy as (o: { name: string }) => unknown[])({ name: "defaultRetryPolicy" }) : [];
    if (removed.length === 0 && !sdkRetryWarned) {
      sdkRetryWarned = true;
      log.warn("outbound sender: could not disable botbuilder's built-in retry policy; retries may exceed Teams' limits");
    }
  }

  async function attemptOnce(tenantId: string, conversationId: string, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<Attempt | "closed"> {
    const countedAt = await acquire(tenantId, conversationId);
    if (countedAt === undefined) return "closed";
    let outcome: Attempt | undefined;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        disableSdkRetries(context);
        try {
          const response = await context.sendActivity({ ...activity });
          outcome = { ok: true, activityId: response?.id };
        } catch (error) {
          // Caught here, inside the turn, so that an adapter-wide onTurnError never swallows it.
          outcome = { ok: false, failure: classifyConnectorError(error, clock.now()), error };
        }
      });
    } catch (error) {
      // Before our logic ran: credentials, connector client creation.
      outcome = { ok: false, failure: classifyConnectorError(error, clock.now()), error };
    } finally {
      settle(tenantId, conversationId, countedAt);
    }
    return outcome ?? { ok: false, failure: { kind: "unexpected", code: undefined }, error: new Error("the adapter did not run the send logic") };
  }

  function backoffMs(retry: number): number {
    const ceiling = Math.min(backoffMax, backoffBase * 2 ** (retry - 1));
    // "Equal jitter": at least half the step, so retries of many conversations spread out but never collapse to 0.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  async function deliver(tenantId: string, conversationId: string, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<Result<{ activityId: string | undefined }>> {
    const where = { tenantId, conversationId };
    let last: Attempt | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (closing.signal.aborted) return fail("unavailable", "the outbound sender is closed", where);
      if (blocked.has(conversationId)) return fail("forbidden", "the bot may no longer write to this conversation", where);

      const result = await attemptOnce(tenantId, conversationId, reference, activity);
      if (result === "closed") return fail("unavailable", "the outbound sender is closed", where);
      if (result.ok) {
        counters.sent += 1;
        return ok({ activityId: result.activityId });
      }
      last = result;
      const failure = result.failure;
      if (failure.kind === "throttled") counters.rateLimited += 1;

      if (failure.kind === "blocked") {
        markBlocked(tenantId, conversationId);
        log.warn({ ...where, status: failure.status, code: failure.code, attempt }, "outbound send refused: conversation blocked, no further sends to it");
        return fail("forbidden", `Teams refused writes to this conversation (${failure.code})`, { ...where, status: failure.status, code: failure.code });
      }
      if (failure.kind === "rejected" || failure.kind === "unexpected") break;
      if (attempt === maxAttempts) break;

      // throttled or transient: wait, then go round again (acquire also honours the pause).
      const waitMs = failure.kind === "throttled" ? failure.retryAfterMs : (failure.retryAfterMs ?? backoffMs(attempt));
      conversationLimiter.pause(conversationId, clock.now() + waitMs);
      counters.retried += 1;
      log.debug({ ...where, status: failure.status, code: failure.code, attempt, waitMs: Math.round(waitMs) }, "outbound send will be retried");
    }
    return finalFailure(where, last, maxAttempts);
  }

  function finalFailure(where: { tenantId: string; conversationId: string }, last: Attempt | undefined, attempts: number): Result<never> {
    const failure = last && !last.ok ? last.failure : ({ kind: "unexpected", code: undefined } as const);
    const error = last && !last.ok ? last.error : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    switch (failure.kind) {
      case "throttled":
        log.warn({ ...where, status: 429, attempts }, "outbound send gave up: still rate limited");
        return fail("rate_limited", `Teams kept answering 429 after ${attempts} attempts`, { ...where, status: 429 });
      case "transient":
        log.warn({ ...where, status: failure.status, code: failure.code, attempts }, "outbound send gave up after retries");
        return failure.status === undefined
          ? fail("unavailable", `the Bot Connector could not be reached: ${failure.code ?? reason}`, { ...where, code: failure.code })
          : fail("upstream", `the Bot Connector answered ${failure.status} after ${attempts} attempts`, { ...where, status: failure.status, code: failure.code });
      case "rejected":
        log.warn({ ...where, status: failure.status, code: failure.code }, "outbound send rejected by the Bot Connector");
        return fail("upstream", `the Bot Connector refused the message: ${failure.status} ${failure.code ?? ""}`.trim(), { ...where, status: failure.status, code: failure.code });
      case "blocked":
      case "unexpected":
        log.error({ ...where, err: error }, "outbound send failed unexpectedly");
        return fail("unavailable", `sending failed: ${reason}`, where);
    }
  }

  const idle = (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)));

  return {
    send(tenantId, reference, activity) {
      const parsed = referenceSchema.safeParse(reference);
      if (!parsed.success) {
        counters.failed += 1;
        log.warn({ tenantId, issues: parsed.error.issues.map((i) => i.path.join(".")) }, "outbound send refused: incomplete conversation reference");
        return Promise.resolve(fail("validation", "conversation reference needs serviceUrl and conversation.id"));
      }
      const conversationId = parsed.data.conversation.id;
      const where = { tenantId, conversationId };
      if (closing.signal.aborted) {
        counters.failed += 1;
        return Promise.resolve(fail("unavailable", "the outbound sender is closed", where));
      }
      if (blocked.has(conversationId)) {
        counters.failed += 1;
        return Promise.resolve(fail("forbidden", "the bot may no longer write to this conversation", where));
      }
      const bytes = Buffer.byteLength(JSON.stringify(activity) ?? "");
      if (bytes > maxActivityBytes) {
        counters.failed += 1;
        log.warn({ ...where, bytes, maxActivityBytes }, "outbound send refused: message too large");
        return Promise.resolve(fail("validation", `message is ${bytes} bytes; Teams messages must stay under ${maxActivityBytes}`, { ...where, bytes }));
      }

      inFlight += 1;
      const task = async (): Promise<Result<{ activityId: string | undefined }>> => {
        try {
          return await deliver(tenantId, conversationId, reference, activity);
        } catch (error) {
          // deliver() handles every expected failure; this is a bug, but a caller must still get a value.
          log.error({ ...where, err: error }, "outbound sender bug");
          return fail("unavailable", "sending failed unexpectedly", where);
        }
      };
      return queueFor(conversationId)
        .add(task)
        .then((result) => {
          if (!result.ok) counters.failed += 1;
          return result;
        })
        .finally(() => {
          forgetQueueIfIdle(conversationId);
          settleOne();
        });
    },

    isBlocked: (conversationId) => blocked.has(conversationId),

    unblock: (conversationId) => {
      blocked.delete(conversationId);
    },

    stats: () => ({ ...counters, blockedConversations: blocked.size, inFlight, activeConversations: queues.size, activeTenants: tenantGates.size }),

    idle,

    async close() {
      closing.abort();
      await idle();
    },
  };
}
