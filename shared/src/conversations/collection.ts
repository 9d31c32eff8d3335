import { defineCollection } from "../ports/store.js";
import { conversationRefSchema } from "./model.js";

/**
 * Point reads by conversationRefId(conversation id) on every inbound activity; queries: a person's personal
 * chat (userId + kind), a team's channels (teamId), stale references (lastSeenAt).
 */
export const conversationRefsCollection = defineCollection({
  name: "conversationRefs",
  schema: conversationRefSchema,
  indexes: ["userId", "kind", "teamId", "lastSeenAt"],
});
