/** Starts a Graph simulator and a real Graph adapter pointed at it (no mocks of the Graph client). */
import { createGraphAdapter, type GraphAdapterOptions } from "../../shared/src/adapters/graph/index.js";
import type { GraphPort } from "../../shared/src/ports/graph.js";
import type { Result } from "../../shared/src/errors.js";
import { startGraphSimulator, type GraphSimulator, type GraphSimulatorOptions, type SeedUser } from "../simulators/graph/index.js";

export interface Harness {
  sim: GraphSimulator;
  graph: GraphPort;
  /** Seed user by mail local part, e.g. user("adele.vance"). */
  user(local: string): SeedUser;
  /** Another adapter on the same simulator (different options). */
  adapter(overrides?: Partial<GraphAdapterOptions>): GraphPort;
}

export async function startHarness(simOptions: GraphSimulatorOptions = {}, adapterOptions: Partial<GraphAdapterOptions> = {}): Promise<Harness> {
  const sim = await startGraphSimulator(simOptions);
  const adapter = (overrides: Partial<GraphAdapterOptions> = {}): GraphPort =>
    createGraphAdapter({ ...sim.adapterOptions(), joinUrlReadBack: { attempts: 3, delayMs: 100 }, ...adapterOptions, ...overrides });
  const byLocal = new Map(sim.tenant.users.map((u) => [u.mail.split("@")[0] as string, u]));
  return {
    sim,
    graph: adapter(),
    adapter,
    user(local) {
      const u = byLocal.get(local);
      if (!u) throw new Error(`no seed user ${local}`);
      return u;
    },
  };
}

/** The value of an ok Result, or a failed assertion that shows the error. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
