import type { GraphPort, OpscoConfig, Store } from "@opsco/shared";
import { createSqliteStore } from "@opsco/shared/adapters/sqlite";
import { createCosmosStore } from "@opsco/shared/adapters/cosmos";
import { createGraphAdapter } from "@opsco/shared/adapters/graph";

/** Adapters chosen by configuration: the only place that knows which store and Graph are real. */

export async function createStore(config: OpscoConfig["store"]): Promise<Store> {
  if (config.kind === "cosmos") {
    return createCosmosStore({
      endpoint: config.endpoint,
      key: config.key,
      database: config.database,
      disableEndpointDiscovery: config.disableEndpointDiscovery,
    });
  }
  return createSqliteStore({ path: config.path });
}

export function createGraph(config: OpscoConfig["graph"]): GraphPort | undefined {
  if (config.kind !== "graph") return undefined;
  return createGraphAdapter({
    tenantId: config.tenantId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    baseUrl: config.baseUrl,
    authorityHost: config.authorityHost,
  });
}
