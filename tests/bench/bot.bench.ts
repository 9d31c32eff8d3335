/**
 * The whole Teams bot under load (issue 5 "Benchmark"): the real host (buildBot: express + CloudAdapter in
 * dev mode, sqlite store, Graph adapter) with the Graph simulator and the Connector simulator (Teams' rate
 * limits ON), all in this process, clock pinned to the seeded calendars' week (tests/e2e/harness.ts).
 *
 * 200 concurrent personal conversations (distinct ids, the seeded users' aadObjectIds and time zones) each
 * send `help`, then `schedule <title> with <colleague> 30m thursday`, one after the other.
 *   bot.help_p50_ms / bot.help_p99_ms         POST /api/messages latency of a `help` turn (target p99 < 50 ms)
 *   bot.schedule_p50_ms / bot.schedule_p99_ms  … of a `schedule` turn (Graph: user, people, free/busy)
 *   bot.turns_per_s                            turns answered per second over the measured round
 *   bot.errors                                 non-200 answers + replies that never reached the connector
 *                                              (or were not the expected card) — target 0; exits 1 otherwise
 *   bot.delivery_all_ms                        first POST → every reply delivered. The sender paces to Teams'
 *                                              50 requests/s per app per tenant: 400 replies in one tenant
 *                                              need ≥ 8 s by design
 *   bot.connector_429s                         rate-limit rejections by the connector (must be 0: the sender paces)
 *   bot.delivery_all_ms_4_tenants              the same 200 conversations spread over 4 tenants
 *
 * `npm run bench -- bot`
 */
import { cardOf, executeActions, messageActivity, seededUser, startE2E, TENANT, type E2E, type TestUser } from "../e2e/harness.js";
import type { RecordedMessage } from "../simulators/connector/index.js";
import { percentile, report, wanted } from "./lib.js";

const CONVERSATIONS = 200;
/** After the last turn of a round, how long replies may take to reach the connector before they count as lost. */
const DELIVERY_TIMEOUT_MS = 30_000;
const HELP_MARK = "What I can do";
const BOOK_VERB = "meetings.book";
const TENANTS_4 = [TENANT, "72f988bf-0000-4000-8000-000000000002", "72f988bf-0000-4000-8000-000000000003", "72f988bf-0000-4000-8000-000000000004"];

interface Pair {
  organizer: TestUser;
  attendee: TestUser;
}

interface TurnRecord {
  kind: "help" | "schedule";
  conversationId: string;
  /** 0 for help, 1 for schedule: which reply of the conversation answers it. */
  nth: number;
  status: number;
  ms: number;
}

interface Round {
  turns: TurnRecord[];
  wallMs: number;
  deliveryAllMs: number;
  missing: number;
  wrong: number;
  rejected429: number;
  samples: string[];
}

async function post(e2e: E2E, activity: Record<string, unknown>): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${e2e.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  } catch {
    return { status: 0, ms: performance.now() - t0 };
  }
}

function activityFor(e2e: E2E, user: TestUser, conversationId: string, tenantId: string, text: string): Record<string, unknown> {
  return messageActivity(e2e, user, conversationId, {
    text,
    conversation: { id: conversationId, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
  });
}

const scheduleText = (i: number, pair: Pair): string => `schedule Bench sync ${i} with ${pair.attendee.mail} 30m thursday`;

/**
 * The reply to a conversation's n-th turn. Replies cannot be matched by replyToId (continueConversationAsync
 * gives the continuation activity a fresh id), but the sender keeps one ordered queue per conversation and
 * every turn here answers with exactly one message, so the n-th message of a conversation answers its n-th turn.
 */
function replyTo(messages: readonly RecordedMessage[], conversationId: string, nth: number): RecordedMessage | undefined {
  return messages.filter((m) => m.conversationId === conversationId)[nth];
}

function isExpectedReply(kind: TurnRecord["kind"], message: RecordedMessage): boolean {
  try {
    const card = cardOf(message);
    return kind === "help" ? JSON.stringify(card).includes(HELP_MARK) : executeActions(card).some((a) => a.verb === BOOK_VERB);
  } catch {
    return false; // not a card, e.g. the "Sorry — something went wrong" text of onTurnError
  }
}

/**
 * Colleagues in the same time zone (working days overlap), kept only when the bot actually offers
 * bookable Thursday slots for them. Doubles as the warm-up (JIT, Graph token, sqlite, connections).
 */
async function bookablePairs(e2e: E2E): Promise<Pair[]> {
  const users = e2e.graph.tenant.users.map((u) => seededUser(e2e, u.mail.split("@")[0] as string));
  const candidates: Pair[] = [];
  for (const [i, organizer] of users.entries()) {
    const sameZone = users.filter((u) => u.timeZone === organizer.timeZone && u.aadObjectId !== organizer.aadObjectId);
    const attendee = sameZone[i % Math.max(1, sameZone.length)];
    if (attendee) candidates.push({ organizer, attendee });
  }
  const before = e2e.connector.messages.length;
  const asked: { pair: Pair; conversationId: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const pair = candidates[next] as Pair;
      const conversationId = `a:warmup-${next}`;
      const activity = activityFor(e2e, pair.organizer, conversationId, TENANT, scheduleText(next, pair));
      next += 1;
      const res = await post(e2e, activity);
      if (res.status === 200) asked.push({ pair, conversationId });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await e2e.connector.waitForMessages(before + asked.length, DELIVERY_TIMEOUT_MS).catch(() => undefined);
  const recorded = e2e.connector.messages.slice(before);
  const good = asked.filter(({ conversationId }) => {
    const reply = replyTo(recorded, conversationId, 0);
    return reply !== undefined && isExpectedReply("schedule", reply);
  });
  return good.map((g) => g.pair);
}

async function runRound(e2e: E2E, pairs: readonly Pair[], tenants: readonly string[], tag: string): Promise<Round> {
  const { connector } = e2e;
  const messagesBefore = connector.messages.length;
  const rejectedBefore = connector.rejected.length;
  const turns: TurnRecord[] = [];
  const t0 = performance.now();
  const conversation = async (i: number): Promise<void> => {
    const pair = pairs[i % pairs.length] as Pair;
    const tenantId = tenants[i % tenants.length] as string;
    const conversationId = `a:bench-${tag}-${i}`;
    const script = [["help", "help"], ["schedule", scheduleText(i, pair)]] as const;
    for (const [nth, [kind, text]] of script.entries()) {
      const res = await post(e2e, activityFor(e2e, pair.organizer, conversationId, tenantId, text));
      turns.push({ kind, conversationId, nth, ...res });
    }
  };
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => conversation(i)));
  const wallMs = performance.now() - t0;

  const expected = turns.filter((t) => t.status === 200).length;
  await connector.waitForMessages(messagesBefore + expected, DELIVERY_TIMEOUT_MS).catch(() => undefined);
  const delivered = connector.messages.slice(messagesBefore);
  const lastAt = delivered.reduce((max, m) => Math.max(max, m.at), 0);
  // connector `at` is Date.now(); convert the round's start to the same clock.
  const startedAtEpoch = Date.now() - (performance.now() - t0);
  let missing = 0;
  let wrong = 0;
  const samples: string[] = [];
  for (const turn of turns) {
    if (turn.status !== 200) continue;
    const reply = replyTo(delivered, turn.conversationId, turn.nth);
    if (!reply) missing += 1;
    else if (!isExpectedReply(turn.kind, reply)) {
      wrong += 1;
      if (samples.length < 3) samples.push(`${turn.kind}: ${JSON.stringify(reply.activity).slice(0, 300)}`);
    }
  }
  return {
    turns,
    wallMs,
    deliveryAllMs: missing === 0 ? lastAt - startedAtEpoch : Number.NaN,
    missing,
    wrong,
    rejected429: connector.rejected.length - rejectedBefore,
    samples,
  };
}

