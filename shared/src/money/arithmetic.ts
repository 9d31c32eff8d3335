import { fail, ok, type Result } from "../errors.js";
import { isCurrencyCode, minorUnitDigits, type Money } from "./model.js";

/**
 * Exact conversions and sums over Money. Parsing and formatting go through decimal strings so that no
 * amount is ever rounded by binary floating point.
 */

/** "12.34" for 1234 EUR, "-0.05" for -5 EUR, "1234" for 1234 JPY — exact, no grouping, for Excel/CSV. */
export function toMajorString(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  const negative = money.amountMinor < 0;
  const abs = Math.abs(money.amountMinor).toString().padStart(digits + 1, "0");
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${abs.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Parses a major-unit amount ("12.34", "-5", 1234.5) in `currency` into minor units. */
export function fromMajor(value: string | number, currency: string): Result<Money> {
  const code = currency.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    return fail("validation", `Unknown currency "${currency}"`, { issues: [{ path: "currency", message: "unknown currency" }] });
  }
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  const digits = minorUnitDigits(code);
  if (!match) {
    return fail("validation", `"${String(value)}" is not an amount like 12.34`, {
      issues: [{ path: "amount", message: "must be a decimal number such as 12.34" }],
    });
  }
  const [, sign, whole = "", rawFraction = ""] = match;
  // Trailing zeros beyond the currency's precision are harmless ("12.340"); other digits are not.
  const fraction = rawFraction.replace(/0+$/, "");
  if (fraction.length > digits) {
    return fail("validation", `${code} amounts have at most ${digits} decimal places`, {
      issues: [{ path: "amount", message: `at most ${digits} decimal places for ${code}` }],
    });
  }
  const minor = Number(`${whole}${fraction.padEnd(digits, "0")}`) * (sign === "-" ? -1 : 1);
  if (!Number.isSafeInteger(minor)) {
    return fail("validation", "Amount is too large", { issues: [{ path: "amount", message: "amount is too large" }] });
  }
  return ok({ amountMinor: minor === 0 ? 0 : minor, currency: code });
}

/**
 * Sum of amounts in one currency. Mixed currencies are refused (no silent FX). An empty list needs
 * `currency` to know what zero is.
 */
export function sumMoney(amounts: readonly Money[], currency?: string): Result<Money> {
  const expected = currency ?? amounts[0]?.currency;
  if (expected === undefined) return fail("validation", "Cannot sum an empty list without a currency");
  let total = 0;
  for (const amount of amounts) {
    if (amount.currency !== expected) {
      const currencies = [...new Set([expected, ...amounts.map((a) => a.currency)])];
      return fail("validation", `Cannot add amounts in different currencies (${currencies.join(", ")})`, { currencies });
    }
    total += amount.amountMinor;
  }
  if (!Number.isSafeInteger(total)) return fail("validation", "Sum is too large to represent exactly");
  return ok({ amountMinor: total, currency: expected });
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Localised display, e.g. formatMoney({amountMinor: 123456, currency: "EUR"}, "de-DE") → "1.234,56 €". */
export function formatMoney(money: Money, locale = "en-US"): string {
  const key = `${locale}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency });
    } catch {
      // A malformed locale (e.g. from a client header) must not break a card: fall back to en-US.
      formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: money.currency });
    }
    if (formatters.size >= 500) formatters.clear(); // locales come from clients: keep the cache bounded
    formatters.set(key, formatter);
  }
  // Intl formats decimal strings exactly (no float rounding of large amounts).
  return formatter.format(toMajorString(money) as unknown as number);
}
