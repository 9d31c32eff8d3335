import { newActionItem, parseActionItemInput, type ActionItem } from "./model.js";
import { canChangeActionItemStatus, changeActionItemStatus, reassignActionItem, rescheduleActionItem } from "./transitions.js";

const ctx = { by: "aad-ana", at: "2026-11-25T10:00:00.000Z", today: "2026-11-25" };

function item(): ActionItem {
  const input = parseActionItemInput({ title: "Renew badge", ownerId: "aad-ana", dueDate: "2026-11-30" });
  if (!input.ok) throw input.error;
  return newActionItem(input.value, { id: "ai_1", tenantId: "t1", now: "2026-11-20T09:00:00.000Z", by: "aad-coord" });
}

function expectValue<T>(result: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!result.ok) throw result.error;
  return result.value;
}

describe("changeActionItemStatus", () => {
  it("completes an item, stamps completedAt and appends history without mutating the input", () => {
    const before = item();
    const done = expectValue(changeActionItemStatus(before, { to: "done", note: "badge printed" }, ctx));
    expect(done).toMatchObject({ status: "done", completedAt: ctx.at, updatedAt: ctx.at });
    expect(done.history.at(-1)).toEqual({ at: ctx.at, by: "aad-ana", change: { kind: "status", from: "open", to: "done", note: "badge printed" } });
    expect(before.status).toBe("open");
    expect(before.history).toHaveLength(1);
  });

  it("reopens a done item and clears completedAt", () => {
    const done = expectValue(changeActionItemStatus(item(), { to: "done" }, ctx));
    const reopened = expectValue(changeActionItemStatus(done, { to: "open" }, ctx));
    expect(reopened).toMatchObject({ status: "open", completedAt: null });
    expect(reopened.history).toHaveLength(3);
  });

  it("is idempotent for a repeated change (duplicate card invokes)", () => {
    const done = expectValue(changeActionItemStatus(item(), { to: "done" }, ctx));
    expect(changeActionItemStatus(done, { to: "done" }, ctx)).toEqual({ ok: true, value: done });
  });

  it("snoozes to a future day, re-snoozes, and refuses a missing or past wake-up day", () => {
    const snoozed = expectValue(changeActionItemStatus(item(), { to: "snoozed", snoozedUntil: "2026-11-28" }, ctx));
    expect(snoozed).toMatchObject({ status: "snoozed", snoozedUntil: "2026-11-28" });
    const later = expectValue(changeActionItemStatus(snoozed, { to: "snoozed", snoozedUntil: "2026-12-02" }, ctx));
    expect(later.snoozedUntil).toBe("2026-12-02");
    expect(later.history).toHaveLength(3);
    const woke = expectValue(changeActionItemStatus(later, { to: "open" }, ctx));
    expect(woke.snoozedUntil).toBeNull();
    for (const snoozedUntil of [undefined, "2026-11-25", "2026-11-01"]) {
      const refused = changeActionItemStatus(item(), { to: "snoozed", snoozedUntil }, ctx);
      expect(!refused.ok && refused.error.issues[0]?.path).toBe("snoozedUntil");
    }
  });

  it("treats cancelled as terminal and refuses snoozing a done item", () => {
    const cancelled = expectValue(changeActionItemStatus(item(), { to: "cancelled" }, ctx));
    for (const to of ["open", "done", "snoozed"] as const) {
      const refused = changeActionItemStatus(cancelled, { to, snoozedUntil: "2026-12-01" }, ctx);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error).toMatchObject({ code: "validation", message: `A cancelled action item cannot become ${to}` });
    }
    const done = expectValue(changeActionItemStatus(item(), { to: "done" }, ctx));
    expect(changeActionItemStatus(done, { to: "snoozed", snoozedUntil: "2026-12-01" }, ctx).ok).toBe(false);
    expect(canChangeActionItemStatus("done", "cancelled")).toBe(false);
    expect(canChangeActionItemStatus("open", "cancelled")).toBe(true);
  });

  it("caps history so a busy item stays small", () => {
    let current = item();
    for (let i = 0; i < 250; i += 1) {
      current = expectValue(changeActionItemStatus(current, { to: i % 2 === 0 ? "done" : "open" }, ctx));
    }
    expect(current.history).toHaveLength(200);
  });
});

describe("reassign / reschedule", () => {
  it("records owner and due-date changes", () => {
    const moved = expectValue(reassignActionItem(item(), "aad-ben", ctx));
    expect(moved.ownerId).toBe("aad-ben");
    expect(moved.history.at(-1)?.change).toEqual({ kind: "reassigned", from: "aad-ana", to: "aad-ben" });
    const later = expectValue(rescheduleActionItem(moved, "2026-12-15", ctx));
    expect(later.history.at(-1)?.change).toEqual({ kind: "rescheduled", from: "2026-11-30", to: "2026-12-15" });
  });

  it("refuses an empty owner, a malformed date, and changes to closed items", () => {
    expect(!reassignActionItem(item(), " ", ctx).ok).toBe(true);
    const badDate = rescheduleActionItem(item(), "15/12/2026", ctx);
    expect(!badDate.ok && badDate.error.issues[0]?.path).toBe("dueDate");
    const done = expectValue(changeActionItemStatus(item(), { to: "done" }, ctx));
    expect(reassignActionItem(done, "aad-ben", ctx).ok).toBe(false);
    expect(rescheduleActionItem(done, "2026-12-15", ctx).ok).toBe(false);
  });
});
