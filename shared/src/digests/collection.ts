import { defineCollection } from "../ports/store.js";
import { deliverySchema } from "./delivery-model.js";
import { digestSubscriptionSchema } from "./model.js";

/**
 * Queries: the scheduler's due list (active + nextRunAt ≤ now), a channel's or person's subscriptions
 * (targetRefId / targetUserId), subscriptions someone manages (ownerId).
 */
export const digestSubscriptionsCollection = defineCollection({
  name: "digestSubscriptions",
  schema: digestSubscriptionSchema,
  indexes: ["active", "nextRunAt", "targetRefId", "targetUserId", "ownerId"],
});

/**
 * Queries: the sender's work list (status in pending/failed + nextAttemptAt ≤ now; sending + leaseUntil
 * expired), a subscription's delivery log (subscriptionId, period).
 */
export const deliveriesCollection = defineCollection({
  name: "deliveries",
  schema: deliverySchema,
  indexes: ["status", "subscriptionId", "period", "nextAttemptAt", "leaseUntil", "recipient"],
});
