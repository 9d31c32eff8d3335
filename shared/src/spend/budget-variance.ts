import { fail, ok, type Result } from "../errors.js";
import type { Money } from "../money/model.js";
import type { BudgetLine, SpendEntry } from "./model.js";
import { periodContains } from "./period.js";

export interface BudgetVariance {
  budget: Money;
  /** Actuals: invoices + card transactions − credit notes. */
  spent: Money;
  /** Purchase orders not yet matched by invoices (money promised but not billed). */
  committed: Money;
  /** budget − spent (negative when over budget). */
  remaining: Money;
  /** budget − spent − committed. */
  available: Money;
  /** spent / budget in percent, floored to 2 decimals; null for a zero budget. */
  percentUsed: number | null;
  /** Spend has reached the line's threshold (spent > 0 and spent ≥ threshold % of budget). */
  overThreshold: boolean;
  /** Entries counted (charged to this line and dated inside its period). */
  entryCount: number;
}

/**
 * Budget vs spend for one line. Only entries charged to the line and dated within its period count, so a
 * caller may pass a broader query result. All maths is on integer minor units (BigInt for products, so
 * nothing rounds). Mixed currencies are refused: there is no silent FX conversion.
 */
export function budgetVariance(line: BudgetLine, entries: readonly SpendEntry[]): Result<BudgetVariance> {
  const counted = entries.filter((e) => e.budgetLineId === line.id && periodContains(line.period, e.date));
  const currency = line.amount.currency;
  const foreign = counted.filter((e) => e.amount.currency !== currency);
  if (foreign.length > 0) {
    const currencies = [...new Set([currency, ...foreign.map((e) => e.amount.currency)])];
    return fail("validation", `Budget line ${line.name} is in ${currency}; entries in ${currencies.slice(1).join(", ")} cannot be added without conversion`, {
      currencies,
      entryIds: foreign.map((e) => e.id),
    });
  }
  let spent = 0n;
  let committed = 0n;
  for (const e of counted) {
    const amount = BigInt(e.amount.amountMinor);
    if (e.kind === "invoice" || e.kind === "card") spent += amount;
    else if (e.kind === "credit_note") spent -= amount;
    else if (e.reconciliationStatus !== "matched") committed += amount;
  }
  const budget = BigInt(line.amount.amountMinor);
  const money = (n: bigint): Money => ({ amountMinor: Number(n), currency });
  return ok({
    budget: line.amount,
    spent: money(spent),
    committed: money(committed),
    remaining: money(budget - spent),
    available: money(budget - spent - committed),
    percentUsed: budget === 0n ? null : floorDiv(spent * 10000n, budget) / 100,
    overThreshold: spent > 0n && spent * 100n >= budget * BigInt(line.thresholdPercent),
    entryCount: counted.length,
  });
}

/** Floor division for BigInt (BigInt `/` truncates towards zero). */
function floorDiv(a: bigint, b: bigint): number {
  const q = a / b;
  return Number(a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q);
}