const errorsOf = (round: Round): { http: number; missing: number; wrong: number; total: number } => {
  const http = round.turns.filter((t) => t.status !== 200).length;
  return { http, missing: round.missing, wrong: round.wrong, total: http + round.missing + round.wrong };
};

if (wanted("bot.")) {
  const e2e = await startE2E();
  let errors = 0;
  try {
    const pairs = await bookablePairs(e2e);
    if (pairs.length === 0) throw new Error("no seeded colleagues with bookable Thursday slots: check the seed / clock");
    // Let the warm-up's sends leave the 1 s tenant window before measuring.
    await e2e.bot.idle();
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const one = await runRound(e2e, pairs, [TENANT], "1t");
    const ms = (kind: TurnRecord["kind"]) => one.turns.filter((t) => t.kind === kind && t.status === 200).map((t) => t.ms);
    const help = ms("help");
    const schedule = ms("schedule");
    const err = errorsOf(one);
    errors += err.total;
    const p = (xs: number[], q: number) => Number(percentile(xs, q).toFixed(1));
    report({ name: "bot.help_p50_ms", value: percentile(help, 50), unit: "ms", turns: help.length, concurrency: CONVERSATIONS });
    report({ name: "bot.help_p99_ms", value: percentile(help, 99), unit: "ms", target: 50, max: p(help, 100) });
    report({ name: "bot.schedule_p50_ms", value: percentile(schedule, 50), unit: "ms", turns: schedule.length, pairs: pairs.length });
    report({ name: "bot.schedule_p99_ms", value: percentile(schedule, 99), unit: "ms", max: p(schedule, 100) });
    report({ name: "bot.turns_per_s", value: one.turns.length / (one.wallMs / 1000), unit: "turns/s", turns: one.turns.length, wallMs: Math.round(one.wallMs) });
    report({ name: "bot.errors", value: err.total, unit: "count", target: 0, non200: err.http, missingReplies: err.missing, unexpectedReplies: err.wrong });
    report({ name: "bot.delivery_all_ms", value: Math.round(one.deliveryAllMs), unit: "ms", replies: one.turns.length, tenants: 1, floorMs: Math.round((one.turns.length / 50) * 1000) });
    report({ name: "bot.connector_429s", value: one.rejected429, unit: "count", target: 0, senderStats: e2e.connector.stats().throttled });
    for (const s of one.samples) console.error(`unexpected reply — ${s}`);

    if (wanted("bot.delivery_all_ms_4_tenants")) {
      await e2e.bot.idle();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const four = await runRound(e2e, pairs, TENANTS_4, "4t");
      const err4 = errorsOf(four);
      errors += err4.total;
      const help4 = four.turns.filter((t) => t.kind === "help" && t.status === 200).map((t) => t.ms);
      report({
        name: "bot.delivery_all_ms_4_tenants",
        value: Math.round(four.deliveryAllMs),
        unit: "ms",
        replies: four.turns.length,
        tenants: 4,
        errors: err4.total,
        connector429s: four.rejected429,
        helpP99Ms: p(help4, 99),
      });
      if (four.rejected429 > 0) errors += four.rejected429;
      for (const s of four.samples) console.error(`unexpected reply (4 tenants) — ${s}`);
    }
    if (one.rejected429 > 0) errors += one.rejected429;
  } finally {
    await e2e.close();
  }
  if (errors > 0) {
    console.error(`bot bench: ${errors} errors (non-200 turns, lost or unexpected replies, connector 429s)`);
    process.exitCode = 1;
  }
}
