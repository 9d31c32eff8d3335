import { executeAction, openUrlAction, showCardAction, submitFallback, toggleVisibilityAction } from "./actions.js";
import { textBlock, textInput } from "./elements.js";

describe("executeAction", () => {
  it("carries verb and data and falls back to an Action.Submit whose data repeats the verb", () => {
    const action = executeAction({ verb: "vendor.renew", title: "Renew", data: { vendorId: "v1" }, style: "positive", associatedInputs: "none" });
    expect(action).toEqual({
      type: "Action.Execute",
      title: "Renew",
      verb: "vendor.renew",
      data: { vendorId: "v1" },
      style: "positive",
      associatedInputs: "none",
      fallback: { type: "Action.Submit", title: "Renew", data: { vendorId: "v1", verb: "vendor.renew" }, style: "positive", associatedInputs: "none" },
    });
  });

  it("lets the verb win over a data field of the same name in the fallback", () => {
    expect(submitFallback("a.b", "T", { verb: "spoof", x: 1 }).data).toEqual({ verb: "a.b", x: 1 });
  });

  it('can drop the button on old clients instead ("drop")', () => {
    expect(executeAction({ verb: "a.b", title: "T", data: {}, fallback: "drop" }).fallback).toBe("drop");
  });

  it("bounds the title length", () => {
    expect(executeAction({ verb: "a.b", title: "x".repeat(500), data: {} }).title).toHaveLength(100);
  });
});

describe("other actions", () => {
  it("builds OpenUrl, ToggleVisibility and ShowCard (nested actions go into an ActionSet)", () => {
    expect(openUrlAction("Open", "https://contoso.example/x")).toEqual({ type: "Action.OpenUrl", title: "Open", url: "https://contoso.example/x" });
    expect(toggleVisibilityAction("Details", ["details", { elementId: "more", isVisible: true }])).toEqual({
      type: "Action.ToggleVisibility",
      title: "Details",
      targetElements: ["details", { elementId: "more", isVisible: true }],
    });
    const save = executeAction({ verb: "note.save", title: "Save", data: {} });
    const show = showCardAction("Add note", [textInput({ id: "note", label: "Note" })], { actions: [save] });
    expect(show.card.type).toBe("AdaptiveCard");
    expect(show.card.body[1]).toEqual({ type: "ActionSet", actions: [save] });
    expect(show.card.actions).toBeUndefined();
    expect(showCardAction("Info", [textBlock("x")]).card.body).toHaveLength(1);
  });
});
