#!/usr/bin/env node
// `npm start`: the local launcher. Builds (tsc -b, incremental), makes the dev certificate, then runs the
// dev stack (Graph + Bot Connector simulators, embedded store, the bot) in a child process that trusts the
// certificate — Node reads NODE_EXTRA_CA_CERTS only at start-up, so it has to be set before the child starts.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevCertificate } from "./cert.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const build = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-b"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
const cert = await ensureDevCertificate(root);
// tsx runs the stack from source (the simulators live in tests/); workspace packages resolve to their built dist/.
const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/dev/stack.ts")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certPath },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
