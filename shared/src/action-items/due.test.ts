import { addCalendarDays, calendarDayIn, calendarDaysBetween } from "./calendar-days.js";
import { daysOverdue, isActionable, isDueSoon, isOverdue } from "./due.js";

const open = (dueDate: string) => ({ status: "open" as const, dueDate, snoozedUntil: null });

describe("isOverdue", () => {
  it("is not overdue on the due day itself, overdue the day after", () => {
    expect(isOverdue(open("2026-11-25"), "2026-11-24")).toBe(false);
    expect(isOverdue(open("2026-11-25"), "2026-11-25")).toBe(false);
    expect(isOverdue(open("2026-11-25"), "2026-11-26")).toBe(true);
  });

  it("ignores done and cancelled items, and snoozed ones until they wake", () => {
    expect(isOverdue({ ...open("2026-11-01"), status: "done" }, "2026-11-25")).toBe(false);
    expect(isOverdue({ ...open("2026-11-01"), status: "cancelled" }, "2026-11-25")).toBe(false);
    const snoozed = { status: "snoozed" as const, dueDate: "2026-11-01", snoozedUntil: "2026-11-27" };
    expect(isOverdue(snoozed, "2026-11-26")).toBe(false);
    expect(isOverdue(snoozed, "2026-11-27")).toBe(true);
    expect(isActionable(snoozed, "2026-11-27")).toBe(true);
  });

  it("counts days overdue across a month and year end", () => {
    expect(daysOverdue(open("2026-12-30"), "2027-01-02")).toBe(3);
    expect(daysOverdue(open("2026-12-30"), "2026-12-30")).toBe(0);
    expect(daysOverdue(open("2028-02-28"), "2028-03-01")).toBe(2); // leap year
  });
});

describe("isDueSoon", () => {
  it("includes today and the window's last day, excludes overdue and later items", () => {
    const today = "2026-11-29";
    expect(isDueSoon(open("2026-11-29"), today, 3)).toBe(true);
    expect(isDueSoon(open("2026-12-02"), today, 3)).toBe(true);
    expect(isDueSoon(open("2026-12-03"), today, 3)).toBe(false);
    expect(isDueSoon(open("2026-11-28"), today, 3)).toBe(false);
    expect(isDueSoon(open("2026-11-29"), today, 0)).toBe(true);
    expect(isDueSoon(open("2026-11-30"), today, 0)).toBe(false);
    expect(isDueSoon(open("2026-11-30"), today, -5)).toBe(false);
  });
});

describe("calendar days", () => {
  it("takes the local day of an instant in the user's zone", () => {
    const instant = new Date("2026-11-25T23:30:00Z");
    expect(calendarDayIn(instant, "UTC")).toBe("2026-11-25");
    expect(calendarDayIn(instant, "Asia/Kolkata")).toBe("2026-11-26");
    expect(calendarDayIn(instant, "America/Los_Angeles")).toBe("2026-11-25");
  });

  it("adds days across DST changes and leap days without drifting", () => {
    expect(addCalendarDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addCalendarDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addCalendarDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(calendarDaysBetween("2026-03-01", "2026-11-01")).toBe(245);
  });
});
