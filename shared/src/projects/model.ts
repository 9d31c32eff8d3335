import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { idSchema, isoDateSchema, storedDocShape, userIdSchema } from "../common/schemas.js";

/** A tracked project: owner, status, what blocks it (and since when), and its milestones. */

export const projectStatuses = ["on_track", "at_risk", "blocked", "done"] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

const nestedIdSchema = idSchema.max(40);

export const blockerSchema = z.object({
  id: nestedIdSchema,
  text: z.string().trim().min(1, "describe the blocker").max(1000),
  /** The day the blocker appeared — drives "blocked for N days" and weekly nudges. */
  since: isoDateSchema,
  /** Who has to unblock it, when that is someone other than the project owner. */
  ownerId: userIdSchema.optional(),
});
export type Blocker = z.output<typeof blockerSchema>;

export const milestoneSchema = z.object({
  id: nestedIdSchema,
  name: z.string().trim().min(1).max(200),
  due: isoDateSchema,
  /** Day it was reached; null while pending. */
  doneOn: isoDateSchema.nullable().default(null),
});
export type Milestone = z.output<typeof milestoneSchema>;

const editableShape = {
  name: z.string().trim().min(1, "name is required").max(200),
  description: z.string().trim().max(4000).optional(),
  ownerId: userIdSchema,
  status: z.enum(projectStatuses).default("on_track"),
  blockers: z.array(blockerSchema).max(50).default([]),
  milestones: z.array(milestoneSchema).max(100).default([]),
  /** Conversation (channel) where status updates are posted, if any. */
  updatesConversationRefId: idSchema.optional(),
};

type Editable = { status: ProjectStatus; blockers: readonly { id: string }[]; milestones: readonly { id: string }[] };

/** Cross-field rules shared by input and stored schemas. */
function checkProject(project: Editable, ctx: z.RefinementCtx): void {
  if (project.status === "blocked" && project.blockers.length === 0) {
    ctx.addIssue({ code: "custom", path: ["blockers"], message: "a blocked project needs at least one blocker" });
  }
  for (const key of ["blockers", "milestones"] as const) {
    const ids = project[key].map((x) => x.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: [key], message: `${key} ids must be unique` });
  }
}

/** Untrusted input may omit nested ids; they are numbered b1, b2… / m1, m2… after the highest present. */
function assignIds<T extends { id?: string | undefined }>(items: readonly T[], prefix: string): (T & { id: string })[] {
  let next = 1 + Math.max(0, ...items.map((x) => Number(x.id?.startsWith(prefix) ? x.id.slice(prefix.length) : NaN) || 0));
  return items.map((x) => ({ ...x, id: x.id ?? `${prefix}${next++}` }));
}

export const projectInputSchema = z
  .object({
    ...editableShape,
    blockers: z.array(blockerSchema.extend({ id: nestedIdSchema.optional() })).max(50).default([]),
    milestones: z.array(milestoneSchema.extend({ id: nestedIdSchema.optional() })).max(100).default([]),
  })
  .transform((p) => ({ ...p, blockers: assignIds(p.blockers, "b"), milestones: assignIds(p.milestones, "m") }))
  .superRefine(checkProject);
export type ProjectInput = z.output<typeof projectInputSchema>;

export const parseProjectInput = (input: unknown): Result<ProjectInput> => parseWith(projectInputSchema, input, "project");

/** The earliest pending milestone (ties: list order), or null. */
export function nextMilestone(project: { milestones: readonly Milestone[] }): Milestone | null {
  let best: Milestone | null = null;
  for (const m of project.milestones) if (m.doneOn === null && (best === null || m.due < best.due)) best = m;
  return best;
}

/** The day the oldest open blocker appeared, or null when nothing blocks the project. */
export function blockedSince(project: { blockers: readonly Blocker[] }): string | null {
  return project.blockers.reduce<string | null>((min, b) => (min === null || b.since < min ? b.since : min), null);
}

/** Denormalised, indexed fields (recomputed on every parse of a stored project). */
export function projectDerived(project: { blockers: readonly Blocker[]; milestones: readonly Milestone[] }) {
  const next = nextMilestone(project);
  return {
    nextMilestone: next === null ? null : { id: next.id, name: next.name, due: next.due },
    nextMilestoneDue: next?.due ?? null,
    blockedSince: blockedSince(project),
  };
}

export const projectSchema = z
  .object({
    ...storedDocShape,
    ...editableShape,
    nextMilestone: z.unknown().optional(),
    nextMilestoneDue: z.unknown().optional(),
    blockedSince: z.unknown().optional(),
  })
  .superRefine(checkProject)
  .transform((p) => ({ ...p, ...projectDerived(p) }));
export type Project = z.output<typeof projectSchema>;

export function newProject(input: ProjectInput, meta: { id: string; tenantId: string; now: string }): NewDoc<Project> {
  return { ...input, id: meta.id, tenantId: meta.tenantId, createdAt: meta.now, updatedAt: meta.now, ...projectDerived(input) };
}
