import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { idSchema, isoDateSchema, storedDocShape, userIdSchema } from "../common/schemas.js";
import { nonNegativeMoneySchema } from "../money/model.js";
import { noticeDeadline, renewsOn } from "./notice.js";

/** A contract with a vendor: term, renewal, notice period → notice deadline, value, seats/usage limits. */

export const renewalDecisions = ["undecided", "renew", "terminate"] as const;

/** AI tools (and other metered services): a limit per period and what has been used of it. */
export const usageLimitSchema = z.object({
  unit: z.string().trim().min(1).max(50), // "tokens", "requests", "credits", "GB"…
  limit: z.number().int().positive(),
  used: z.number().int().nonnegative().default(0),
  period: z.enum(["month", "quarter", "year", "term"]).default("month"),
});
export type UsageLimit = z.output<typeof usageLimitSchema>;

/** Used may exceed purchased (over-allocation is a real state the radar should show, not refuse). */
export const seatsSchema = z.object({ purchased: z.number().int().nonnegative(), used: z.number().int().nonnegative().default(0) });

const editableShape = {
  vendorId: idSchema,
  title: z.string().trim().min(1, "title is required").max(200),
  ownerId: userIdSchema,
  termStart: isoDateSchema,
  termEnd: isoDateSchema,
  /** When the contract renews, if different from the term end. */
  renewalDate: isoDateSchema.nullable().default(null),
  noticePeriodDays: z.number().int().min(0).max(3650),
  autoRenew: z.boolean(),
  /** Length of the next term on renewal, when the contract says so. */
  renewalTermMonths: z.number().int().min(1).max(120).optional(),
  annualValue: nonNegativeMoneySchema,
  budgetLineId: idSchema.nullable().default(null),
  /** The radar stops nagging once someone has decided. */
  renewalDecision: z.enum(renewalDecisions).default("undecided"),
  noticeGivenOn: isoDateSchema.nullable().default(null),
  seats: seatsSchema.optional(),
  usageLimits: z.array(usageLimitSchema).max(20).default([]),
  documentUrl: z.url({ protocol: /^https?$/ }).optional(),
  notes: z.string().trim().max(4000).optional(),
};

type TermFields = { termStart: string; termEnd: string; renewalDate: string | null; noticePeriodDays: number };

function checkTerm(c: TermFields, ctx: z.RefinementCtx): void {
  if (c.termEnd < c.termStart) {
    ctx.addIssue({ code: "custom", path: ["termEnd"], message: "term end is before term start" });
    return;
  }
  if (c.renewalDate !== null && c.renewalDate < c.termStart) {
    ctx.addIssue({ code: "custom", path: ["renewalDate"], message: "renewal date is before the term starts" });
    return;
  }
  if (noticeDeadline(c) < c.termStart) {
    ctx.addIssue({
      code: "custom",
      path: ["noticePeriodDays"],
      message: `notice period of ${c.noticePeriodDays} days is longer than the term: the notice deadline would fall before the term starts`,
    });
  }
}

export const contractInputSchema = z.object(editableShape).superRefine(checkTerm);
export type ContractInput = z.output<typeof contractInputSchema>;

export const parseContractInput = (input: unknown): Result<ContractInput> => parseWith(contractInputSchema, input, "contract");

/** Denormalised, indexed fields: recomputed whenever the contract is parsed or rebuilt. */
export const contractDerived = (c: TermFields) => ({ renewsOn: renewsOn(c), noticeDeadline: noticeDeadline(c) });

export const contractSchema = z
  .object({ ...storedDocShape, ...editableShape, renewsOn: z.unknown().optional(), noticeDeadline: z.unknown().optional() })
  .superRefine(checkTerm)
  .transform((c) => ({ ...c, ...contractDerived(c) }));
export type Contract = z.output<typeof contractSchema>;

export function newContract(input: ContractInput, meta: { id: string; tenantId: string; now: string }): NewDoc<Contract> {
  return { ...input, id: meta.id, tenantId: meta.tenantId, createdAt: meta.now, updatedAt: meta.now, ...contractDerived(input) };
}

/** Seats left (negative when over-allocated), or null when the contract is not seat-based. */
export function seatsAvailable(contract: Pick<Contract, "seats">): number | null {
  return contract.seats ? contract.seats.purchased - contract.seats.used : null;
}

/** Usage limits at or above `percent` of their limit (integer maths), for the AI usage radar. */
export function usageLimitsAtOrAbove(contract: Pick<Contract, "usageLimits">, percent: number): UsageLimit[] {
  return contract.usageLimits.filter((u) => u.used * 100 >= u.limit * percent);
}
