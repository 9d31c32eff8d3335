/**
 * The whole Teams bot under load (issue 5 "Benchmark"). The real server (bot-server.ts: buildBot — express +
 * CloudAdapter in dev mode, sqlite store, Graph adapter) runs in its own process with "now" pinned to the
 * seeded calendars' week; the Graph simulator and the Connector simulator (Teams' rate limits ON) run here,
 * next to the HTTP client, so they do not share the bot's event loop.
 *
 * Round "1 tenant": 200 concurrent personal conversations (distinct ids; seeded users' aadObjectIds and time
 * zones) each send `help`, then `schedule Bench sync <i> with <colleague> 30m thursday`, one after the other
 * (a closed loop: 200 turns in flight at all times).
 *   bot.help_p50_ms / bot.help_p99_ms         POST /api/messages latency of a `help` turn (target p99 < 50 ms)
 *   bot.schedule_p50_ms / bot.schedule_p99_ms  … of a `schedule` turn (Graph: requester, people, free/busy)
 *   bot.turns_per_s                            turns answered per second in that round
 *   bot.errors                                 non-200 answers + replies that never reached the connector or
 *                                              were not the expected card, over all rounds (target 0; exit 1)
 *   bot.delivery_all_ms                        first POST → last reply delivered. The sender paces to Teams'
 *                                              50 requests/s per app per tenant: 400 replies need ≥ 8 s
 *   bot.connector_429s                         connector rate-limit rejections (must be 0: the sender paces)
 * Round "4 tenants": the same, conversations spread over 4 tenants → bot.delivery_all_ms_4_tenants.
 * Round "paced": 200 new conversations send `help` at random moments over 2 s (100 turns/s, open loop) —
 *   the latency a person sees when 200 conversations are active but not all typing in the same millisecond
 *   → bot.help_p99_ms_paced. (In the closed loop every turn waits for the ~200 queued ahead of it, so
 *   p99 ≈ 200 × the per-turn CPU cost: see the `unloadedP50Ms` and `turnsPerS` fields.)
 *
 * `npm run bench -- bot`
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { cardOf, executeActions, messageActivity, NOW, seededUser, TENANT, type TestUser } from "../e2e/harness.js";
import { startConnectorSimulator, type ConnectorSimulator, type RecordedMessage } from "../simulators/connector/index.js";
import { startGraphSimulator, type GraphSimulator } from "../simulators/graph/index.js";
import { percentile, report, wanted } from "./lib.js";

const CONVERSATIONS = 200;
/** Paced round: arrivals spread uniformly at random over this long (200 / 2 s = 100 turns/s). */
const PACED_SPREAD_MS = 2_000;
/** After a round's last turn, how long its replies may take to reach the connector before they count as lost. */
const DELIVERY_TIMEOUT_MS = 30_000;
const UNLOADED_TURNS = 30;
const HELP_MARK = "What I can do";
const BOOK_VERB = "meetings.book";
const TENANTS_4 = [TENANT, "72f988bf-0000-4000-8000-000000000002", "72f988bf-0000-4000-8000-000000000003", "72f988bf-0000-4000-8000-000000000004"];
/** Teams' per-app-per-tenant limit: the floor for delivering a round's replies in one tenant. */
const TENANT_RPS = 50;

type Kind = "help" | "schedule";

interface Pair {
  organizer: TestUser;
  attendee: TestUser;
}

interface Bench {
  url: string;
  connector: ConnectorSimulator;
  graph: GraphSimulator;
}

interface TurnRecord {
  kind: Kind;
  conversationId: string;
  /** Which reply of its conversation answers this turn (0 = the first). */
  nth: number;
  status: number;
  ms: number;
}

interface RoundResult {
  turns: TurnRecord[];
  wallMs: number;
  /** Round start → last reply recorded by the connector (NaN when some never arrived). */
  deliveryAllMs: number;
  errors: { non200: number; missing: number; unexpected: number; total: number };
  connector429s: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts bot-server.ts in a child process; resolves with its URL once it listens. */
async function startBotProcess(graph: GraphSimulator, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "bot-server.ts")], {
    env: {
      ...process.env,
      ...graph.env(),
      OPSCO_DEV: "1",
      LOG_LEVEL: "silent",
      PORT: "0",
      HOST: "127.0.0.1",
      OPSCO_SQLITE_PATH: path.join(dataDir, "opsco.sqlite"),
      BOT_BENCH_NOW: NOW,
    },
    // The IPC channel lets bot-server exit by itself if this process dies without stopping it.
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bot-server did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`bot-server exited early (${code})`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^LISTENING (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
  });
  return { child, url };
}

