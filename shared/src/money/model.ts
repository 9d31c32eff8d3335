import { z } from "zod";

/**
 * Money is an integer count of the currency's minor unit (cents, yen, fils…) plus an ISO 4217 code.
 * Integers keep sums and comparisons exact; floats never touch stored amounts.
 */

/** Active ISO 4217 codes as known to this Node's ICU (Node 20 ships full ICU). */
const currencyCodes: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

export const isCurrencyCode = (code: string): boolean => currencyCodes.has(code);

/** ISO 4217 code; lower-case input is accepted and normalised ("eur" → "EUR"). */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, { message: "must be an ISO 4217 currency code such as EUR or USD" });

export const moneySchema = z.object({
  /** Amount in minor units of `currency`, e.g. 1234 = 12.34 EUR, 1234 = 1234 JPY. */
  amountMinor: z.number().int().refine(Number.isSafeInteger, { message: "amount is too large" }),
  currency: currencySchema,
});
export type Money = z.output<typeof moneySchema>;

/** Prices, budgets, invoice amounts: never below zero (credits are their own record kind). */
export const nonNegativeMoneySchema = moneySchema.extend({
  amountMinor: moneySchema.shape.amountMinor.refine((n) => n >= 0, { message: "amount must not be negative" }),
});

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits of a currency (EUR 2, JPY 0, BHD 3), from ICU's currency data. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}
