import { parseWith } from "../errors.js";
import { userProfilesCollection } from "./collection.js";
import type { WorkingHours } from "../ports/graph.js";
import { cacheUserProfile, isProfileStale, parseUserProfileInput, userProfileSchema } from "./model.js";
import { isWithinWorkingHours } from "./working-hours.js";

const valid = {
  aadObjectId: "00000000-0000-0000-0000-0000000000a1",
  displayName: "Ana Alves",
  mail: "Ana.Alves@Contoso.Example",
  timeZone: "Europe/Lisbon",
  workingHours: { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "09:00", endTime: "17:30", timeZone: "Europe/Lisbon" },
  managerId: "00000000-0000-0000-0000-0000000000b2",
};

function paths(input: unknown): string[] {
  const parsed = parseUserProfileInput(input);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.error.code).toBe("validation");
  return parsed.ok ? [] : [...new Set(parsed.error.issues.map((i) => i.path))];
}

describe("user profile model", () => {
  it("caches a Graph profile under the AAD object id, lower-casing the mail", () => {
    const parsed = parseUserProfileInput(valid);
    if (!parsed.ok) throw parsed.error;
    const profile = cacheUserProfile(null, parsed.value, { tenantId: "t1", now: "2026-11-25T08:00:00.000Z" });
    expect(profile).toMatchObject({ id: valid.aadObjectId, mail: "ana.alves@contoso.example", cachedAt: "2026-11-25T08:00:00.000Z" });
    expect(profile).not.toHaveProperty("aadObjectId");
    expect(parseWith(userProfileSchema, profile, "user profile")).toEqual({ ok: true, value: profile });
    for (const field of userProfilesCollection.indexes) expect(Object.keys(profile)).toContain(field);
    const refreshed = cacheUserProfile(profile, parsed.value, { tenantId: "t1", now: "2026-11-26T08:00:00.000Z" });
    expect(refreshed).toMatchObject({ createdAt: "2026-11-25T08:00:00.000Z", cachedAt: "2026-11-26T08:00:00.000Z" });
  });

  it("accepts an account without mailbox, manager or working hours", () => {
    const parsed = parseUserProfileInput({ aadObjectId: "svc-1", displayName: "Room 4.01", timeZone: "UTC" });
    expect(parsed.ok && parsed.value).toMatchObject({ mail: null, managerId: null });
    expect(parsed.ok && parsed.value.workingHours).toBeUndefined();
  });

  it.each([
    ["timeZone", { ...valid, timeZone: "W. Europe Standard Time" }],
    ["workingHours.timeZone", { ...valid, workingHours: { ...valid.workingHours, timeZone: "Europe/Atlantis" } }],
    ["workingHours.startTime", { ...valid, workingHours: { ...valid.workingHours, startTime: "9:00" } }],
    ["workingHours.endTime", { ...valid, workingHours: { ...valid.workingHours, endTime: "24:00" } }],
    ["workingHours.endTime", { ...valid, workingHours: { ...valid.workingHours, endTime: "09:00" } }],
    ["workingHours.daysOfWeek", { ...valid, workingHours: { ...valid.workingHours, daysOfWeek: [] } }],
    ["workingHours.daysOfWeek.0", { ...valid, workingHours: { ...valid.workingHours, daysOfWeek: ["Mon"] } }],
    ["mail", { ...valid, mail: "ana at contoso" }],
    ["aadObjectId", { ...valid, aadObjectId: "a/b" }],
    ["displayName", { ...valid, displayName: undefined }],
  ])("refuses bad input: %s (#%#)", (path, input) => {
    expect(paths(input)).toEqual([path]);
  });

  it("knows when the cache is stale", () => {
    const profile = { cachedAt: "2026-11-25T08:00:00.000Z" };
    expect(isProfileStale(profile, new Date("2026-11-26T08:00:00.000Z"), 24 * 3600_000)).toBe(false);
    expect(isProfileStale(profile, new Date("2026-11-26T08:00:01.000Z"), 24 * 3600_000)).toBe(true);
  });
});

describe("isWithinWorkingHours", () => {
  const berlin: WorkingHours = { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "09:00", endTime: "17:00", timeZone: "Europe/Berlin" };

  it("uses the working-hours zone: start inclusive, end exclusive, weekends off", () => {
    expect(isWithinWorkingHours(berlin, new Date("2026-11-25T08:00:00Z"))).toBe(true); // Wed 09:00 CET
    expect(isWithinWorkingHours(berlin, new Date("2026-11-25T07:59:00Z"))).toBe(false);
    expect(isWithinWorkingHours(berlin, new Date("2026-11-25T16:00:00Z"))).toBe(false); // 17:00 CET
    expect(isWithinWorkingHours(berlin, new Date("2026-11-28T10:00:00Z"))).toBe(false); // Saturday
  });

  it("follows DST: 09:00 local is 07:00Z in summer", () => {
    expect(isWithinWorkingHours(berlin, new Date("2026-07-01T07:00:00Z"))).toBe(true);
    expect(isWithinWorkingHours(berlin, new Date("2026-07-01T06:59:00Z"))).toBe(false);
  });

  it("handles half-hour zones and overnight shifts", () => {
    const kolkata: WorkingHours = { ...berlin, timeZone: "Asia/Kolkata", startTime: "09:30" };
    expect(isWithinWorkingHours(kolkata, new Date("2026-11-25T04:00:00Z"))).toBe(true); // 09:30 IST
    expect(isWithinWorkingHours(kolkata, new Date("2026-11-25T03:59:00Z"))).toBe(false);
    const night: WorkingHours = { daysOfWeek: ["friday"], startTime: "22:00", endTime: "06:00", timeZone: "UTC" };
    expect(isWithinWorkingHours(night, new Date("2026-11-27T23:00:00Z"))).toBe(true); // Fri 23:00
    expect(isWithinWorkingHours(night, new Date("2026-11-28T05:59:00Z"))).toBe(true); // Sat early, Friday's shift
    expect(isWithinWorkingHours(night, new Date("2026-11-28T23:00:00Z"))).toBe(false); // Sat evening
    expect(isWithinWorkingHours(night, new Date("2026-11-27T05:00:00Z"))).toBe(false); // Fri early = Thursday's shift
  });
});