async function stopBotProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

async function post(bench: Bench, activity: Record<string, unknown>): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${bench.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  } catch {
    return { status: 0, ms: performance.now() - t0 };
  }
}

function activityFor(bench: Bench, user: TestUser, conversationId: string, tenantId: string, text: string): Record<string, unknown> {
  return messageActivity(bench, user, conversationId, {
    text,
    conversation: { id: conversationId, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
  });
}

const scheduleText = (i: number, pair: Pair): string => `schedule Bench sync ${i} with ${pair.attendee.mail} 30m thursday`;

/**
 * The n-th message of a conversation answers its n-th turn: replies cannot be matched by replyToId
 * (continueConversationAsync gives the continuation a fresh activity id), but the sender keeps one ordered
 * queue per conversation and every turn here answers with exactly one message.
 */
function repliesByConversation(messages: readonly RecordedMessage[]): Map<string, RecordedMessage[]> {
  const by = new Map<string, RecordedMessage[]>();
  for (const m of messages) {
    const list = by.get(m.conversationId) ?? [];
    list.push(m);
    by.set(m.conversationId, list);
  }
  return by;
}

function isExpectedReply(kind: Kind, message: RecordedMessage): boolean {
  try {
    const card = cardOf(message);
    return kind === "help" ? JSON.stringify(card).includes(HELP_MARK) : executeActions(card).some((a) => a.verb === BOOK_VERB);
  } catch {
    return false; // not a card, e.g. the "Sorry — something went wrong" text of onTurnError
  }
}

/** Waits for the replies to `turns` (sent after `messagesBefore`), then checks each one. */
async function settleRound(bench: Bench, turns: TurnRecord[], messagesBefore: number, rejectedBefore: number, startedAt: number, wallMs: number): Promise<RoundResult> {
  const expected = turns.filter((t) => t.status === 200).length;
  await bench.connector.waitForMessages(messagesBefore + expected, DELIVERY_TIMEOUT_MS).catch(() => undefined);
  const delivered = bench.connector.messages.slice(messagesBefore);
  const byConversation = repliesByConversation(delivered);
  let missing = 0;
  let unexpected = 0;
  let shown = 0;
  for (const turn of turns) {
    if (turn.status !== 200) continue;
    const reply = byConversation.get(turn.conversationId)?.[turn.nth];
    if (!reply) missing += 1;
    else if (!isExpectedReply(turn.kind, reply)) {
      unexpected += 1;
      if (shown++ < 3) console.error(`unexpected ${turn.kind} reply: ${JSON.stringify(reply.activity).slice(0, 400)}`);
    }
  }
  const non200 = turns.filter((t) => t.status !== 200).length;
  const lastAt = delivered.reduce((max, m) => Math.max(max, m.at), startedAt);
  return {
    turns,
    wallMs,
    deliveryAllMs: missing === 0 ? lastAt - startedAt : Number.NaN,
    errors: { non200, missing, unexpected, total: non200 + missing + unexpected },
    connector429s: bench.connector.rejected.length - rejectedBefore,
  };
}

/**
 * Colleagues in the same time zone (their working days overlap), kept only when the bot really offers
 * bookable Thursday slots for them. Doubles as the warm-up (JIT, Graph token, sqlite, connections).
 */
async function bookablePairs(bench: Bench): Promise<{ pairs: Pair[]; sampleReply: string }> {
  const users = bench.graph.tenant.users.map((u) => seededUser(bench, u.mail.split("@")[0] as string));
  const candidates: Pair[] = [];
  for (const [i, organizer] of users.entries()) {
    const sameZone = users.filter((u) => u.timeZone === organizer.timeZone && u.aadObjectId !== organizer.aadObjectId);
    const attendee = sameZone[i % Math.max(1, sameZone.length)];
    if (attendee) candidates.push({ organizer, attendee });
  }
  const before = bench.connector.messages.length;
  const asked: { pair: Pair; conversationId: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const i = next++;
      const pair = candidates[i] as Pair;
      const conversationId = `a:warmup-${i}`;
      const res = await post(bench, activityFor(bench, pair.organizer, conversationId, TENANT, scheduleText(i, pair)));
      if (res.status === 200) asked.push({ pair, conversationId });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await bench.connector.waitForMessages(before + asked.length, DELIVERY_TIMEOUT_MS).catch(() => undefined);
  const byConversation = repliesByConversation(bench.connector.messages.slice(before));
  const pairs = asked
    .filter(({ conversationId }) => {
      const reply = byConversation.get(conversationId)?.[0];
      return reply !== undefined && isExpectedReply("schedule", reply);
    })
    .map((a) => a.pair);
  const first = asked[0] ? byConversation.get(asked[0].conversationId)?.[0] : undefined;
  return { pairs, sampleReply: first ? JSON.stringify(first.activity).slice(0, 600) : `(no reply; ${asked.length} of ${candidates.length} turns answered 200)` };
}

/** `help` one turn at a time, nothing else in flight: the per-turn cost without queueing. */
async function unloadedHelp(bench: Bench, pairs: readonly Pair[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < UNLOADED_TURNS; i++) {
    const res = await post(bench, activityFor(bench, (pairs[i % pairs.length] as Pair).organizer, `a:unloaded-${i}`, TENANT, "help"));
    if (res.status === 200) samples.push(res.ms);
  }
  return samples;
}

/** Closed loop: every conversation sends help, then schedule; all 200 conversations at once. */
async function closedLoopRound(bench: Bench, pairs: readonly Pair[], tenants: readonly string[], tag: string): Promise<RoundResult> {
  const messagesBefore = bench.connector.messages.length;
  const rejectedBefore = bench.connector.rejected.length;
  const turns: TurnRecord[] = [];
  const startedAt = Date.now();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, i) => {
      const pair = pairs[i % pairs.length] as Pair;
      const tenantId = tenants[i % tenants.length] as string;
      const conversationId = `a:bench-${tag}-${i}`;
      const script: [Kind, string][] = [["help", "help"], ["schedule", scheduleText(i, pair)]];
      for (const [nth, [kind, text]] of script.entries()) {
        const res = await post(bench, activityFor(bench, pair.organizer, conversationId, tenantId, text));
        turns.push({ kind, conversationId, nth, ...res });
      }
    }),
  );
  return settleRound(bench, turns, messagesBefore, rejectedBefore, startedAt, performance.now() - t0);
}

