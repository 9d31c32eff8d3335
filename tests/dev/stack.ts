/**
 * The local dev tenant that `npm start` runs (no Azure): Graph simulator (HTTPS, seeded tenant anchored on
 * this week), Bot Connector simulator, embedded SQLite store, and the bot on PORT (default 3978) in dev mode.
 * Real services are used instead of a simulator as soon as their settings are present in the environment.
 */
import { DateTime } from "luxon";
import { loadConfig } from "@opsco/shared";
import { buildBot } from "../../bot/src/compose.js";
import { createLogger } from "../../bot/src/logger.js";
import { startAadIssuer } from "../simulators/aad/index.js";
import { startConnectorSimulator } from "../simulators/connector/index.js";
import { startGraphSimulator } from "../simulators/graph/index.js";

const env: Record<string, string | undefined> = { ...process.env };
const lines: string[] = [];
/** The seeded person you act as locally (Graph simulator only). */
let devUser: { id: string; mail: string; tenantId: string } | undefined;

if (!env["MICROSOFT_APP_ID"]) env["OPSCO_DEV"] = "1";

if (!env["GRAPH_CLIENT_ID"]) {
  // Calendars around today, so "tomorrow afternoon" finds real conflicts.
  const anchor = DateTime.now().startOf("week").toISODate() ?? undefined;
  const graph = await startGraphSimulator({ port: Number(env["OPSCO_GRAPH_SIM_PORT"] ?? 3979), ...(anchor ? { anchor } : {}) });
  env["GRAPH_TENANT_ID"] = graph.tenantId;
  env["GRAPH_CLIENT_ID"] = graph.clientId;
  env["GRAPH_CLIENT_SECRET"] = graph.clientSecret;
  env["GRAPH_BASE_URL"] = graph.url;
  env["GRAPH_AUTHORITY_HOST"] = graph.authorityHost;
  // You act as Adele Vance, the seeded operations coordinator (New York).
  const organizer = graph.tenant.users.find((u) => u.mail.startsWith("adele.vance@")) ?? graph.tenant.users[0];
  if (organizer && !env["OPSCO_ORGANIZER_FALLBACK"]) env["OPSCO_ORGANIZER_FALLBACK"] = organizer.mail;
  if (organizer) devUser = { id: organizer.id, mail: organizer.mail, tenantId: graph.tenantId };
  lines.push(`Graph simulator      ${graph.url}  (${graph.tenant.users.length} users; you book as ${env["OPSCO_ORGANIZER_FALLBACK"]})`);
  lines.push(`  people to invite:  ${graph.tenant.users.filter((u) => u !== organizer).slice(0, 6).map((u) => u.displayName).join(", ")}`);
}

if (!env["OPSCO_API_AUDIENCE"] && env["OPSCO_DEV"] === "1") {
  // The add-in API (/api/v1) validates Entra ID tokens; locally a loopback issuer stands in for Entra.
  const aad = await startAadIssuer({ port: Number(env["OPSCO_AAD_SIM_PORT"] ?? 3981) });
  Object.assign(env, aad.env("dev"));
  lines.push(`Entra ID simulator   ${aad.url}  (signs add-in API tokens, like Entra ID with nested app auth)`);
  if (devUser) {
    const token = await aad.sign({ tid: devUser.tenantId, oid: devUser.id, preferred_username: devUser.mail, expiresIn: 12 * 3600 });
    lines.push(`  try the add-in API: curl -H "Authorization: Bearer ${token}" http://127.0.0.1:${env["PORT"] ?? 3978}/api/v1/me`);
  }
}

const connector = await startConnectorSimulator({ port: Number(env["OPSCO_CONNECTOR_SIM_PORT"] ?? 3980) });
lines.push(`Connector simulator  ${connector.url}  (serviceUrl for scripted activities; the Playground brings its own)`);

const config = loadConfig(env);
if (!config.ok) {
  console.error(`opsco: configuration problem — ${config.error.message}`);
  process.exit(1);
}
const log = createLogger(config.value.logLevel);
const bot = await buildBot(config.value, { log });
const { url } = await bot.listen();

console.log(
  [
    "",
    "opsco is running (local dev tenant, no Azure):",
    `Bot                  ${url}/api/messages   health: ${url}/healthz   store: ${bot.store.kind} (${config.value.store.kind === "sqlite" ? config.value.store.path : "cosmos"})`,
    ...lines,
    "",
    "Chat with it in the Microsoft 365 Agents Playground (offline, Teams-like):",
    "  npm run playground        then open the URL it prints; try: help",
    "",
  ].join("\n"),
);

const stop = async (): Promise<void> => {
  await bot.close();
  await connector.close();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
