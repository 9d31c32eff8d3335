import { literalText, md, plainText, toMarkdown, truncate } from "./text.js";

describe("plainText", () => {
  it("turns a markdown link into literal text, so link text cannot hide its target", () => {
    expect(plainText("[Approve here](https://evil.example)")).toBe("\\[Approve here\\](https://evil.example)");
  });

  it("escapes emphasis markers inside names", () => {
    expect(plainText("**urgent** snake_case_vendor ~x~ `code`")).toBe("\\*\\*urgent\\*\\* snake\\_case\\_vendor \\~x\\~ \\`code\\`");
  });

  it("escapes list, heading and quote markers only at the start of a line", () => {
    expect(plainText("- item\n+ plus\n* star\n1. first\n12) twelfth\n# head\n> quote")).toBe(
      "\\- item\n\\+ plus\n\\* star\n1\\. first\n12\\) twelfth\n\\# head\n\\> quote",
    );
    expect(plainText("cost - 3 + 4 = 1.5 #tag")).toBe("cost - 3 + 4 = 1.5 #tag");
    expect(plainText("Title\n---\n  - nested\n===")).toBe("Title\n\\---\n  \\- nested\n\\===");
  });

  it("escapes an existing backslash so it cannot cancel the next escape", () => {
    expect(plainText("a\\*b")).toBe("a\\\\\\*b");
  });

  it("normalises newlines and drops control characters but keeps tabs", () => {
    expect(plainText("a\r\nb\u0007c\td\u0000")).toBe("a\nbc\td");
  });

  it("truncates before escaping, so an escape is never cut in half", () => {
    const out = plainText("abc*defgh", 5);
    expect(out).toBe("abc\\*…");
  });
});

describe("truncate", () => {
  it("keeps short text and cuts long text by code points with an ellipsis", () => {
    expect(truncate("hello", 5)).toBe("hello");
    expect(truncate("hello world", 6)).toBe("hello…");
    expect(truncate("😀😀😀", 2)).toBe("😀…");
  });
});

describe("md", () => {
  it("keeps authored markdown and escapes interpolated values", () => {
    const title = "[click](http://x) *now*";
    expect(md`**${title}** is due ${"2026-01-02"}`.markdown).toBe("**\\[click\\](http://x) \\*now\\*** is due 2026-01-02");
  });

  it("does not escape a nested md value twice", () => {
    const inner = md`_${"a_b"}_`;
    expect(md`see ${inner}`.markdown).toBe("see _a\\_b_");
  });

  it("toMarkdown escapes strings and passes md through", () => {
    expect(toMarkdown("*x*")).toBe("\\*x\\*");
    expect(toMarkdown(md`*x*`)).toBe("*x*");
  });
});

describe("literalText", () => {
  it("cleans and bounds text for fields hosts never markdown-process, without escaping", () => {
    expect(literalText("a*b_[c]\u0001", 100)).toBe("a*b_[c]");
    expect(literalText("x".repeat(10), 4)).toBe("xxx…");
  });
});
