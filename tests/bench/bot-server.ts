/**
 * The bot as its own process for bot.bench.ts: the benchmark client and the simulators then do not share
 * the bot's event loop, so the turn latency measured is the bot's. Started with `node --import tsx`; the
 * configuration comes from the environment like the real server (OPSCO_DEV, GRAPH_*, OPSCO_SQLITE_PATH, …)
 * and "now" is pinned to BOT_BENCH_NOW so the seeded calendars apply. Prints one line `LISTENING <url>`
 * on stdout when ready; SIGTERM (or the parent's IPC channel closing) closes it: outgoing queue drained,
 * store closed.
 */
import { FixedClock, loadConfig } from "@opsco/shared";
import { buildBot } from "../../bot/src/compose.js";
import { createLogger } from "../../bot/src/logger.js";

const config = loadConfig(process.env);
if (!config.ok) {
  console.error(`bot-server: configuration problem — ${config.error.message}`);
  process.exit(2);
}
const now = process.env["BOT_BENCH_NOW"];
const clock = now ? new FixedClock(now) : undefined;
const bot = await buildBot(config.value, { log: createLogger(config.value.logLevel), ...(clock ? { clock } : {}) });
const { url } = await bot.listen(config.value.port, config.value.host);
console.log(`LISTENING ${url}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void bot.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("bot-server: close failed", error);
      process.exit(1);
    },
  );
};
process.once("SIGTERM", stop);
// Started by bot.bench.ts with an IPC channel: if the bench dies without stopping us, do not linger.
process.once("disconnect", stop);
