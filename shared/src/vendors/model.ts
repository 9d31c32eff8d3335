import { z } from "zod";
import { parseWith, type Result } from "../errors.js";
import type { NewDoc } from "../ports/store.js";
import { emailSchema, storedDocShape, userIdSchema } from "../common/schemas.js";

/**
 * Vendor and Contract are two aggregates: a vendor outlives its contracts (renewals, several products —
 * e.g. Copilot seats and an Azure commitment from one vendor), spend entries point at the vendor, and the
 * renewal radar queries contracts by notice deadline without loading vendor data. See contract-model.ts.
 */

export const vendorCategories = [
  "software",
  "ai",
  "hardware",
  "facilities",
  "services",
  "consulting",
  "telecom",
  "logistics",
  "other",
] as const;
export type VendorCategory = (typeof vendorCategories)[number];

export const vendorContactSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: emailSchema.optional(),
  phone: z.string().trim().max(50).optional(),
  role: z.string().trim().max(100).optional(),
});

const editableShape = {
  name: z.string().trim().min(1, "name is required").max(200),
  ownerId: userIdSchema,
  category: z.enum(vendorCategories),
  status: z.enum(["active", "inactive"]).default("active"),
  website: z.url({ protocol: /^https?$/ }).max(500).optional(),
  contacts: z.array(vendorContactSchema).max(20).default([]),
  notes: z.string().trim().max(4000).optional(),
};

export const vendorInputSchema = z.object(editableShape);
export type VendorInput = z.output<typeof vendorInputSchema>;

export const parseVendorInput = (input: unknown): Result<VendorInput> => parseWith(vendorInputSchema, input, "vendor");

/** Case- and accent-insensitive lookup key ("Müller GmbH " → "muller gmbh"); indexed for name search. */
export function vendorNameKey(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

export const vendorSchema = z
  .object({ ...storedDocShape, ...editableShape, nameKey: z.string().optional() })
  .transform((v) => ({ ...v, nameKey: vendorNameKey(v.name) }));
export type Vendor = z.output<typeof vendorSchema>;

export function newVendor(input: VendorInput, meta: { id: string; tenantId: string; now: string }): NewDoc<Vendor> {
  return { ...input, id: meta.id, tenantId: meta.tenantId, createdAt: meta.now, updatedAt: meta.now, nameKey: vendorNameKey(input.name) };
}
