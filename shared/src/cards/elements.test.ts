import { md } from "./text.js";
import {
  choiceSetInput,
  column,
  columnSet,
  container,
  dateInput,
  factSet,
  heading,
  image,
  numberInput,
  richText,
  textBlock,
  textInput,
  textRun,
  timeInput,
  toggleInput,
} from "./elements.js";

describe("text elements", () => {
  it("escapes plain strings and passes md through", () => {
    expect(textBlock("[x](http://e)").text).toBe("\\[x\\](http://e)");
    expect(textBlock(md`**${"Acme_Co"}**`).text).toBe("**Acme\\_Co**");
  });

  it("makes headings large, bold and announced as headings", () => {
    expect(heading("Title")).toEqual({ type: "TextBlock", text: "Title", wrap: true, size: "large", weight: "bolder", style: "heading" });
  });

  it("keeps TextRun text literal (never markdown-processed) and wraps strings in runs", () => {
    expect(richText(["a*b", textRun("[c](d)", { weight: "bolder" })])).toEqual({
      type: "RichTextBlock",
      inlines: [
        { type: "TextRun", text: "a*b" },
        { type: "TextRun", text: "[c](d)", weight: "bolder" },
      ],
    });
  });

  it("escapes both sides of facts", () => {
    expect(factSet([["Owner", "_ann_"]]).facts).toEqual([{ title: "Owner", value: "\\_ann\\_" }]);
  });
});

describe("layout", () => {
  it("nests containers and columns with their styles", () => {
    const set = columnSet([column([textBlock("a")], { width: "auto" }), column([textBlock("b")], { width: "stretch" })], { spacing: "small" });
    expect(set.columns.map((c) => c.width)).toEqual(["auto", "stretch"]);
    expect(container([set], { style: "emphasis", separator: true }).items[0]).toBe(set);
    expect(image("https://contoso.example/a.png", "Avatar", { style: "person", size: "small" })).toEqual({
      type: "Image",
      url: "https://contoso.example/a.png",
      altText: "Avatar",
      style: "person",
      size: "small",
    });
  });
});

describe("inputs", () => {
  it("builds every input type with label, isRequired and errorMessage", () => {
    expect(textInput({ id: "title", label: "Title", isRequired: true, errorMessage: "Enter a title", maxLength: 200 })).toEqual({
      type: "Input.Text",
      id: "title",
      label: "Title",
      isRequired: true,
      errorMessage: "Enter a title",
      maxLength: 200,
    });
    expect(dateInput({ id: "due", label: "Due", value: "2026-03-01" }).type).toBe("Input.Date");
    expect(timeInput({ id: "at", label: "At", value: "09:30" }).type).toBe("Input.Time");
    expect(numberInput({ id: "n", label: "Amount", min: 0 }).min).toBe(0);
    expect(toggleInput({ id: "t", label: "Notify", title: "Notify owner", value: "true" }).title).toBe("Notify owner");
  });

  it("accepts choices as pairs or objects and cleans titles", () => {
    const set = choiceSetInput({ id: "who", label: "Owner", style: "filtered", choices: [["Ann\u0007", "u1"], { title: "Bob", value: "u2" }] });
    expect(set.choices).toEqual([
      { title: "Ann", value: "u1" },
      { title: "Bob", value: "u2" },
    ]);
  });

  it("refuses at compile time a required input without an error message", () => {
    // @ts-expect-error — isRequired: true demands errorMessage
    const input = textInput({ id: "x", label: "X", isRequired: true });
    expect(input.isRequired).toBe(true);
  });
});
