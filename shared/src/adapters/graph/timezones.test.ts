import { hhmm, ianaFromGraphZone, instantFromGraph, windowsFromIana, graphWallTime, unambiguousGraphWallTime } from "./timezones.js";

describe("Graph time zones", () => {
  it.each([
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["Eastern Standard Time", "America/New_York"],
    ["GMT Standard Time", "Europe/London"],
    ["W. Europe Standard Time", "Europe/Berlin"],
    ["India Standard Time", "Asia/Kolkata"],
    ["AUS Eastern Standard Time", "Australia/Sydney"],
    ["Tokyo Standard Time", "Asia/Tokyo"],
    ["Nepal Standard Time", "Asia/Kathmandu"],
    ["UTC", "UTC"],
    ["tzone://Microsoft/Utc", "UTC"],
    ["Europe/Paris", "Europe/Paris"],
    ["Asia/Calcutta", "Asia/Kolkata"],
  ])("%s → %s", (windows, iana) => {
    expect(ianaFromGraphZone(windows)).toBe(iana);
  });

  it("returns undefined for names nobody can map", () => {
    expect(ianaFromGraphZone("Customized Time Zone")).toBeUndefined();
    expect(ianaFromGraphZone("")).toBeUndefined();
    expect(ianaFromGraphZone(null)).toBeUndefined();
  });

  it("maps IANA back to Windows names for event times", () => {
    expect(windowsFromIana("Asia/Kolkata")).toBe("India Standard Time");
    expect(windowsFromIana("Europe/London")).toBe("GMT Standard Time");
    expect(windowsFromIana("America/New_York")).toBe("Eastern Standard Time");
    expect(windowsFromIana("UTC")).toBe("UTC");
  });

  it("reads Graph dateTimes (7 fractional digits, named zone) as UTC instants", () => {
    expect(instantFromGraph({ dateTime: "2026-11-02T15:00:00.0000000", timeZone: "UTC" })).toBe("2026-11-02T15:00:00.000Z");
    // 09:30 in India = 04:00Z; 10:00 New York is 14:00Z before the 1 Nov fall-back and 15:00Z after.
    expect(instantFromGraph({ dateTime: "2026-11-10T09:30:00.0000000", timeZone: "India Standard Time" })).toBe("2026-11-10T04:00:00.000Z");
    expect(instantFromGraph({ dateTime: "2026-10-26T10:00:00", timeZone: "Eastern Standard Time" })).toBe("2026-10-26T14:00:00.000Z");
    expect(instantFromGraph({ dateTime: "2026-11-02T10:00:00", timeZone: "Eastern Standard Time" })).toBe("2026-11-02T15:00:00.000Z");
    expect(instantFromGraph({ dateTime: "garbage", timeZone: "UTC" })).toBeUndefined();
    expect(instantFromGraph({ dateTime: "2026-02-30T10:00:00.0000000", timeZone: "UTC" })).toBeUndefined();
    expect(instantFromGraph({ dateTime: "2026-11-02T15:04:05.1234567" })).toBe("2026-11-02T15:04:05.123Z");
    expect(instantFromGraph({ dateTime: "2026-11-01T01:30:00", timeZone: "Customized Time Zone" })).toBeUndefined();
    expect(graphWallTime("2026-11-10T04:00:00.000Z", "Asia/Kolkata")).toBe("2026-11-10T09:30:00");
    expect(hhmm("08:30:00.0000000")).toBe("08:30");
  });

  it("refuses wall times that name two instants (the repeated hour of a fall-back), in 1 h and 30 min DST zones", () => {
    expect(unambiguousGraphWallTime("2026-11-01T05:30:00Z", "America/New_York")).toBeUndefined(); // 01:30 EDT
    expect(unambiguousGraphWallTime("2026-11-01T06:30:00Z", "America/New_York")).toBeUndefined(); // 01:30 EST
    expect(unambiguousGraphWallTime("2026-11-01T07:00:00Z", "America/New_York")).toBe("2026-11-01T02:00:00");
    expect(unambiguousGraphWallTime("2026-11-01T04:59:00Z", "America/New_York")).toBe("2026-11-01T00:59:00");
    expect(unambiguousGraphWallTime("2026-03-08T07:00:00Z", "America/New_York")).toBe("2026-03-08T03:00:00"); // spring-forward: fine
    expect(unambiguousGraphWallTime("2026-10-25T00:30:00Z", "Europe/London")).toBeUndefined(); // 01:30 BST
    // Lord Howe Island falls back by 30 minutes: 01:30–02:00 repeats (UTC+11 → UTC+10:30) on 5 Apr 2026.
    expect(unambiguousGraphWallTime("2026-04-04T14:40:00Z", "Australia/Lord_Howe")).toBeUndefined();
    expect(unambiguousGraphWallTime("2026-11-10T04:00:00Z", "Asia/Kolkata")).toBe("2026-11-10T09:30:00");
  });
});
