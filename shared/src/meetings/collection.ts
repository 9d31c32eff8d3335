import { defineCollection } from "../ports/store.js";
import { meetingSchema } from "./model.js";

/**
 * One container/table of meetings per deployment (partition /tenantId). Indexed fields are the ones
 * queries filter or sort on: upcoming by start, a series' occurrences, by organizer, by owner (and the
 * ownerless radar), and the booking idempotency key.
 */
export const meetingsCollection = defineCollection({
  name: "meetings",
  schema: meetingSchema,
  indexes: ["start", "seriesMasterId", "organizerEmail", "ownerId", "bookingKey", "source"],
});
