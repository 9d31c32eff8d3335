#!/usr/bin/env node
// Runs jest in ESM mode. The Graph simulator serves HTTPS with a locally generated certificate; Node
// only trusts extra CAs named in NODE_EXTRA_CA_CERTS *at start-up*, so we make the certificate first and
// then start jest as a child with the variable set.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { ensureDevCertificate } from "../dev/cert.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cert = await ensureDevCertificate(root);
const args = ["--experimental-vm-modules", path.join(root, "node_modules/jest/bin/jest.js"), ...process.argv.slice(2)];
const ci = process.env.CI === "true" || process.env.CI === "1";
if (ci && !process.argv.slice(2).some((a) => a.startsWith("--maxWorkers") || a === "-i" || a === "--runInBand")) {
  args.push("--maxWorkers=2");
}
const run = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certPath, NODE_NO_WARNINGS: "1" },
});
process.exit(run.status ?? 1);
