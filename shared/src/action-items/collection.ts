import { defineCollection } from "../ports/store.js";
import { actionItemSchema } from "./model.js";

/**
 * Queries: my open items (ownerId + status), overdue / due-soon radar (status + dueDate range), snoozed
 * items waking up (status + snoozedUntil), a meeting series' open items for the Outlook pane
 * (sourceSeriesId + status), facilities/support queues (category + status).
 */
export const actionItemsCollection = defineCollection({
  name: "actionItems",
  schema: actionItemSchema,
  indexes: ["ownerId", "status", "dueDate", "snoozedUntil", "sourceSeriesId", "category"],
});
