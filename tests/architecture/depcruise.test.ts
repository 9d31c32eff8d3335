import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const depcruise = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

interface Violation {
  rule: string;
  from: string;
  to: string;
}

const config = path.join(root, ".dependency-cruiser.cjs");

/** Runs the CLI twice: as `npm run lint:deps` does (for its exit status) and with JSON output (for the details). */
function cruise(cwd: string, targets: string[]): { status: number | null; violations: Violation[] } {
  const plain = spawnSync(process.execPath, [depcruise, "--config", config, ...targets], { cwd, encoding: "utf8" });
  const json = spawnSync(process.execPath, [depcruise, "--config", config, "--output-type", "json", ...targets], { cwd, encoding: "utf8" });
  const report = JSON.parse(json.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return { status: plain.status, violations: report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })) };
}

describe("architecture rules (dependency-cruiser)", () => {
  it("fire on a layout that breaks them, and fail the run", () => {
    const { status, violations } = cruise(path.join(root, "tests/fixtures/depcruise-violation"), ["shared/src", "bot/src", "addin/src"]);
    expect(status).not.toBe(0);
    const seen = violations.map((v) => `${v.rule} ${v.from} -> ${v.to.replace(/^(\.\.\/)+/, "")}`).sort();
    expect(seen).toEqual([
      "bot-not-addin bot/src/route.ts -> addin/src/pane.ts",
      "botbuilder-only-in-bot addin/src/pane.ts -> node_modules/botbuilder/lib/index.js",
      "botbuilder-only-in-bot shared/src/meetings/service.ts -> node_modules/botbuilder/lib/index.js",
      "domain-does-not-import-adapters shared/src/meetings/service.ts -> shared/src/adapters/cosmos/index.ts",
      "shared-is-pure shared/src/meetings/service.ts -> http",
      "shared-is-pure shared/src/meetings/service.ts -> node_modules/botbuilder/lib/index.js",
      "testing-helpers-only-in-tests bot/src/uses-fake.ts -> shared/src/testing/index.ts",
    ]);
  }, 60_000);

});
