import { z } from "zod";
import {
  actionSet,
  adaptiveCard,
  choiceSetInput,
  column,
  columnSet,
  container,
  dateInput,
  defineVerb,
  DomainError,
  errorCard,
  factSet,
  formCard,
  heading,
  image,
  messageCard,
  numberInput,
  openUrlAction,
  refresh,
  richText,
  showCardAction,
  subtleText,
  textBlock,
  textInput,
  textRun,
  timeInput,
  toggleInput,
  toggleVisibilityAction,
} from "@opsco/shared";
import { expectCardRendersCleanly, renderCard } from "./render-card.js";

const done = defineVerb("todo.done", z.object({ id: z.string() }));
const create = defineVerb("todo.create", z.object({ title: z.string(), due: z.string() }));

/** A card using every builder feature cards rely on. */
function kitchenSink() {
  return adaptiveCard({
    fullWidth: true,
    fallbackText: "Morning digest",
    refresh: refresh(done.action("Refresh", { id: "digest" }), ["u1", "u2"]),
    body: [
      heading("Morning digest"),
      subtleText("Tuesday"),
      richText(["Raw user text *stays* literal ", textRun("[here](x)", { italic: true })]),
      columnSet([
        column([image("https://contoso.example/a.png", "Ann", { style: "person", size: "small" })], { width: "auto" }),
        column([textBlock("Ann Owner"), factSet([["Due", "2026-03-01"], ["Status", "open"]])], { width: "stretch" }),
      ]),
      container([textBlock("Hidden details")], { id: "details", isVisible: false, style: "emphasis", separator: true, spacing: "medium" }),
      actionSet([done.action("Done", { id: "a1" }, { style: "positive" }), toggleVisibilityAction("Details", ["details"])]),
    ],
    actions: [
      showCardAction(
        "New item",
        [
          textInput({ id: "title", label: "Title", isRequired: true, errorMessage: "Enter a title", maxLength: 200 }),
          dateInput({ id: "due", label: "Due date", isRequired: true, errorMessage: "Pick a date" }),
          timeInput({ id: "at", label: "Time" }),
          numberInput({ id: "amount", label: "Amount", min: 0 }),
          choiceSetInput({ id: "owner", label: "Owner", style: "filtered", choices: [["Ann", "u1"], ["Bob", "u2"]] }),
          toggleInput({ id: "notify", label: "Notify", title: "Tell the owner" }),
        ],
        { actions: [create.action("Create", { title: "", due: "" })] },
      ),
      openUrlAction("Open in Excel", "https://contoso.example/book.xlsx"),
    ],
  });
}

describe("renderCard with cards from the shared builders", () => {
  it("renders the kitchen-sink card with no warning or error, and lists Execute actions with verbs", () => {
    const result = expectCardRendersCleanly(kitchenSink());
    expect(result.html).toContain("Morning digest");
    expect(result.html).toContain("Tell the owner");
    expect(result.actions).toEqual(
      expect.arrayContaining([
        { type: "Action.Execute", title: "Done", verb: "todo.done", data: { id: "a1" } },
        { type: "Action.Execute", title: "Create", verb: "todo.create", data: { title: "", due: "" } },
        { type: "Action.OpenUrl", title: "Open in Excel", url: "https://contoso.example/book.xlsx" },
      ]),
    );
    expect(result.refresh).toEqual({ verb: "todo.done", userIds: ["u1", "u2"] });
    expect(result.sizeBytes).toBeLessThan(80_000);
  });

  it("shows a pre-1.4 client the Action.Submit fallbacks, whose data carries the verb", () => {
    const result = renderCard(kitchenSink());
    expect(result.legacyActions.filter((a) => a.type === "Action.Execute")).toEqual([]);
    expect(result.legacyActions).toEqual(
      expect.arrayContaining([
        { type: "Action.Submit", title: "Done", data: { id: "a1", verb: "todo.done" } },
        { type: "Action.Submit", title: "Create", data: { title: "", due: "", verb: "todo.create" } },
      ]),
    );
    // and the data a legacy click sends parses with the verb's own schema
    const submit = result.legacyActions.find((a) => a.title === "Done");
    expect(done.parse(submit?.data)).toEqual({ ok: true, value: { id: "a1" } });
  });

  it("renders message, error and form cards cleanly", () => {
    const error = new DomainError("validation", "Invalid todo: due: must be a date", {
      issues: [
        { path: "due", message: "must be a date as yyyy-MM-dd" },
        { path: "owner", message: "unknown person" },
      ],
    });
    expectCardRendersCleanly(messageCard("Saved", "Your item *was* saved", [done.action("Undo", { id: "a1" })]));
    expectCardRendersCleanly(errorCard(error, { suggestions: [create.action("Try again", { title: "", due: "" })] }));
    expectCardRendersCleanly(
      formCard({
        title: "New action item",
        inputs: [textInput({ id: "title", label: "Title", isRequired: true, errorMessage: "Enter a title" })],
        submit: create.action("Create", { title: "", due: "" }),
      }),
    );
  });
});

