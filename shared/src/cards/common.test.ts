import { DomainError } from "../errors.js";
import { executeAction } from "./actions.js";
import { errorCard, formCard, MAX_ERROR_ISSUES, messageCard } from "./common.js";
import { textInput } from "./elements.js";
import type { AdaptiveCard, CardElement, FactSet } from "./types.js";

const flatten = (elements: CardElement[]): CardElement[] =>
  elements.flatMap((e) => [e, ...("items" in e ? flatten(e.items) : [])]);
const factSets = (card: AdaptiveCard) => flatten(card.body).filter((e): e is FactSet => e.type === "FactSet");
const texts = (card: AdaptiveCard) => flatten(card.body).flatMap((e) => (e.type === "TextBlock" ? [e.text] : []));

describe("messageCard", () => {
  it("shows an escaped title and text, with actions in an ActionSet", () => {
    const help = executeAction({ verb: "help.show", title: "Help", data: {} });
    const card = messageCard("Saved *now*", "Item [x](y) saved", [help]);
    expect(texts(card)).toEqual(["Saved \\*now\\*", "Item \\[x\\](y) saved"]);
    expect(card.body.at(-1)).toEqual({ type: "ActionSet", actions: [help] });
  });
});

describe("errorCard", () => {
  it("explains a validation error and lists each issue as field → problem", () => {
    const error = new DomainError("validation", "Invalid todo: dueDate: must be a date", {
      issues: [
        { path: "dueDate", message: "must be a date as yyyy-MM-dd" },
        { path: "", message: "expected an object" },
      ],
    });
    const card = errorCard(error);
    expect(texts(card)).toContain("Some details need fixing");
    expect(factSets(card)[0]?.facts).toEqual([
      { title: "dueDate", value: "must be a date as yyyy-MM-dd" },
      { title: "(input)", value: "expected an object" },
    ]);
    expect(texts(card)).toContain("Code: validation");
  });

  it("caps the issue list and says how many more there are", () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ path: `f${i}`, message: "bad" }));
    const card = errorCard(new DomainError("validation", "Invalid form", { issues }));
    expect(factSets(card)[0]?.facts).toHaveLength(MAX_ERROR_ISSUES);
    expect(texts(card)).toContain(`…and ${25 - MAX_ERROR_ISSUES} more`);
  });

  it("titles other codes by what they mean, escapes the message and offers suggestions", () => {
    const retry = executeAction({ verb: "todo.list", title: "Show my items", data: {} });
    const card = errorCard(new DomainError("not_found", "No item [abc](http://x)"), { suggestions: [retry] });
    expect(texts(card)).toEqual(expect.arrayContaining(["Not found", "No item \\[abc\\](http://x)"]));
    expect(factSets(card)).toHaveLength(0);
    expect(card.body.at(-1)).toEqual({ type: "ActionSet", actions: [retry] });
    expect(card.fallbackText).toBe("Not found: No item [abc](http://x)");
  });
});

describe("formCard", () => {
  it("puts title, intro, inputs and then submit + secondary actions", () => {
    const submit = executeAction({ verb: "todo.create", title: "Create", data: {} });
    const cancel = executeAction({ verb: "todo.cancel", title: "Cancel", data: {} });
    const card = formCard({ title: "New action item", intro: "Who does what by when", inputs: [textInput({ id: "title", label: "Title" })], submit, secondary: [cancel] });
    expect(card.body.map((e) => e.type)).toEqual(["TextBlock", "TextBlock", "Input.Text", "ActionSet"]);
    expect(card.body.at(-1)).toEqual({ type: "ActionSet", actions: [submit, cancel] });
  });
});
