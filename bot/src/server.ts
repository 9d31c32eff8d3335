import { loadConfig } from "@opsco/shared";
import { buildBot } from "./compose.js";
import { createLogger } from "./logger.js";

/**
 * Production entry point: `node bot/dist/server.js`. Refuses to start without bot credentials unless
 * OPSCO_DEV=1 (the local launcher `npm start` sets it).
 */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(env);
  if (!config.ok) {
    console.error(`opsco: configuration problem — ${config.error.message}`);
    for (const issue of config.error.issues) console.error(`  ${issue.path}: ${issue.message}`);
    process.exitCode = 1;
    return;
  }
  const log = createLogger(config.value.logLevel);
  const bot = await buildBot(config.value, { log });
  const { url } = await bot.listen();
  log.info({ url, store: bot.store.kind }, "opsco bot listening: POST /api/messages, GET /healthz");
  const stop = async (signal: string): Promise<void> => {
    log.info({ signal }, "shutting down");
    await bot.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error("opsco: failed to start", error);
    process.exit(1);
  });
}