/** A minimal valid card to break one thing at a time. */
const base = (body: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body,
  ...extra,
});
const execute = (over: Record<string, unknown> = {}) => ({
  type: "Action.Execute",
  title: "Go",
  verb: "x.go",
  data: {},
  fallback: { type: "Action.Submit", title: "Go", data: { verb: "x.go" } },
  ...over,
});

describe("renderCard catches broken cards", () => {
  it("accepts the minimal fixture (so each case below fails for its own reason)", () => {
    expect(renderCard(base([{ type: "TextBlock", text: "ok" }, { type: "ActionSet", actions: [execute()] }]))).toMatchObject({
      warnings: [],
      errors: [],
    });
  });

  it.each<[string, object, "warnings" | "errors", RegExp]>([
    ["an unknown element type", base([{ type: "Fancy.Widget", text: "x" }]), "warnings", /UnknownElementType: Unknown element type "Fancy.Widget"/],
    ["an unknown action type", base([{ type: "ActionSet", actions: [{ type: "Action.Teleport", title: "x" }] }]), "warnings", /UnknownActionType/],
    ["an invalid enum value", base([{ type: "TextBlock", text: "x", size: "huge" }]), "warnings", /Invalid value "huge" for property "size"/],
    ["a misspelt property", base([{ type: "TextBlock", text: "x", wrapp: true }]), "errors", /TextBlock: unknown property "wrapp"/],
    ["an unknown root property", base([], { bodyy: [] }), "errors", /AdaptiveCard: unknown property "bodyy"/],
    ["a TextBlock without text", base([{ type: "TextBlock" }]), "errors", /required property "text"/],
    ["an Image without url", base([{ type: "Image", altText: "x" }]), "errors", /required property "url"/],
    ["an input without id", base([{ type: "Input.Text", label: "x" }]), "warnings", /All inputs must have a unique Id/],
    ["a required input without label", base([{ type: "Input.Text", id: "a", isRequired: true, errorMessage: "e" }]), "warnings", /RequiredInputsShouldHaveLabel/],
    ["an empty ChoiceSet", base([{ type: "Input.ChoiceSet", id: "c", label: "c", choices: [] }]), "warnings", /at least one choice/],
    ["a fact without value", base([{ type: "FactSet", facts: [{ title: "a" }] }]), "errors", /row 0 needs a title and a string value/],
    ["duplicate ids", base([{ type: "TextBlock", id: "d", text: "a" }, { type: "TextBlock", id: "d", text: "b" }]), "warnings", /Duplicate Id "d"/],
    ["an OpenUrl without url", base([{ type: "ActionSet", actions: [{ type: "Action.OpenUrl", title: "x" }] }]), "warnings", /Property "url" must be set/],
    ["an Execute without verb", base([{ type: "ActionSet", actions: [execute({ verb: undefined })] }]), "errors", /required property "verb"/],
    ["an Execute without fallback", base([{ type: "ActionSet", actions: [execute({ fallback: undefined })] }]), "errors", /needs an Action.Submit fallback/],
    [
      "a fallback that loses the verb",
      base([{ type: "ActionSet", actions: [execute({ fallback: { type: "Action.Submit", title: "Go", data: {} } })] }]),
      "errors",
      /must carry data.verb = "x.go"/,
    ],
    ["an Execute in card-level actions", base([], { actions: [execute()] }), "errors", /wrap it in an ActionSet/],
    ["a card version Teams does not render", { ...base([{ type: "TextBlock", text: "x" }]), version: "1.6" }, "errors", /card version must be/],
    ["a card without version", { type: "AdaptiveCard", body: [{ type: "TextBlock", text: "x" }] }, "errors", /card version must be/],
    [
      "refresh for more than 60 users",
      base([], { refresh: { action: { type: "Action.Execute", verb: "r" }, userIds: Array.from({ length: 61 }, (_, i) => `u${i}`) } }),
      "errors",
      /userIds has 61 entries; Teams allows 60/,
    ],
    ["refresh without userIds", base([], { refresh: { action: { type: "Action.Execute", verb: "r" } } }), "errors", /userIds must be present/],
    ["a property newer than the card's version", { ...base([{ type: "TextBlock", text: "x", style: "heading" }]), version: "1.4" }, "warnings", /style/],
    [
      "more buttons than Teams shows (6)",
      base([{ type: "ActionSet", actions: Array.from({ length: 7 }, (_, i) => ({ type: "Action.OpenUrl", title: `b${i}`, url: "https://e.example" })) }]),
      "warnings",
      /TooManyActions/,
    ],
    ["a card over 80 KB", base(Array.from({ length: 60 }, () => ({ type: "TextBlock", text: "x".repeat(1500) }))), "errors", /bytes; keep it under 80000/],
  ])("reports %s", (_name, card, list, pattern) => {
    const result = renderCard(card);
    expect(result[list]).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
    expect(() => expectCardRendersCleanly(card)).toThrow(/does not render cleanly/);
  });

  it("reports a card that is not JSON-serialisable instead of throwing", () => {
    const cyclic: Record<string, unknown> = { type: "AdaptiveCard", version: "1.5", body: [] };
    cyclic["self"] = cyclic;
    expect(renderCard(cyclic).errors[0]).toMatch(/not JSON-serialisable/);
  });
});
