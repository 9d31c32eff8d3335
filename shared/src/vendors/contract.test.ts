import { parseWith } from "../errors.js";
import { contractsCollection } from "./collection.js";
import { contractSchema, newContract, parseContractInput, seatsAvailable, usageLimitsAtOrAbove, type Contract } from "./contract-model.js";
import { daysUntilNoticeDeadline, noticeDeadline, termDays } from "./notice.js";

const valid = {
  vendorId: "v_1",
  title: "Copilot seats FY26",
  ownerId: "aad-kim",
  termStart: "2026-01-01",
  termEnd: "2026-12-31",
  noticePeriodDays: 90,
  autoRenew: true,
  annualValue: { amountMinor: 3_600_000, currency: "EUR" },
  seats: { purchased: 100, used: 97 },
  usageLimits: [{ unit: "requests", limit: 10_000, used: 9_000 }],
};

function contract(overrides: Record<string, unknown> = {}): Contract {
  const parsed = parseContractInput({ ...valid, ...overrides });
  if (!parsed.ok) throw parsed.error;
  return newContract(parsed.value, { id: "c_1", tenantId: "t1", now: "2026-01-01T00:00:00.000Z" });
}

function paths(input: unknown): string[] {
  const parsed = parseContractInput(input);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error.code).toBe("validation");
  return parsed.ok ? [] : [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("contract model", () => {
  it("parses a contract and stores the notice deadline and renewal day top-level", () => {
    const c = contract();
    expect(c).toMatchObject({ renewalDate: null, renewsOn: "2026-12-31", noticeDeadline: "2026-10-02", renewalDecision: "undecided", budgetLineId: null });
    expect(parseWith(contractSchema, c, "contract")).toEqual({ ok: true, value: c });
    for (const field of contractsCollection.indexes) expect(Object.keys(c)).toContain(field);
  });

  it("recomputes the deadline when a stored contract changes (stale value is replaced)", () => {
    const c = { ...contract(), noticePeriodDays: 30, noticeDeadline: "2026-10-02" };
    const parsed = parseWith(contractSchema, c, "contract");
    expect(parsed.ok && parsed.value.noticeDeadline).toBe("2026-12-01");
  });

  it("refuses a notice period longer than the term", () => {
    expect(paths({ ...valid, termStart: "2026-01-01", termEnd: "2026-03-31", noticePeriodDays: 120 })).toEqual(["noticePeriodDays"]);
    // Deadline on the first day of the term is still possible.
    expect(contract({ termStart: "2026-01-01", termEnd: "2026-03-31", noticePeriodDays: 89 }).noticeDeadline).toBe("2026-01-01");
    expect(paths({ ...valid, termStart: "2026-01-01", termEnd: "2026-03-31", noticePeriodDays: 90 })).toEqual(["noticePeriodDays"]);
  });

  it("refuses a term ending before it starts and a renewal before the term", () => {
    expect(paths({ ...valid, termStart: "2026-12-31", termEnd: "2026-01-01" })).toEqual(["termEnd"]);
    expect(paths({ ...valid, renewalDate: "2025-12-01" })).toEqual(["renewalDate"]);
  });

  it.each([
    ["ownerId", { ...valid, ownerId: "" }],
    ["annualValue.amountMinor", { ...valid, annualValue: { amountMinor: -100, currency: "EUR" } }],
    ["annualValue.currency", { ...valid, annualValue: { amountMinor: 100, currency: "EUX" } }],
    ["annualValue.amountMinor", { ...valid, annualValue: { amountMinor: 10.5, currency: "EUR" } }],
    ["termEnd", { ...valid, termEnd: "2026-13-01" }],
    ["noticePeriodDays", { ...valid, noticePeriodDays: -1 }],
    ["noticePeriodDays", { ...valid, noticePeriodDays: 30.5 }],
    ["autoRenew", { ...valid, autoRenew: "yes" }],
    ["seats.purchased", { ...valid, seats: { purchased: -1 } }],
    ["usageLimits.0.limit", { ...valid, usageLimits: [{ unit: "tokens", limit: 0 }] }],
  ])("refuses bad field: %s (#%#)", (path, input) => {
    expect(paths(input)).toContain(path);
  });
});

describe("noticeDeadline", () => {
  const d = (renewal: string, days: number, termEnd = renewal) => noticeDeadline({ termEnd, renewalDate: renewal, noticePeriodDays: days });

  it("counts back calendar days across month ends and year ends", () => {
    expect(d("2027-01-01", 90)).toBe("2026-10-03");
    expect(d("2026-03-31", 30)).toBe("2026-03-01");
    expect(d("2026-05-01", 1)).toBe("2026-04-30");
    expect(d("2026-01-15", 0)).toBe("2026-01-15");
  });

  it("handles leap years", () => {
    expect(d("2028-03-01", 1)).toBe("2028-02-29");
    expect(d("2027-03-01", 1)).toBe("2027-02-28");
    expect(d("2029-02-28", 365)).toBe("2028-02-29");
    expect(d("2028-03-30", 30)).toBe("2028-02-29");
  });

  it("is not shifted by DST changes", () => {
    expect(d("2026-04-01", 7)).toBe("2026-03-25"); // EU spring-forward on 2026-03-29
    expect(d("2026-11-05", 7)).toBe("2026-10-29"); // EU fall-back on 2026-10-25
  });

  it("uses the renewal date when given, else the term end", () => {
    expect(noticeDeadline({ termEnd: "2026-12-31", renewalDate: null, noticePeriodDays: 30 })).toBe("2026-12-01");
    expect(noticeDeadline({ termEnd: "2026-12-31", renewalDate: "2026-12-15", noticePeriodDays: 30 })).toBe("2026-11-15");
  });

  it("reports days left, zero on the deadline and negative after it", () => {
    const c = { termEnd: "2026-12-31", renewalDate: null, noticePeriodDays: 30 };
    expect(daysUntilNoticeDeadline(c, "2026-11-01")).toBe(30);
    expect(daysUntilNoticeDeadline(c, "2026-12-01")).toBe(0);
    expect(daysUntilNoticeDeadline(c, "2026-12-03")).toBe(-2);
  });

  it("counts the term inclusively", () => {
    expect(termDays({ termStart: "2026-01-01", termEnd: "2026-12-31" })).toBe(365);
    expect(termDays({ termStart: "2028-01-01", termEnd: "2028-12-31" })).toBe(366);
  });
});

describe("AI seats and usage", () => {
  it("reports seats left and limits near exhaustion", () => {
    expect(seatsAvailable(contract())).toBe(3);
    expect(seatsAvailable(contract({ seats: { purchased: 10, used: 12 } }))).toBe(-2);
    expect(seatsAvailable(contract({ seats: undefined }))).toBeNull();
    expect(usageLimitsAtOrAbove(contract(), 90).map((u) => u.unit)).toEqual(["requests"]);
    expect(usageLimitsAtOrAbove(contract(), 91)).toEqual([]);
  });
});
