// Test helpers of @opsco/shared, imported as "@opsco/shared/testing" (inside shared: relative paths).
// Kept out of the main barrel so production code never pulls in fakes.
export * from "./memory-repository.js";
export * from "./fake-graph.js";
export * from "./cards.js";
