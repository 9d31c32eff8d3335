#!/usr/bin/env node
// `npm run bench [-- <prefix>]`: runs every tests/bench/<area>.bench.ts (or those matching the prefix)
// in its own Node process (tsx), each printing `BENCH {...}` lines. Prefix "storage.sqlite" runs the
// storage bench and keeps only the figures whose name starts with it.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevCertificate } from "../dev/cert.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const prefix = process.argv[2] ?? "";
const benchDir = path.join(root, "tests/bench");
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => {
    const area = f.replace(/\.bench\.ts$/, "");
    return prefix === "" || area.startsWith(prefix) || prefix.startsWith(`${area}.`) || prefix === area;
  })
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${prefix}"`);
  process.exit(1);
}
// Benches import workspace packages through their package exports (dist/): build first (incremental).
const build = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-b"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
const cert = await ensureDevCertificate(root);
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(benchDir, file)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certPath, OPSCO_BENCH_FILTER: prefix, LOG_LEVEL: "silent", NODE_NO_WARNINGS: "1" },
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
