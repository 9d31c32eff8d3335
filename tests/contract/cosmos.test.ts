import { createCosmosStore } from "@opsco/shared/adapters/cosmos";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";
import { describeStoreContract } from "./store.contract.js";

let server: CosmosTestServer | undefined;
beforeAll(async () => {
  server = await startCosmosServer();
});
afterAll(async () => {
  await server?.stop();
});

describeStoreContract("cosmos (cosmosdb-server over HTTP)", async () => {
  if (!server) throw new Error("cosmosdb-server did not start");
  return createCosmosStore({ endpoint: server.endpoint, key: server.key, database: "opsco-contract", disableEndpointDiscovery: true });
});
