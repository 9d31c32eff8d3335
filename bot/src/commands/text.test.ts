import { editDistance, maxCommandLength, normaliseText } from "./text.js";

describe("normaliseText", () => {
  it("removes the <at> mention Teams leaves in channel and group-chat text", () => {
    expect(normaliseText("<at>opsco</at> help")).toBe("help");
    expect(normaliseText("<at>Ops Coordinator</at>&nbsp;schedule Sync with megan")).toBe("schedule Sync with megan");
    expect(normaliseText("<AT>opsco</AT> meetings")).toBe("meetings");
  });

  it("turns &nbsp; (any case) into spaces", () => {
    expect(normaliseText("help&nbsp;&NBSP;me")).toBe("help me");
  });

  it("strips other HTML tags but keeps their text", () => {
    expect(normaliseText("<p>schedule <b>Budget</b> sync</p>")).toBe("schedule Budget sync");
    expect(normaliseText('<div>with <a href="mailto:megan@contoso.com">megan@contoso.com</a></div>')).toBe("with megan@contoso.com");
  });

  it("collapses whitespace (tabs, newlines, runs of spaces) and trims", () => {
    expect(normaliseText("  schedule\t\tBudget \n\n sync  ")).toBe("schedule Budget sync");
  });

  it("gives an empty string for empty, blank or missing text", () => {
    expect(normaliseText(undefined)).toBe("");
    expect(normaliseText("")).toBe("");
    expect(normaliseText(" \n\t&nbsp; <at>opsco</at> ")).toBe("");
  });

  it("caps commands at a length that still fits a long schedule request", () => {
    expect(maxCommandLength).toBeGreaterThanOrEqual(200);
    expect(maxCommandLength).toBeLessThan(10_000);
  });
});

describe("editDistance", () => {
  it("is 0 for equal words and the length of the other word against an empty one", () => {
    expect(editDistance("help", "help")).toBe(0);
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
  });

  it("counts single insertions, deletions and substitutions as 1", () => {
    expect(editDistance("shedule", "schedule")).toBe(1); // insertion
    expect(editDistance("helpp", "help")).toBe(1); // deletion
    expect(editDistance("halp", "help")).toBe(1); // substitution
  });

  it("matches the textbook examples and is symmetric", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("sitting", "kitten")).toBe(3);
    expect(editDistance("flaw", "lawn")).toBe(2);
    expect(editDistance("meetings", "meet")).toBe(4);
  });

  it("is case-sensitive (callers lower-case first)", () => {
    expect(editDistance("Help", "help")).toBe(1);
  });
});
