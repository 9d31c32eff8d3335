import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { messageActivity, seededUser, startE2E } from "../e2e/harness.js";
import { percentile } from "./lib.js";
import { IANAZone } from "luxon";
if (process.env.MEMO_TZ) { const orig = IANAZone.isValidZone.bind(IANAZone); const ok = new Set<string>(); IANAZone.isValidZone = (z: string) => { if (ok.has(z)) return true; const v = orig(z); if (v) ok.add(z); return v; }; }
const e2e = await startE2E();
const u = seededUser(e2e, "adele.vance");
const kind = process.argv[2] ?? "help";
const N = Number(process.argv[3] ?? 200);
const text = kind === "help" ? "help" : "schedule X with miriam.graham@contoso.test 30m thursday";
const one = async (i: number) => { const a = messageActivity(e2e, u, `a:c${i}`, { text }); const t0 = performance.now(); const r = await e2e.post(a); if (r.status !== 200) throw new Error(String(r.status)); return performance.now() - t0; };
for (let i = 0; i < 30; i++) await one(i);
await e2e.bot.idle();
const seq: number[] = [];
for (let i = 0; i < 100; i++) seq.push(await one(1000 + i));
console.log(kind, "sequential p50", percentile(seq, 50).toFixed(2), "p99", percentile(seq, 99).toFixed(2));
await e2e.bot.idle();
const s = new Session(); s.connect();
if (process.env.PROF) { await s.post("Profiler.enable"); await s.post("Profiler.setSamplingInterval", { interval: 200 }); await s.post("Profiler.start"); }
console.log("before reset graph", e2e.graph.stats.graphRequests, "tokens", e2e.graph.stats.tokenRequests);
e2e.graph.resetStats();
const t0 = performance.now();
const conc = await Promise.all(Array.from({ length: N }, (_, i) => one(2000 + i)));
const wall = performance.now() - t0;
if (process.env.PROF) { const { profile } = await s.post("Profiler.stop"); writeFileSync(process.env.PROF, JSON.stringify(profile)); }
console.log(kind, N, "concurrent p50", percentile(conc, 50).toFixed(1), "p99", percentile(conc, 99).toFixed(1), "wall", wall.toFixed(0), "→", (N / wall * 1000).toFixed(0), "/s");
console.log("graph", e2e.graph.stats.graphRequests, "tokens", e2e.graph.stats.tokenRequests, JSON.stringify(e2e.graph.stats.routes), "429s", e2e.graph.stats.concurrencyRejections);
await e2e.bot.idle();
const last = e2e.connector.messages.at(-1); console.log(JSON.stringify(last?.activity).slice(0, 1500));
await e2e.close();
