import { DomainError } from "../errors.js";
import { executeAction } from "./actions.js";
import { adaptiveCard, assertCardSize, cardSizeBytes, checkCardSize, MAX_CARD_BYTES, MAX_REFRESH_USER_IDS, refresh } from "./card.js";
import { textBlock } from "./elements.js";
import { CARD_SCHEMA } from "./types.js";

const go = executeAction({ verb: "x.go", title: "Go", data: { id: "1" } });

describe("adaptiveCard", () => {
  it("emits a 1.5 card with $schema and puts actions into a trailing body ActionSet, not root actions", () => {
    const card = adaptiveCard({ body: [textBlock("hi")], actions: [go] });
    expect(card).toEqual({
      type: "AdaptiveCard",
      $schema: CARD_SCHEMA,
      version: "1.5",
      body: [{ type: "TextBlock", text: "hi", wrap: true }, { type: "ActionSet", actions: [go] }],
    });
    expect(card.actions).toBeUndefined();
  });

  it("adds no ActionSet when there are no actions, and sets Teams full width on request", () => {
    const card = adaptiveCard({ body: [textBlock("hi")], actions: [], fullWidth: true, fallbackText: "hi" });
    expect(card.body).toHaveLength(1);
    expect(card.msteams).toEqual({ width: "Full" });
    expect(card.fallbackText).toBe("hi");
  });
});

describe("refresh", () => {
  it("uses the Execute action without its fallback (refresh is invisible to old clients)", () => {
    const r = refresh(go, ["u1"]);
    expect(r.action).toEqual({ type: "Action.Execute", title: "Go", verb: "x.go", data: { id: "1" } });
    expect(r.userIds).toEqual(["u1"]);
  });

  it("de-duplicates user ids, drops blanks and caps them at 60, keeping the first", () => {
    const ids = ["owner", "owner", " ", ...Array.from({ length: 100 }, (_, i) => `u${i}`)];
    const r = refresh(go, ids);
    expect(r.userIds).toHaveLength(MAX_REFRESH_USER_IDS);
    expect(r.userIds[0]).toBe("owner");
    expect(r.userIds[1]).toBe("u0");
    expect(new Set(r.userIds).size).toBe(60);
  });

  it("keeps an empty list (manual refresh for everyone)", () => {
    expect(refresh(go, []).userIds).toEqual([]);
  });

  it("is carried by the card root", () => {
    expect(adaptiveCard({ body: [], refresh: refresh(go, ["a"]) }).refresh?.userIds).toEqual(["a"]);
  });
});

describe("card size", () => {
  it("counts UTF-8 bytes of the JSON, not characters", () => {
    expect(cardSizeBytes({ t: "é" })).toBe(JSON.stringify({ t: "x" }).length + 1);
  });

  it("accepts a card under the limit and reports its size", () => {
    const card = adaptiveCard({ body: [textBlock("small")] });
    expect(checkCardSize(card)).toEqual({ ok: true, value: cardSizeBytes(card) });
    expect(() => assertCardSize(card)).not.toThrow();
  });

  it("rejects a card at or over the limit with a validation error carrying both numbers", () => {
    const card = adaptiveCard({ body: Array.from({ length: 60 }, () => textBlock("x".repeat(1500))) });
    const size = cardSizeBytes(card);
    expect(size).toBeGreaterThanOrEqual(MAX_CARD_BYTES);
    const result = checkCardSize(card);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("validation");
    expect(result.error.details).toEqual({ sizeBytes: size, maxBytes: MAX_CARD_BYTES });
    expect(() => assertCardSize(card)).toThrow(DomainError);
    expect(checkCardSize(card, size + 1).ok).toBe(true);
    expect(checkCardSize(card, size).ok).toBe(false);
  });
});
