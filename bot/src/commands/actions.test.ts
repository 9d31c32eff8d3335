import { defineVerb } from "@opsco/shared";
import { z } from "zod";
import { createLogger } from "../logger.js";
import type { CardActionResult, Turn } from "../turns/turn.js";
import { CardActionRegistry, type CardAction } from "./actions.js";

const log = createLogger("silent");

/** The registry never looks at the turn; it only hands it to the handler. */
function fakeTurn(): Turn {
  return {
    tenantId: "tenant-1",
    conversationRefId: "conv-1",
    conversationKind: "personal",
    user: { channelUserId: "29:adele", aadObjectId: "aad-adele", name: "Adele Vance", timeZone: "UTC" },
    locale: "en-US",
    log,
    send: async () => undefined,
  };
}

const doneVerb = defineVerb("todo.done", z.object({ id: z.string().min(1), count: z.coerce.number().int().positive().default(1) }));

/** Records what the handler was called with, so the tests see the parsed (not the raw) data. */
function recordingAction(): CardAction<z.output<typeof doneVerb.schema>> & { calls: { turn: Turn; data: unknown }[] } {
  const calls: { turn: Turn; data: unknown }[] = [];
  return {
    verb: doneVerb,
    calls,
    handle: async (turn, data): Promise<CardActionResult> => {
      calls.push({ turn, data });
      return { kind: "card", card: { type: "AdaptiveCard", done: data.id } };
    },
  };
}

describe("CardActionRegistry", () => {
  it("answers an unknown verb with a 400 error result and calls nothing", async () => {
    const action = recordingAction();
    const registry = new CardActionRegistry().register(action);
    const result = await registry.dispatch(fakeTurn(), "todo.undo", { id: "a" });
    expect(result).toMatchObject({ kind: "error", statusCode: 400, code: "unknown_verb" });
    expect(result.kind === "error" && result.message).toContain("todo.undo");
    expect(action.calls).toHaveLength(0);
  });

  it("cuts a long unknown verb short in the message", async () => {
    const result = await new CardActionRegistry().dispatch(fakeTurn(), "v".repeat(5000), {});
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message.length).toBeLessThan(300);
  });

  it("answers invalid data with a 400 validation result carrying zod's message, and calls nothing", async () => {
    const action = recordingAction();
    const registry = new CardActionRegistry().register(action);
    const missing = await registry.dispatch(fakeTurn(), "todo.done", {});
    expect(missing).toMatchObject({ kind: "error", statusCode: 400, code: "validation" });
    const expected = doneVerb.parse({});
    expect(expected.ok).toBe(false);
    expect(missing.kind === "error" && missing.message).toBe(!expected.ok && expected.error.message);
    expect(missing.kind === "error" && missing.message).toMatch(/id/);

    const wrongType = await registry.dispatch(fakeTurn(), "todo.done", { id: "a", count: "many" });
    expect(wrongType).toMatchObject({ kind: "error", statusCode: 400, code: "validation" });
    expect(wrongType.kind === "error" && wrongType.message).toMatch(/count/);

    for (const junk of [null, "text", 42, ["id"]]) {
      expect(await registry.dispatch(fakeTurn(), "todo.done", junk)).toMatchObject({ kind: "error", statusCode: 400 });
    }
    expect(action.calls).toHaveLength(0);
  });

  it("calls the handler with the turn and the parsed data (defaults applied, coercions done, extras dropped)", async () => {
    const action = recordingAction();
    const registry = new CardActionRegistry().register(action);
    const turn = fakeTurn();
    const result = await registry.dispatch(turn, "todo.done", { id: "item-7", count: "3", unrelatedInput: "x" });
    expect(result).toEqual({ kind: "card", card: { type: "AdaptiveCard", done: "item-7" } });
    expect(action.calls).toEqual([{ turn, data: { id: "item-7", count: 3 } }]);

    await registry.dispatch(turn, "todo.done", { id: "item-8" });
    expect(action.calls[1]?.data).toEqual({ id: "item-8", count: 1 });
  });

  it("passes the handler's error results through unchanged", async () => {
    const registry = new CardActionRegistry().register({
      verb: doneVerb,
      handle: async () => ({ kind: "error", statusCode: 409, code: "conflict", message: "changed meanwhile" }),
    });
    expect(await registry.dispatch(fakeTurn(), "todo.done", { id: "a" })).toEqual({ kind: "error", statusCode: 409, code: "conflict", message: "changed meanwhile" });
  });

  it("refuses to register a verb twice and lists registered verbs", () => {
    const registry = new CardActionRegistry().register(recordingAction());
    expect(() => registry.register(recordingAction())).toThrow(/"todo.done" registered twice/);
    expect(registry.verbs()).toEqual(["todo.done"]);
  });
});
