/**
 * Runs the Graph simulator by hand and prints the environment that points opsco at it:
 *   NODE_EXTRA_CA_CERTS=.data/certs/localhost.crt node --import tsx tests/simulators/graph/main.ts
 * Optional: PORT (default: free port), SEED (default 42), ANCHOR (yyyy-MM-dd or "today"; default 2026-11-02).
 */
import { startGraphSimulator } from "./index.js";

const sim = await startGraphSimulator({
  port: Number(process.env["PORT"] ?? 0),
  ...(process.env["SEED"] ? { seed: Number(process.env["SEED"]) } : {}),
  ...(process.env["ANCHOR"] ? { anchor: process.env["ANCHOR"] } : {}),
});
console.log(`Graph simulator on ${sim.url} — ${sim.tenant.users.length} users, ${sim.tenant.events.length} seeded events, window ${sim.tenant.window.start} … ${sim.tenant.window.end}`);
for (const [k, v] of Object.entries(sim.env())) console.log(`${k}=${v}`);
const stop = (): void => void sim.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
