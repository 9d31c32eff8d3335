import { parseWith } from "../errors.js";
import { vendorsCollection } from "./collection.js";
import { newVendor, parseVendorInput, vendorNameKey, vendorSchema } from "./model.js";

const valid = {
  name: "  Contoso AI ",
  ownerId: "aad-kim",
  category: "ai",
  website: "https://contoso.example",
  contacts: [{ name: "Sam Seller", email: "Sam@Contoso.Example" }],
};

describe("vendor model", () => {
  it("parses a vendor, trims the name, lower-cases contact mail and derives the name key", () => {
    const parsed = parseVendorInput(valid);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value).toMatchObject({ name: "Contoso AI", status: "active", contacts: [{ email: "sam@contoso.example" }] });
    const vendor = newVendor(parsed.value, { id: "v_1", tenantId: "t1", now: "2026-01-01T00:00:00.000Z" });
    expect(vendor.nameKey).toBe("contoso ai");
    expect(parseWith(vendorSchema, vendor, "vendor")).toEqual({ ok: true, value: vendor });
    for (const field of vendorsCollection.indexes) expect(Object.keys(vendor)).toContain(field);
  });

  it("folds case, accents and spacing in the name key", () => {
    expect(vendorNameKey("Müller   Büro GmbH")).toBe("muller buro gmbh");
  });

  it.each([
    ["ownerId", { ...valid, ownerId: undefined }],
    ["category", { ...valid, category: "magic" }],
    ["website", { ...valid, website: "javascript:alert(1)" }],
    ["contacts.0.email", { ...valid, contacts: [{ name: "x", email: "not-mail" }] }],
    ["name", { ...valid, name: "" }],
  ])("refuses bad input: %s (#%#)", (path, input) => {
    const parsed = parseVendorInput(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.issues.map((i) => i.path)).toContain(path);
  });
});