/** Open loop: each conversation sends one help at a random moment inside PACED_SPREAD_MS. */
async function pacedHelpRound(bench: Bench, pairs: readonly Pair[], tenants: readonly string[]): Promise<RoundResult> {
  const messagesBefore = bench.connector.messages.length;
  const rejectedBefore = bench.connector.rejected.length;
  const turns: TurnRecord[] = [];
  const startedAt = Date.now();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, i) => {
      await sleep(Math.random() * PACED_SPREAD_MS);
      const conversationId = `a:paced-${i}`;
      const res = await post(bench, activityFor(bench, (pairs[i % pairs.length] as Pair).organizer, conversationId, tenants[i % tenants.length] as string, "help"));
      turns.push({ kind: "help", conversationId, nth: 0, ...res });
    }),
  );
  return settleRound(bench, turns, messagesBefore, rejectedBefore, startedAt, performance.now() - t0);
}

/** Replies left in the sender's queue from an earlier round, and the 1 s tenant window, must not spill over. */
async function quiesce(bench: Bench): Promise<void> {
  let count = -1;
  while (count !== bench.connector.messages.length) {
    count = bench.connector.messages.length;
    await sleep(1_100);
  }
}

const latencies = (round: RoundResult, kind: Kind): number[] => round.turns.filter((t) => t.kind === kind && t.status === 200).map((t) => t.ms);
const r1 = (n: number): number => Number(n.toFixed(1));

