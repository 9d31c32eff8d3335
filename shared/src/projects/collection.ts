import { defineCollection } from "../ports/store.js";
import { projectSchema } from "./model.js";

/** Queries: my projects (ownerId), blocked radar (status / blockedSince), milestones coming up (nextMilestoneDue). */
export const projectsCollection = defineCollection({
  name: "projects",
  schema: projectSchema,
  indexes: ["ownerId", "status", "blockedSince", "nextMilestoneDue"],
});
