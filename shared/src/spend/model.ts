import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { idSchema, isoDateSchema, storedDocShape, userIdSchema } from "../common/schemas.js";
import { nonNegativeMoneySchema } from "../money/model.js";
import { budgetPeriodSchema, monthOf, periodRange } from "./period.js";

/**
 * Spend entries (purchase orders, invoices, card transactions, credit notes) and the budget lines they are
 * charged to. Amounts are never negative: a credit note is its own kind and is subtracted in budgetVariance.
 */

export const spendKinds = ["po", "invoice", "card", "credit_note"] as const;
export type SpendKind = (typeof spendKinds)[number];
export const reconciliationStatuses = ["unmatched", "matched", "disputed"] as const;

const spendShape = {
  kind: z.enum(spendKinds),
  /** PO number, invoice number or card statement reference. */
  reference: z.string().trim().min(1, "reference is required").max(100),
  vendorId: idSchema,
  /** Null = not yet allocated to a budget line (shows up in reconciliation). */
  budgetLineId: idSchema.nullable().default(null),
  amount: nonNegativeMoneySchema,
  date: isoDateSchema,
  description: z.string().trim().max(1000).optional(),
  reconciliationStatus: z.enum(reconciliationStatuses).default("unmatched"),
  /** The purchase order an invoice / card line / credit note was matched against. */
  matchedPoId: idSchema.nullable().default(null),
  disputeReason: z.string().trim().min(1).max(1000).optional(),
};

type SpendRules = Pick<z.output<z.ZodObject<typeof spendShape>>, "kind" | "reconciliationStatus" | "matchedPoId" | "disputeReason">;

function checkSpend(e: SpendRules, ctx: z.RefinementCtx): void {
  if (e.kind === "po" && e.matchedPoId !== null) {
    ctx.addIssue({ code: "custom", path: ["matchedPoId"], message: "a purchase order is not matched against another purchase order" });
  } else if (e.kind !== "po" && e.reconciliationStatus === "matched" && e.matchedPoId === null) {
    ctx.addIssue({ code: "custom", path: ["matchedPoId"], message: "a matched entry names the purchase order it matches" });
  } else if (e.reconciliationStatus === "unmatched" && e.matchedPoId !== null) {
    ctx.addIssue({ code: "custom", path: ["reconciliationStatus"], message: "an entry with a matched PO is matched or disputed" });
  }
  if (e.reconciliationStatus === "disputed" && !e.disputeReason) {
    ctx.addIssue({ code: "custom", path: ["disputeReason"], message: "say why the entry is disputed" });
  }
}

export const spendEntryInputSchema = z.object(spendShape).superRefine(checkSpend);
export type SpendEntryInput = z.output<typeof spendEntryInputSchema>;
export const parseSpendEntryInput = (input: unknown): Result<SpendEntryInput> => parseWith(spendEntryInputSchema, input, "spend entry");

/** `period` (the entry's month, e.g. "2026-11") is denormalised for monthly summaries; recomputed on parse. */
export const spendEntrySchema = z
  .object({ ...storedDocShape, ...spendShape, period: z.unknown().optional() })
  .superRefine(checkSpend)
  .transform((e) => ({ ...e, period: monthOf(e.date) }));
export type SpendEntry = z.output<typeof spendEntrySchema>;

export function newSpendEntry(input: SpendEntryInput, meta: { id: string; tenantId: string; now: string }): NewDoc<SpendEntry> {
  return { ...input, id: meta.id, tenantId: meta.tenantId, createdAt: meta.now, updatedAt: meta.now, period: monthOf(input.date) };
}

const budgetShape = {
  name: z.string().trim().min(1, "name is required").max(200),
  period: budgetPeriodSchema,
  amount: nonNegativeMoneySchema,
  ownerId: userIdSchema,
  /** Flag the line once spend reaches this share of the amount (100 = the whole budget; up to 200). */
  thresholdPercent: z.number().int().min(0).max(200).default(90),
  /** Finance's cost centre / GL code, for the Excel export. */
  costCenter: z.string().trim().max(50).optional(),
};

export const budgetLineInputSchema = z.object(budgetShape);
export type BudgetLineInput = z.output<typeof budgetLineInputSchema>;
export const parseBudgetLineInput = (input: unknown): Result<BudgetLineInput> => parseWith(budgetLineInputSchema, input, "budget line");

const budgetDerived = (period: string) => {
  const { start, end } = periodRange(period);
  return { periodStart: start, periodEnd: end };
};

/** periodStart/periodEnd (inclusive days) are denormalised so "lines covering a day" is a range query. */
export const budgetLineSchema = z
  .object({ ...storedDocShape, ...budgetShape, periodStart: z.unknown().optional(), periodEnd: z.unknown().optional() })
  .transform((b) => ({ ...b, ...budgetDerived(b.period) }));
export type BudgetLine = z.output<typeof budgetLineSchema>;

export function newBudgetLine(input: BudgetLineInput, meta: { id: string; tenantId: string; now: string }): NewDoc<BudgetLine> {
  return { ...input, id: meta.id, tenantId: meta.tenantId, createdAt: meta.now, updatedAt: meta.now, ...budgetDerived(input.period) };
}
