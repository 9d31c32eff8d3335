// Public surface of @opsco/shared (pure: no SDK imports). Adapters are imported from
// "@opsco/shared/adapters/<name>" so that importing the domain never pulls in an SDK.
export * from "./errors.js";
export * from "./config.js";
export * from "./ports/clock.js";
export * from "./ports/ids.js";
export * from "./ports/store.js";
export * from "./ports/graph.js";
export * from "./ports/notifier.js";
export * from "./store/mutate.js";
