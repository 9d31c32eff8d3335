import { defineCollection } from "../ports/store.js";
import { userProfileSchema } from "./model.js";

/** Point reads by AAD object id; queries: resolve a mail address (mail), direct reports (managerId), stale cache (cachedAt). */
export const userProfilesCollection = defineCollection({
  name: "userProfiles",
  schema: userProfileSchema,
  indexes: ["mail", "managerId", "cachedAt"],
});