if (wanted("bot.")) {
  const connector = await startConnectorSimulator();
  const graph = await startGraphSimulator();
  const dataDir = mkdtempSync(path.join(tmpdir(), "opsco-bench-bot-"));
  let child: ChildProcess | undefined;
  let errors = 0;
  try {
    const started = await startBotProcess(graph, dataDir);
    child = started.child;
    const bench: Bench = { url: started.url, connector, graph };

    const { pairs, sampleReply } = await bookablePairs(bench);
    if (pairs.length === 0) {
      // Typical cause: run outside `npm run bench`, so NODE_EXTRA_CA_CERTS does not trust the Graph simulator's certificate.
      throw new Error(`no seeded colleagues with bookable Thursday slots (seed, pinned clock, Graph TLS?); a reply was: ${sampleReply}`);
    }
    const unloaded = await unloadedHelp(bench, pairs);
    await quiesce(bench);

    const one = await closedLoopRound(bench, pairs, [TENANT], "1t");
    errors += one.errors.total + one.connector429s;
    const help = latencies(one, "help");
    const schedule = latencies(one, "schedule");
    const turnsPerS = one.turns.length / (one.wallMs / 1000);
    report({ name: "bot.help_p50_ms", value: percentile(help, 50), unit: "ms", turns: help.length, inFlight: CONVERSATIONS, unloadedP50Ms: r1(percentile(unloaded, 50)) });
    report({ name: "bot.help_p99_ms", value: percentile(help, 99), unit: "ms", target: 50, max: r1(percentile(help, 100)), unloadedP99Ms: r1(percentile(unloaded, 99)) });
    report({ name: "bot.schedule_p50_ms", value: percentile(schedule, 50), unit: "ms", turns: schedule.length, colleaguePairs: pairs.length });
    report({ name: "bot.schedule_p99_ms", value: percentile(schedule, 99), unit: "ms", max: r1(percentile(schedule, 100)) });
    report({ name: "bot.turns_per_s", value: turnsPerS, unit: "turns/s", turns: one.turns.length, wallMs: Math.round(one.wallMs) });
    report({ name: "bot.delivery_all_ms", value: Math.round(one.deliveryAllMs), unit: "ms", replies: one.turns.length, tenants: 1, floorMs: Math.round((one.turns.length / TENANT_RPS) * 1000) });
    report({ name: "bot.connector_429s", value: one.connector429s, unit: "count", target: 0 });

    let four: RoundResult | undefined;
    if (wanted("bot.delivery_all_ms_4_tenants")) {
      await quiesce(bench);
      four = await closedLoopRound(bench, pairs, TENANTS_4, "4t");
      errors += four.errors.total + four.connector429s;
      report({
        name: "bot.delivery_all_ms_4_tenants",
        value: Math.round(four.deliveryAllMs),
        unit: "ms",
        replies: four.turns.length,
        tenants: 4,
        floorMs: Math.round((four.turns.length / (TENANT_RPS * 4)) * 1000),
        connector429s: four.connector429s,
        helpP99Ms: r1(percentile(latencies(four, "help"), 99)),
      });
    }

    let paced: RoundResult | undefined;
    if (wanted("bot.help_p99_ms_paced")) {
      await quiesce(bench);
      paced = await pacedHelpRound(bench, pairs, TENANTS_4);
      errors += paced.errors.total + paced.connector429s;
      const pacedHelp = latencies(paced, "help");
      report({
        name: "bot.help_p99_ms_paced",
        value: percentile(pacedHelp, 99),
        unit: "ms",
        target: 50,
        p50: r1(percentile(pacedHelp, 50)),
        max: r1(percentile(pacedHelp, 100)),
        arrivalsPerS: Math.round(CONVERSATIONS / (PACED_SPREAD_MS / 1000)),
        conversations: CONVERSATIONS,
      });
    }

    const rounds = { "1 tenant": one, ...(four ? { "4 tenants": four } : {}), ...(paced ? { paced } : {}) };
    report({
      name: "bot.errors",
      value: errors,
      unit: "count",
      target: 0,
      ...Object.fromEntries(Object.entries(rounds).map(([name, r]) => [name, { ...r.errors, connector429s: r.connector429s }])),
    });
  } finally {
    if (child) await stopBotProcess(child);
    await connector.close();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (errors > 0) {
    console.error(`bot bench: ${errors} errors (non-200 turns, lost or unexpected replies, connector 429s)`);
    process.exitCode = 1;
  }
}
