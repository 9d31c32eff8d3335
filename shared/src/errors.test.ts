import { z } from "zod";
import { DomainError, parseWith, unwrap, ok, fail } from "./errors.js";

describe("parseWith", () => {
  const schema = z.object({ title: z.string().min(1), amount: z.number().int().nonnegative() });

  it("returns the parsed value on success", () => {
    expect(parseWith(schema, { title: "x", amount: 3 }, "thing")).toEqual(ok({ title: "x", amount: 3 }));
  });

  it("returns a validation DomainError naming each bad field instead of throwing", () => {
    const result = parseWith(schema, { title: "", amount: -1 }, "thing");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(DomainError);
    expect(result.error.code).toBe("validation");
    expect(result.error.issues.map((i) => i.path).sort()).toEqual(["amount", "title"]);
    expect(result.error.message).toMatch(/^Invalid thing: /);
  });

  it("unwrap throws the DomainError of a failed result", () => {
    expect(() => unwrap(fail("not_found", "gone"))).toThrow("gone");
  });
});
