/**
 * Runs the Bot Connector simulator by hand and logs every delivered message:
 *   node --import tsx tests/simulators/connector/main.ts
 * Optional: PORT (default: free port), LIMITS=off (no Teams rate limits).
 * Put the printed URL in an inbound activity's `serviceUrl` and the bot's replies arrive here.
 */
import { startConnectorSimulator } from "./index.js";

const connector = await startConnectorSimulator({
  port: Number(process.env["PORT"] ?? 0),
  ...(process.env["LIMITS"] === "off" ? { limits: false as const } : {}),
});
console.log(`Bot Connector simulator on ${connector.url} (Teams limits ${process.env["LIMITS"] === "off" ? "off" : "on"})`);
let shown = 0;
const timer = setInterval(() => {
  for (const m of connector.messages.slice(shown)) {
    const attachments = m.activity.attachments?.map((a) => a.contentType).join(", ");
    console.log(`${new Date(m.at).toISOString()} ${m.op} ${m.conversationId}: ${m.activity.text ?? ""}${attachments ? ` [${attachments}]` : ""}`);
  }
  shown = connector.messages.length;
}, 250);
const stop = (): void => {
  clearInterval(timer);
  void connector.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
