import { z } from "zod";
import { DomainError } from "../errors.js";
import { defineVerb, readActionPayload, verbRegistry } from "./verbs.js";

const done = defineVerb("todo.done", z.object({ id: z.string().min(1), note: z.string().max(200).optional() }));
const snooze = defineVerb("todo.snooze", z.object({ id: z.string().min(1), days: z.coerce.number().int().min(1).max(30) }));
const verbs = verbRegistry(done, snooze);

describe("defineVerb", () => {
  it("builds an Action.Execute with verb and data, plus an Action.Submit fallback repeating the verb", () => {
    expect(done.action("Done", { id: "a1" }, { style: "positive" })).toEqual({
      type: "Action.Execute",
      title: "Done",
      verb: "todo.done",
      data: { id: "a1" },
      style: "positive",
      fallback: { type: "Action.Submit", title: "Done", data: { id: "a1", verb: "todo.done" }, style: "positive" },
    });
  });

  it("parses good data and strips extra keys such as the fallback's verb", () => {
    expect(done.parse({ id: "a1", verb: "todo.done", other: 1 })).toEqual({ ok: true, value: { id: "a1" } });
  });

  it("returns a validation error for bad data instead of throwing", () => {
    const result = done.parse({ id: "" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(DomainError);
    expect(result.error.code).toBe("validation");
    expect(result.error.issues[0]?.path).toBe("id");
  });

  it("rejects bad names and a data schema that uses the reserved verb key at definition time", () => {
    expect(() => defineVerb("Bad Name", z.object({}))).toThrow(/not a valid verb name/);
    expect(() => defineVerb("x".repeat(65), z.object({}))).toThrow(/not a valid verb name/);
    expect(() => defineVerb("ok.name", z.object({ verb: z.string() }))).toThrow(/reserved/);
  });
});

describe("readActionPayload", () => {
  it("reads an adaptiveCard/action invoke value", () => {
    const value = { action: { type: "Action.Execute", verb: "todo.done", data: { id: "a1", note: "typed" } }, trigger: "manual" };
    expect(readActionPayload(value)).toEqual({
      ok: true,
      value: { verb: "todo.done", data: { id: "a1", note: "typed" }, via: "execute", trigger: "manual" },
    });
  });

  it("reads the message value a pre-1.4 client sends for the Submit fallback", () => {
    expect(readActionPayload({ id: "a1", verb: "todo.done", note: "x" })).toEqual({
      ok: true,
      value: { verb: "todo.done", data: { id: "a1", note: "x" }, via: "submit" },
    });
  });

  it.each([
    ["nothing", undefined],
    ["a string", "todo.done"],
    ["an array", [1]],
    ["an invoke without verb", { action: { type: "Action.Execute", data: {} } }],
    ["an invoke of another action type", { action: { type: "Action.Submit", verb: "x" } }],
    ["a submit with a non-string verb", { verb: 7 }],
    ["invoke data that is not an object", { action: { type: "Action.Execute", verb: "x", data: "s" } }],
  ])("rejects %s with a validation error", (_name, value) => {
    const result = readActionPayload(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("validation");
  });
});

describe("verbRegistry", () => {
  it("parses either payload shape into a discriminated union of the verbs' data", () => {
    const result = verbs.parse({ action: { type: "Action.Execute", verb: "todo.snooze", data: { id: "a1", days: "3" } } });
    expect(result).toEqual({ ok: true, value: { verb: "todo.snooze", data: { id: "a1", days: 3 }, via: "execute" } });
    if (result.ok && result.value.verb === "todo.snooze") {
      const days: number = result.value.data.days; // typed by the schema's output
      expect(days).toBe(3);
    }
    expect(verbs.parse({ verb: "todo.done", id: "a2" })).toEqual({ ok: true, value: { verb: "todo.done", data: { id: "a2" }, via: "submit" } });
  });

  it("answers an unknown verb with a validation error naming it", () => {
    const result = verbs.parse({ verb: "todo.delete", id: "a1" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('"todo.delete"');
    expect(result.error.issues).toEqual([{ path: "verb", message: 'unknown verb "todo.delete"', code: "unknown_verb" }]);
  });

  it("answers bad data for a known verb with that verb's issues", () => {
    const result = verbs.parse({ action: { type: "Action.Execute", verb: "todo.snooze", data: { id: "a1", days: 99 } } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues.map((i) => i.path)).toEqual(["days"]);
  });

  it("knows its verbs and refuses duplicates", () => {
    expect(verbs.has("todo.done")).toBe(true);
    expect(verbs.has("nope")).toBe(false);
    expect(() => verbRegistry(done, done)).toThrow(/defined twice/);
  });

  it("round-trips: the data a verb's button carries parses back through the registry", () => {
    const action = snooze.action("Snooze 3 days", { id: "a9", days: 3 });
    const viaExecute = verbs.parse({ action: { type: action.type, verb: action.verb, data: action.data } });
    const fallback = action.fallback;
    if (typeof fallback !== "object") throw new Error("expected a Submit fallback");
    const viaSubmit = verbs.parse(fallback.data);
    expect(viaExecute.ok && viaExecute.value.data).toEqual({ id: "a9", days: 3 });
    expect(viaSubmit.ok && viaSubmit.value.data).toEqual({ id: "a9", days: 3 });
  });
});
