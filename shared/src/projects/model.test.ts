import { parseWith } from "../errors.js";
import { projectsCollection } from "./collection.js";
import { blockedSinceDays, daysToNextMilestone } from "./derived.js";
import { newProject, parseProjectInput, projectSchema, type Project } from "./model.js";

const meta = { id: "p_1", tenantId: "t1", now: "2026-11-01T08:00:00.000Z" };
const valid = {
  name: "AI assistant pilot",
  ownerId: "aad-kim",
  status: "blocked",
  blockers: [{ text: "Waiting for DPA from vendor", since: "2026-10-20", ownerId: "aad-legal" }, { text: "No budget line", since: "2026-10-27" }],
  milestones: [
    { name: "Pilot start", due: "2026-11-10", doneOn: "2026-11-09" },
    { name: "Decision", due: "2026-12-15" },
    { name: "Survey", due: "2026-12-01" },
  ],
};

function project(input: unknown = valid): Project {
  const parsed = parseProjectInput(input);
  if (!parsed.ok) throw parsed.error;
  return newProject(parsed.value, meta);
}

function paths(input: unknown): string[] {
  const parsed = parseProjectInput(input);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? [] : [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("project model", () => {
  it("parses input, numbers nested items and derives the next milestone and blocked-since day", () => {
    const p = project();
    expect(p.blockers.map((b) => b.id)).toEqual(["b1", "b2"]);
    expect(p.milestones.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    expect(p.nextMilestone).toEqual({ id: "m3", name: "Survey", due: "2026-12-01" });
    expect(p.nextMilestoneDue).toBe("2026-12-01");
    expect(p.blockedSince).toBe("2026-10-20");
    expect(parseWith(projectSchema, p, "project")).toEqual({ ok: true, value: p });
    for (const field of projectsCollection.indexes) expect(Object.keys(p)).toContain(field);
  });

  it("keeps given nested ids and numbers new ones after them", () => {
    const p = project({ name: "x", ownerId: "o", blockers: [{ id: "b7", text: "a", since: "2026-01-01" }, { text: "b", since: "2026-01-02" }] });
    expect(p.blockers.map((b) => b.id)).toEqual(["b7", "b8"]);
    expect(p).toMatchObject({ status: "on_track", milestones: [], nextMilestone: null, nextMilestoneDue: null });
  });

  it("names the problem in bad input", () => {
    expect(paths({ ...valid, ownerId: undefined })).toEqual(["ownerId"]);
    expect(paths({ ...valid, status: "stuck" })).toEqual(["status"]);
    expect(paths({ ...valid, blockers: [] })).toEqual(["blockers"]);
    expect(paths({ ...valid, blockers: [{ text: "x", since: "20.10.2026" }] })).toEqual(["blockers.0.since"]);
    expect(paths({ ...valid, milestones: [{ name: "M", due: "2026-02-30" }] })).toEqual(["milestones.0.due"]);
    expect(paths({ ...valid, blockers: [{ id: "a", text: "x", since: "2026-01-01" }, { id: "a", text: "y", since: "2026-01-01" }] })).toEqual(["blockers"]);
  });
});

describe("blockedSinceDays", () => {
  it("counts from the oldest blocker, across month ends", () => {
    expect(blockedSinceDays(project(), "2026-11-03")).toBe(14);
    expect(blockedSinceDays(project(), "2026-10-20")).toBe(0);
  });

  it("is null without blockers or when done, and 0 for a blocker dated in the future", () => {
    expect(blockedSinceDays({ status: "on_track", blockers: [] }, "2026-11-03")).toBeNull();
    expect(blockedSinceDays({ ...project(), status: "done" }, "2026-11-03")).toBeNull();
    expect(blockedSinceDays({ status: "blocked", blockers: [{ id: "b1", text: "x", since: "2026-12-01" }] }, "2026-11-03")).toBe(0);
  });
});

describe("daysToNextMilestone", () => {
  it("is positive ahead, negative when slipped, null without pending milestones", () => {
    expect(daysToNextMilestone(project(), "2026-11-28")).toBe(3);
    expect(daysToNextMilestone(project(), "2026-12-03")).toBe(-2);
    expect(daysToNextMilestone({ nextMilestone: null }, "2026-12-03")).toBeNull();
  });
});
