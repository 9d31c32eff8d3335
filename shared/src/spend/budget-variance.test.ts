import { newBudgetLine, newSpendEntry, parseBudgetLineInput, parseSpendEntryInput, type BudgetLine, type SpendEntry } from "./model.js";
import { budgetVariance } from "./budget-variance.js";

const meta = (id: string) => ({ id, tenantId: "t1", now: "2026-11-01T00:00:00.000Z" });

function line(amountMinor: number, thresholdPercent = 90, currency = "EUR"): BudgetLine {
  const parsed = parseBudgetLineInput({ name: "Facilities", period: "2026-11", amount: { amountMinor, currency }, ownerId: "o", thresholdPercent });
  if (!parsed.ok) throw parsed.error;
  return newBudgetLine(parsed.value, meta("bl_1"));
}

let n = 0;
function entry(kind: string, amountMinor: number, extra: Record<string, unknown> = {}): SpendEntry {
  const parsed = parseSpendEntryInput({
    kind,
    reference: `R${(n += 1)}`,
    vendorId: "v_1",
    budgetLineId: "bl_1",
    amount: { amountMinor, currency: "EUR" },
    date: "2026-11-10",
    ...extra,
  });
  if (!parsed.ok) throw parsed.error;
  return newSpendEntry(parsed.value, meta(`s_${n}`));
}

function value(result: ReturnType<typeof budgetVariance>) {
  if (!result.ok) throw result.error;
  return result.value;
}

describe("budgetVariance", () => {
  it("sums actuals, subtracts credit notes and keeps open POs as commitments", () => {
    const v = value(
      budgetVariance(line(100_000), [
        entry("invoice", 30_000, { reconciliationStatus: "matched", matchedPoId: "po_1" }),
        entry("po", 30_000, { reconciliationStatus: "matched" }), // invoiced: counted via the invoice
        entry("po", 20_000), // not yet invoiced
        entry("card", 12_345),
        entry("credit_note", 2_345),
      ]),
    );
    expect(v).toEqual({
      budget: { amountMinor: 100_000, currency: "EUR" },
      spent: { amountMinor: 40_000, currency: "EUR" },
      committed: { amountMinor: 20_000, currency: "EUR" },
      remaining: { amountMinor: 60_000, currency: "EUR" },
      available: { amountMinor: 40_000, currency: "EUR" },
      percentUsed: 40,
      overThreshold: false,
      entryCount: 5,
    });
  });

  it("flags exactly at the threshold, not one minor unit below", () => {
    expect(value(budgetVariance(line(100_000, 90), [entry("invoice", 89_999)])).overThreshold).toBe(false);
    expect(value(budgetVariance(line(100_000, 90), [entry("invoice", 90_000)])).overThreshold).toBe(true);
    expect(value(budgetVariance(line(100_000, 150), [entry("invoice", 149_999)])).overThreshold).toBe(false);
    expect(value(budgetVariance(line(100_000, 150), [entry("invoice", 150_000)]))).toMatchObject({ overThreshold: true, percentUsed: 150 });
  });

  it("reports overspend as negative remaining and floors the percentage", () => {
    const v = value(budgetVariance(line(30_000), [entry("invoice", 40_001)]));
    expect(v.remaining.amountMinor).toBe(-10_001);
    expect(v.percentUsed).toBe(133.33);
  });

  it("handles a zero budget and a zero threshold without dividing by zero", () => {
    expect(value(budgetVariance(line(0), []))).toMatchObject({ percentUsed: null, overThreshold: false });
    expect(value(budgetVariance(line(0), [entry("card", 1)]))).toMatchObject({ percentUsed: null, overThreshold: true });
    expect(value(budgetVariance(line(100, 0), []))).toMatchObject({ overThreshold: false });
    expect(value(budgetVariance(line(100, 0), [entry("card", 1)]))).toMatchObject({ overThreshold: true, percentUsed: 1 });
  });

  it("ignores entries of other lines and outside the period", () => {
    const v = value(budgetVariance(line(100_000), [entry("invoice", 1_000, { budgetLineId: "bl_2" }), entry("invoice", 1_000, { date: "2026-12-01" }), entry("invoice", 500)]));
    expect(v).toMatchObject({ spent: { amountMinor: 500 }, entryCount: 1 });
  });

  it("refuses mixed currencies, naming them and the offending entries", () => {
    const usd = { ...entry("invoice", 100), amount: { amountMinor: 100, currency: "USD" } };
    const result = budgetVariance(line(100_000), [entry("invoice", 100), usd]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("validation");
      expect(result.error.details).toEqual({ currencies: ["EUR", "USD"], entryIds: [usd.id] });
    }
  });

  it("stays exact for very large amounts", () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    const v = value(budgetVariance(line(big, 100), [entry("invoice", big)]));
    expect(v).toMatchObject({ percentUsed: 100, overThreshold: true, remaining: { amountMinor: 0 } });
  });
});
