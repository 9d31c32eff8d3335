import { parseWith } from "../errors.js";
import { budgetLinesCollection, spendEntriesCollection } from "./collection.js";
import { budgetLineSchema, newBudgetLine, newSpendEntry, parseBudgetLineInput, parseSpendEntryInput, spendEntrySchema } from "./model.js";
import { periodContains, periodKind, periodRange } from "./period.js";

const meta = { id: "x_1", tenantId: "t1", now: "2026-11-01T00:00:00.000Z" };
const invoice = {
  kind: "invoice",
  reference: "INV-2026-0042",
  vendorId: "v_1",
  budgetLineId: "bl_1",
  amount: { amountMinor: 125_000, currency: "EUR" },
  date: "2026-11-14",
  reconciliationStatus: "matched",
  matchedPoId: "po_7",
};

function paths(parse: (x: unknown) => { ok: boolean; error?: unknown }, input: unknown): string[] {
  const parsed = parse(input) as { ok: true } | { ok: false; error: { code: string; issues: { path: string }[] } };
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return [];
  expect(parsed.error.code).toBe("validation");
  return [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("spend entry model", () => {
  it("parses an invoice and stores its month as period", () => {
    const parsed = parseSpendEntryInput(invoice);
    if (!parsed.ok) throw parsed.error;
    const entry = newSpendEntry(parsed.value, meta);
    expect(entry.period).toBe("2026-11");
    expect(parseWith(spendEntrySchema, entry, "spend entry")).toEqual({ ok: true, value: entry });
    for (const field of spendEntriesCollection.indexes) expect(Object.keys(entry)).toContain(field);
  });

  it("defaults to unmatched and unallocated", () => {
    const parsed = parseSpendEntryInput({ ...invoice, budgetLineId: undefined, reconciliationStatus: undefined, matchedPoId: undefined });
    expect(parsed.ok && parsed.value).toMatchObject({ budgetLineId: null, reconciliationStatus: "unmatched", matchedPoId: null });
  });

  it.each([
    ["amount.amountMinor", { ...invoice, amount: { amountMinor: -1, currency: "EUR" } }],
    ["amount.currency", { ...invoice, amount: { amountMinor: 100, currency: "EURO" } }],
    ["amount.currency", { ...invoice, amount: { amountMinor: 100, currency: "QQQ" } }],
    ["date", { ...invoice, date: "14/11/2026" }],
    ["kind", { ...invoice, kind: "cheque" }],
    ["reference", { ...invoice, reference: " " }],
    ["vendorId", { ...invoice, vendorId: undefined }],
    ["matchedPoId", { ...invoice, matchedPoId: null }],
    ["matchedPoId", { ...invoice, kind: "po" }],
    ["disputeReason", { ...invoice, reconciliationStatus: "disputed" }],
    ["reconciliationStatus", { ...invoice, reconciliationStatus: "unmatched" }],
  ])("refuses bad entry: %s (#%#)", (path, input) => {
    expect(paths(parseSpendEntryInput, input)).toEqual([path]);
  });

  it("accepts a disputed invoice with a reason and a matched PO without a PO reference", () => {
    expect(parseSpendEntryInput({ ...invoice, reconciliationStatus: "disputed", disputeReason: "price differs from PO" }).ok).toBe(true);
    expect(parseSpendEntryInput({ ...invoice, kind: "po", matchedPoId: null }).ok).toBe(true);
  });
});

describe("budget line model", () => {
  const line = { name: "AI tools", period: "2026-q4", amount: { amountMinor: 5_000_000, currency: "EUR" }, ownerId: "aad-kim" };

  it("parses a line, normalises the period and stores its day range", () => {
    const parsed = parseBudgetLineInput(line);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value).toMatchObject({ period: "2026-Q4", thresholdPercent: 90 });
    const stored = newBudgetLine(parsed.value, meta);
    expect(stored).toMatchObject({ periodStart: "2026-10-01", periodEnd: "2026-12-31" });
    expect(parseWith(budgetLineSchema, stored, "budget line")).toEqual({ ok: true, value: stored });
    for (const field of budgetLinesCollection.indexes) expect(Object.keys(stored)).toContain(field);
  });

  it.each([
    ["period", { ...line, period: "2026-13" }],
    ["period", { ...line, period: "Q4 2026" }],
    ["period", { ...line, period: "2026-Q5" }],
    ["thresholdPercent", { ...line, thresholdPercent: 201 }],
    ["thresholdPercent", { ...line, thresholdPercent: -1 }],
    ["amount.amountMinor", { ...line, amount: { amountMinor: -5, currency: "EUR" } }],
    ["ownerId", { ...line, ownerId: undefined }],
  ])("refuses bad line: %s (#%#)", (path, input) => {
    expect(paths(parseBudgetLineInput, input)).toEqual([path]);
  });
});

describe("budget periods", () => {
  it("computes inclusive ranges for years, quarters and months (leap February included)", () => {
    expect(periodRange("2026")).toEqual({ start: "2026-01-01", end: "2026-12-31" });
    expect(periodRange("2026-Q1")).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(periodRange("2026-Q3")).toEqual({ start: "2026-07-01", end: "2026-09-30" });
    expect(periodRange("2028-02")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(periodRange("2026-11")).toEqual({ start: "2026-11-01", end: "2026-11-30" });
    expect(periodKind("2026")).toBe("year");
    expect(periodKind("2026-Q2")).toBe("quarter");
    expect(periodKind("2026-02")).toBe("month");
  });

  it("contains its first and last day only", () => {
    expect(periodContains("2026-Q4", "2026-10-01")).toBe(true);
    expect(periodContains("2026-Q4", "2026-12-31")).toBe(true);
    expect(periodContains("2026-Q4", "2026-09-30")).toBe(false);
    expect(periodContains("2026-Q4", "2027-01-01")).toBe(false);
  });
});
