/**
 * Graph free/busy against the local simulator (HTTPS, real adapter, real Graph client):
 *   graph.freebusy_round_trips — HTTP requests to Graph for one getSchedules call of 50 attendees (target 1:
 *                                one $batch carrying 3 getSchedule requests)
 *   graph.freebusy_ms          — p50 wall time of that call (4-week window, 30-min view), warm token
 *   graph.users_round_trips    — HTTP requests for getUsers of 50 people (2 batch items each → 5 $batch calls)
 * Run: npm run bench -- graph
 */
import { createGraphAdapter } from "../../shared/src/adapters/graph/index.js";
import { startGraphSimulator } from "../simulators/graph/index.js";
import { percentile, report, timeEach, wanted } from "./lib.js";

const RUNS = 15;

if (wanted("graph.")) {
  const sim = await startGraphSimulator();
  try {
    const graph = createGraphAdapter(sim.adapterOptions());
    const attendees = sim.tenant.users.slice(0, 50).map((u) => u.mail);
    const request = {
      asUser: "adele.vance@contoso.test",
      emails: attendees,
      start: `${sim.tenant.anchor}T00:00:00Z`,
      end: new Date(Date.parse(`${sim.tenant.anchor}T00:00:00Z`) + 28 * 86_400_000).toISOString(),
      intervalMinutes: 30,
    };
    const once = async (): Promise<void> => {
      const result = await graph.getSchedules(request);
      if (!result.ok) throw result.error;
      if (result.value.length !== 50) throw new Error(`expected 50 schedules, got ${result.value.length}`);
    };
    await once(); // token + JIT warm-up

    sim.resetStats();
    await once();
    report({
      name: "graph.freebusy_round_trips",
      value: sim.stats.graphRequests,
      unit: "requests",
      target: 1,
      batches: sim.stats.batches.length,
      getScheduleRequestsInBatch: sim.stats.batchItems.getSchedule ?? 0,
      attendees: attendees.length,
    });

    const samples = await timeEach(RUNS, once);
    report({ name: "graph.freebusy_ms", value: percentile(samples, 50), unit: "ms", p90: Number(percentile(samples, 90).toFixed(1)), runs: RUNS, attendees: 50, windowDays: 28 });

    sim.resetStats();
    const users = await graph.getUsers(attendees);
    if (!users.ok) throw users.error;
    report({ name: "graph.users_round_trips", value: sim.stats.graphRequests, unit: "requests", users: attendees.length, batchRequests: sim.stats.batches.reduce((a, b) => a + b, 0) });
  } finally {
    await sim.close();
  }
}
