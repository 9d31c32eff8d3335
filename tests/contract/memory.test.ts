import { MemoryStore } from "@opsco/shared/testing";
import { describeStoreContract } from "./store.contract.js";

// The in-memory store backs unit tests; holding it to the same contract keeps those tests honest.
describeStoreContract("memory", async () => new MemoryStore());
