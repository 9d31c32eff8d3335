import { defineCollection } from "../ports/store.js";
import { contractSchema } from "./contract-model.js";
import { vendorSchema } from "./model.js";

/** Queries: vendors by owner / category (AI tools) / status; name lookup and prefix search on nameKey. */
export const vendorsCollection = defineCollection({
  name: "vendors",
  schema: vendorSchema,
  indexes: ["ownerId", "category", "status", "nameKey"],
});

/**
 * Queries: the renewal radar (noticeDeadline range + renewalDecision), renewal calendar (renewsOn range),
 * a vendor's contracts (vendorId), my contracts (ownerId), contracts charged to a budget line.
 */
export const contractsCollection = defineCollection({
  name: "contracts",
  schema: contractSchema,
  indexes: ["vendorId", "ownerId", "noticeDeadline", "renewsOn", "termEnd", "renewalDecision", "budgetLineId"],
});
