import { parseWith } from "../errors.js";
import { digestSubscriptionsCollection } from "./collection.js";
import { cronProblem, nextCronRun } from "./cron.js";
import { digestSubscriptionSchema, newDigestSubscription, nextDigestRun, parseDigestSubscriptionInput } from "./model.js";

const valid = {
  target: { kind: "user", conversationRefId: "conv-a%3A1", userId: "aad-ana" },
  cron: " 0  8 * * 1-5 ",
  timeZone: "Europe/Berlin",
  sections: ["overdue", "dueSoon", "renewals"],
  ownerId: "aad-ana",
};
const meta = { id: "ds_1", tenantId: "t1", now: "2026-03-27T12:00:00.000Z" }; // a Friday, before EU DST starts

function paths(input: unknown): string[] {
  const parsed = parseDigestSubscriptionInput(input);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error.code).toBe("validation");
  return parsed.ok ? [] : [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("digest subscription model", () => {
  it("parses, normalises the cron, and schedules the first run in the subscriber's zone", () => {
    const parsed = parseDigestSubscriptionInput(valid);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value).toMatchObject({ cron: "0 8 * * 1-5", active: true, dueSoonDays: 3, renewalHorizonDays: 30, title: "Ops digest" });
    const sub = newDigestSubscription(parsed.value, meta);
    // Next weekday 08:00 Berlin is Monday 30 March, already summer time (UTC+2).
    expect(sub).toMatchObject({ nextRunAt: "2026-03-30T06:00:00.000Z", targetRefId: "conv-a%3A1", targetUserId: "aad-ana", lastRunAt: null });
    expect(parseWith(digestSubscriptionSchema, sub, "digest subscription")).toEqual({ ok: true, value: sub });
    for (const field of digestSubscriptionsCollection.indexes) expect(Object.keys(sub)).toContain(field);
  });

  it("an inactive subscription has no next run; a channel target has no user", () => {
    const parsed = parseDigestSubscriptionInput({ ...valid, active: false, target: { kind: "channel", conversationRefId: "19%3Achan" } });
    if (!parsed.ok) throw parsed.error;
    expect(newDigestSubscription(parsed.value, meta)).toMatchObject({ nextRunAt: null, targetUserId: null });
  });

  it.each([
    ["cron", { ...valid, cron: "every morning" }],
    ["cron", { ...valid, cron: "0 25 * * *" }],
    ["cron", { ...valid, cron: "0 0 8 * * *" }],
    ["cron", { ...valid, cron: "* 8 * * *" }],
    ["cron", { ...valid, cron: "0 0 30 2 *" }],
    ["timeZone", { ...valid, timeZone: "Mars/Olympus" }],
    ["timeZone", { ...valid, timeZone: "CEST" }],
    ["sections", { ...valid, sections: [] }],
    ["sections.1", { ...valid, sections: ["overdue", "gossip"] }],
    ["sections", { ...valid, sections: ["overdue", "overdue"] }],
    ["ownerId", { ...valid, ownerId: undefined }],
    ["target.userId", { ...valid, target: { kind: "user", conversationRefId: "c1" } }],
    ["target.conversationRefId", { ...valid, target: { kind: "channel", conversationRefId: "a/b" } }],
    ["dueSoonDays", { ...valid, dueSoonDays: 31 }],
  ])("refuses bad input: %s (#%#)", (path, input) => {
    expect(paths(input)).toEqual([path]);
  });
});

describe("cron schedules", () => {
  it("explains what is wrong", () => {
    expect(cronProblem("0 8 * * 1-5")).toBeNull();
    expect(cronProblem("@daily")).toBeNull();
    expect(cronProblem("0 * * * *")).toBeNull();
    expect(cronProblem("0 0 29 2 *")).toBeNull(); // leap days only: rare but valid
    expect(cronProblem("0 8")).toMatch(/5 fields/);
    expect(cronProblem("0 0 8 * * *")).toMatch(/5 fields/);
    expect(cronProblem("61 8 * * *")).toMatch(/not a valid cron expression.*minute/);
    expect(cronProblem("0 0 30 2 *")).toBe("never fires");
    expect(cronProblem("*/30 8-17 * * 1-5")).toBe("fires more often than once an hour");
    expect(cronProblem("0,30 9 1 1 *")).toBe("fires more often than once an hour");
  });

  it("computes the next run strictly after a given instant, in the schedule's zone, across DST", () => {
    const berlinDaily = { cron: "0 8 * * *", timeZone: "Europe/Berlin" };
    expect(nextCronRun(berlinDaily, new Date("2026-03-28T06:59:59Z"))).toBe("2026-03-28T07:00:00.000Z");
    expect(nextCronRun(berlinDaily, new Date("2026-03-28T07:00:00Z"))).toBe("2026-03-29T06:00:00.000Z");
    expect(nextCronRun({ cron: "0 8 * * *", timeZone: "America/New_York" }, new Date("2026-11-01T11:00:00Z"))).toBe("2026-11-01T13:00:00.000Z");
    expect(nextCronRun({ cron: "30 9 * * *", timeZone: "Asia/Kolkata" }, new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01T04:00:00.000Z");
    expect(nextDigestRun({ active: false, cron: "0 8 * * *", timeZone: "UTC" }, new Date())).toBeNull();
  });
});
