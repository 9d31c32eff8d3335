import { distinctChoices } from "./ask.js";

const slot = (start: string, end: string) => ({ start: `2026-11-27T${start}:00.000Z`, end: `2026-11-27T${end}:00.000Z` });

describe("distinctChoices", () => {
  it("keeps rank order but skips slots overlapping a better one", () => {
    const ranked = [slot("14:30", "15:15"), slot("14:45", "15:30"), slot("15:00", "15:45"), slot("15:15", "16:00"), slot("09:00", "09:45"), slot("16:00", "16:45")];
    expect(distinctChoices(ranked, 5)).toEqual([slot("14:30", "15:15"), slot("15:15", "16:00"), slot("09:00", "09:45"), slot("16:00", "16:45")]);
  });

  it("stops at the maximum and copes with nothing", () => {
    const ranked = [slot("09:00", "09:30"), slot("10:00", "10:30"), slot("11:00", "11:30")];
    expect(distinctChoices(ranked, 2)).toEqual(ranked.slice(0, 2));
    expect(distinctChoices([], 5)).toEqual([]);
  });
});
