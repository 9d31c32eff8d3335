import { defineCollection } from "../ports/store.js";
import { budgetLineSchema, spendEntrySchema } from "./model.js";

/**
 * Queries: spend of a budget line / vendor in a date range, monthly summary (period), reconciliation queue
 * (reconciliationStatus + kind), invoices matched to a PO (matchedPoId), duplicate invoice check (reference).
 */
export const spendEntriesCollection = defineCollection({
  name: "spendEntries",
  schema: spendEntrySchema,
  indexes: ["vendorId", "budgetLineId", "date", "period", "kind", "reconciliationStatus", "matchedPoId", "reference"],
});

/** Queries: lines of a period (period), lines covering a day (periodStart/periodEnd), my lines (ownerId). */
export const budgetLinesCollection = defineCollection({
  name: "budgetLines",
  schema: budgetLineSchema,
  indexes: ["period", "periodStart", "periodEnd", "ownerId"],
});
