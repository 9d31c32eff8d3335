// The Azure Cosmos DB Store adapter. Imported as "@opsco/shared/adapters/cosmos".
export { createCosmosStore, type CosmosStoreOptions } from "./store.js";
