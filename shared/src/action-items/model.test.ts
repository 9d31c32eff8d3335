import { parseWith } from "../errors.js";
import { actionItemsCollection } from "./collection.js";
import { actionItemSchema, newActionItem, parseActionItemInput } from "./model.js";

const valid = { title: "Order badge for Ana", ownerId: "aad-ana", dueDate: "2026-11-30" };
const meta = { id: "ai_1", tenantId: "t1", now: "2026-11-20T09:00:00.000Z", by: "aad-coord" };

function issuePaths(input: unknown): string[] {
  const parsed = parseActionItemInput(input);
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return [];
  expect(parsed.error.code).toBe("validation");
  return [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("parseActionItemInput", () => {
  it("accepts a minimal item and fills defaults", () => {
    const parsed = parseActionItemInput(valid);
    expect(parsed).toEqual({
      ok: true,
      value: { ...valid, category: "general", priority: "normal", source: { kind: "manual" } },
    });
  });

  it("accepts a meeting-occurrence source and normalises its instant to UTC", () => {
    const parsed = parseActionItemInput({
      ...valid,
      category: "facilities",
      source: { kind: "meeting", meetingId: "m1", seriesMasterId: "AAMk-series", occurrenceStart: "2026-11-20T10:00:00+01:00" },
    });
    expect(parsed.ok && parsed.value.source).toEqual({
      kind: "meeting",
      meetingId: "m1",
      seriesMasterId: "AAMk-series",
      occurrenceStart: "2026-11-20T09:00:00.000Z",
    });
  });

  it("names the missing owner", () => {
    expect(issuePaths({ title: "x", dueDate: "2026-11-30" })).toEqual(["ownerId"]);
  });

  it.each(["30.11.2026", "2026-11-31", "2026-11-30T10:00:00Z", ""])("refuses due date %j", (dueDate) => {
    expect(issuePaths({ ...valid, dueDate })).toEqual(["dueDate"]);
  });

  it("refuses a blank title, unknown category and unknown source kind", () => {
    expect(issuePaths({ ...valid, title: "   " })).toEqual(["title"]);
    expect(issuePaths({ ...valid, category: "gardening" })).toEqual(["category"]);
    expect(issuePaths({ ...valid, source: { kind: "fax" } })).toEqual(["source.kind"]);
  });

  it("never throws on junk", () => {
    for (const junk of [null, undefined, 42, "text", [], { __proto__: { ownerId: "x" } }]) {
      expect(parseActionItemInput(junk).ok).toBe(false);
    }
  });
});

describe("stored action item", () => {
  it("newActionItem starts open with a created entry and the series key", () => {
    const input = parseActionItemInput({ ...valid, source: { kind: "outlook", itemId: "item-9", seriesMasterId: "series-1" } });
    if (!input.ok) throw input.error;
    const item = newActionItem(input.value, meta);
    expect(item).toMatchObject({ status: "open", snoozedUntil: null, createdBy: "aad-coord", sourceSeriesId: "series-1" });
    expect(item.history).toEqual([{ at: meta.now, by: "aad-coord", change: { kind: "created" } }]);
    expect(parseWith(actionItemSchema, item, "action item")).toEqual({ ok: true, value: item });
  });

  it("recomputes the denormalised series key on parse (a stale value cannot survive)", () => {
    const input = parseActionItemInput({ ...valid, source: { kind: "meeting", meetingId: "single-meeting" } });
    if (!input.ok) throw input.error;
    const stale = { ...newActionItem(input.value, meta), sourceSeriesId: "wrong" };
    const parsed = parseWith(actionItemSchema, stale, "action item");
    expect(parsed.ok && parsed.value.sourceSeriesId).toBe("single-meeting");
  });

  it("requires snoozedUntil exactly when snoozed", () => {
    const input = parseActionItemInput(valid);
    if (!input.ok) throw input.error;
    const item = newActionItem(input.value, meta);
    for (const bad of [{ ...item, status: "snoozed" }, { ...item, snoozedUntil: "2026-12-01" }]) {
      const parsed = parseWith(actionItemSchema, bad, "action item");
      expect(!parsed.ok && parsed.error.issues.map((i) => i.path)).toEqual(["snoozedUntil"]);
    }
  });

  it("collection indexes only top-level fields of the stored document", () => {
    const input = parseActionItemInput(valid);
    if (!input.ok) throw input.error;
    const item = newActionItem(input.value, meta);
    for (const field of actionItemsCollection.indexes) expect(Object.keys(item)).toContain(field);
    expect(actionItemsCollection.name).toBe("actionItems");
  });
});
