import { parseWith } from "../errors.js";
import { formatMoney, fromMajor, sumMoney, toMajorString } from "./arithmetic.js";
import { minorUnitDigits, moneySchema, nonNegativeMoneySchema } from "./model.js";

describe("moneySchema", () => {
  it("accepts integer minor units and normalises the currency code", () => {
    const parsed = parseWith(moneySchema, { amountMinor: 1234, currency: "eur" }, "money");
    expect(parsed).toEqual({ ok: true, value: { amountMinor: 1234, currency: "EUR" } });
  });

  it.each([
    ["amountMinor", { amountMinor: 12.34, currency: "EUR" }],
    ["currency", { amountMinor: 100, currency: "EURO" }],
    ["currency", { amountMinor: 100, currency: "ABC" }],
    ["amountMinor", { amountMinor: 2 ** 60, currency: "EUR" }],
    ["amountMinor", { amountMinor: "100", currency: "EUR" }],
  ])("rejects bad %s (#%#)", (field, input) => {
    const parsed = parseWith(moneySchema, input, "money");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe("validation");
      expect(parsed.error.issues.map((i) => i.path)).toContain(field);
    }
  });

  it("non-negative variant refuses negative amounts", () => {
    const parsed = parseWith(nonNegativeMoneySchema, { amountMinor: -1, currency: "USD" }, "money");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.issues[0]).toMatchObject({ path: "amountMinor", message: "amount must not be negative" });
  });
});

describe("minorUnitDigits", () => {
  it("follows ISO 4217 minor units", () => {
    expect(minorUnitDigits("EUR")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("BHD")).toBe(3);
  });
});

describe("fromMajor / toMajorString", () => {
  it.each([
    ["12.34", "EUR", 1234],
    ["12.3", "EUR", 1230],
    ["12", "EUR", 1200],
    ["12.340", "EUR", 1234],
    ["-0.05", "EUR", -5],
    ["-0", "EUR", 0],
    ["1234", "JPY", 1234],
    ["1.234", "BHD", 1234],
    [1234.5, "USD", 123450],
    ["  7.00 ", "usd", 700],
  ])("%j %s → %d minor units", (text, currency, minor) => {
    const parsed = fromMajor(text, currency);
    expect(parsed).toEqual({ ok: true, value: { amountMinor: minor, currency: currency.toUpperCase() } });
  });

  it.each([
    ["12.345", "EUR"],
    ["1.5", "JPY"],
    ["12,34", "EUR"],
    ["1e3", "EUR"],
    ["", "EUR"],
    [Number.NaN, "EUR"],
    ["99999999999999999999", "EUR"],
  ])("refuses %j %s", (text, currency) => {
    const parsed = fromMajor(text, currency);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.issues[0]?.path).toBe("amount");
  });

  it("refuses an unknown currency", () => {
    const parsed = fromMajor("1.00", "XYZ");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.issues[0]?.path).toBe("currency");
  });

  it("round-trips exactly, including sub-unit and large amounts", () => {
    expect(toMajorString({ amountMinor: 5, currency: "EUR" })).toBe("0.05");
    expect(toMajorString({ amountMinor: -5, currency: "EUR" })).toBe("-0.05");
    expect(toMajorString({ amountMinor: 1234, currency: "JPY" })).toBe("1234");
    expect(toMajorString({ amountMinor: 1, currency: "BHD" })).toBe("0.001");
    const big = { amountMinor: Number.MAX_SAFE_INTEGER, currency: "EUR" };
    expect(toMajorString(big)).toBe("90071992547409.91");
    expect(fromMajor(toMajorString(big), "EUR")).toEqual({ ok: true, value: big });
  });
});

describe("sumMoney", () => {
  it("adds amounts of one currency exactly", () => {
    const amounts = [0.1, 0.2, 0.3].map((x) => ({ amountMinor: Math.round(x * 100), currency: "EUR" }));
    expect(sumMoney(amounts)).toEqual({ ok: true, value: { amountMinor: 60, currency: "EUR" } });
  });

  it("needs a currency for an empty list", () => {
    expect(sumMoney([], "USD")).toEqual({ ok: true, value: { amountMinor: 0, currency: "USD" } });
    expect(sumMoney([]).ok).toBe(false);
  });

  it("refuses mixed currencies, naming them", () => {
    const mixed = sumMoney([
      { amountMinor: 100, currency: "EUR" },
      { amountMinor: 100, currency: "USD" },
    ]);
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) {
      expect(mixed.error.code).toBe("validation");
      expect(mixed.error.details).toEqual({ currencies: ["EUR", "USD"] });
    }
    expect(sumMoney([{ amountMinor: 1, currency: "EUR" }], "USD").ok).toBe(false);
  });

  it("refuses a total beyond exact integer range", () => {
    const huge = { amountMinor: Number.MAX_SAFE_INTEGER, currency: "EUR" };
    expect(sumMoney([huge, huge]).ok).toBe(false);
  });
});

describe("formatMoney", () => {
  it("formats per locale with the currency's precision", () => {
    expect(formatMoney({ amountMinor: 123456, currency: "EUR" }, "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney({ amountMinor: 123456, currency: "USD" }, "en-US")).toBe("$1,234.56");
    expect(formatMoney({ amountMinor: 1234, currency: "JPY" }, "en-US")).toBe("¥1,234");
    expect(formatMoney({ amountMinor: -5, currency: "EUR" }, "en-IE")).toBe("-€0.05");
  });

  it("does not lose precision on large amounts", () => {
    expect(formatMoney({ amountMinor: Number.MAX_SAFE_INTEGER, currency: "USD" }, "en-US")).toBe("$90,071,992,547,409.91");
  });

  it("falls back to en-US for a malformed locale instead of throwing", () => {
    expect(formatMoney({ amountMinor: 100, currency: "USD" }, "not a locale!")).toBe("$1.00");
  });
});
