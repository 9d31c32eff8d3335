import {
  bookedCard,
  bookVerb,
  commandProblemCard,
  DomainError,
  didYouMeanCard,
  helpCard,
  meetingsListCard,
  noticeCard,
  scheduleFormCard,
  slotsCard,
  tooLongCard,
  welcomeCard,
  type CommandInfo,
} from "@opsco/shared";
import { expectCardRendersCleanly } from "../support/render-card.js";

/** Every chat and meetings card, rendered with the real adaptivecards library: no warnings, < 80 KB. */
const commands: CommandInfo[] = [
  { name: "help", summary: "what I can do", example: "help", hasForm: false },
  { name: "schedule", summary: "find a time and book it", example: "schedule Sync with megan 30m tomorrow", hasForm: true },
  { name: "meetings", summary: "upcoming meetings", example: "meetings", hasForm: false },
];
const meeting = {
  subject: "Budget [sync] **now**",
  start: "2026-11-05T15:00:00.000Z",
  end: "2026-11-05T15:30:00.000Z",
  timeZone: "America/New_York",
  joinUrl: "https://teams.microsoft.com/l/meetup-join/abc",
  attendees: [{ email: "megan@contoso.test", name: "Megan Bowen", type: "required" as const }],
  organizerEmail: "adele@contoso.test",
  ownerId: undefined,
  agenda: [],
};

describe("feature cards render cleanly", () => {
  it.each([
    ["help", helpCard(commands)],
    ["welcome", welcomeCard("Adele Vance", commands)],
    ["did you mean", didYouMeanCard("schedul lunch", commands.slice(1, 2))],
    ["did you mean, nothing close", didYouMeanCard("xyzzy", [])],
    ["command problem", commandProblemCard(commands[1], new DomainError("validation", "Bad input", { issues: [{ path: "a", message: "x" }, { path: "b", message: "y" }] }))],
    ["too long", tooLongCard(10_240, 1000)],
    ["notice", noticeCard("Done", "All good")],
    ["schedule form", scheduleFormCard()],
    ["schedule form with a problem", scheduleFormCard({ subject: "x", attendees: "megan" }, "I couldn't find megan")],
    ["booked", bookedCard(meeting)],
    ["meetings list", meetingsListCard([meeting], "Europe/Berlin")],
    ["meetings list, empty", meetingsListCard([], "UTC")],
    [
      "no slots",
      slotsCard({ subject: "Sync", organizer: "adele@contoso.test", timeZone: "UTC", required: [{ email: "megan@contoso.test" }], optional: [], slots: [], windowText: "tomorrow" }),
    ],
  ])("%s", (_name, card) => {
    expectCardRendersCleanly(card);
  });

  it("slots card: Book buttons carry data the book verb accepts, and user text stays literal", () => {
    const card = slotsCard({
      subject: "Budget [click](https://evil.example)",
      organizer: "adele@contoso.test",
      timeZone: "Asia/Kolkata",
      required: Array.from({ length: 40 }, (_, i) => ({ email: `person${i}@contoso.test`, name: `Person ${i}` })),
      optional: [{ email: "opt@contoso.test" }],
      slots: Array.from({ length: 5 }, (_, i) => ({
        start: `2026-11-05T0${i + 3}:30:00.000Z`,
        end: `2026-11-05T0${i + 4}:00:00.000Z`,
        outsideWorkingHours: i === 4 ? ["person1@contoso.test"] : [],
        optionalBusy: i === 3 ? ["opt@contoso.test"] : [],
      })),
      windowText: "Thu 5 Nov",
    });
    const rendered = expectCardRendersCleanly(card);
    const books = rendered.actions.filter((a) => a.verb === "meetings.book");
    expect(books).toHaveLength(5);
    for (const book of books) expect(bookVerb.parse(book.data).ok).toBe(true);
    // Shown text is escaped (no link); the button data keeps the subject as typed.
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: "Times for Budget \\[click\\](https://evil.example)" });
    expect(rendered.html).not.toContain('href="https://evil.example"');
    expect(books[0]?.data).toMatchObject({ subject: "Budget [click](https://evil.example)" });
    expect(rendered.sizeBytes).toBeLessThan(80_000);
    expect(rendered.html).toContain("09:00"); // 03:30Z is 09:00 in Kolkata (+05:30)
  });
});

describe("help card scales with the number of commands", () => {
  it("renders cleanly with a button per command for a dozen commands", () => {
    const many: CommandInfo[] = Array.from({ length: 12 }, (_, i) => ({
      name: `command${i}`,
      summary: `does thing ${i}`,
      example: `command${i} something`,
      hasForm: i % 2 === 0,
    }));
    const rendered = expectCardRendersCleanly(helpCard(many));
    expect(rendered.actions.filter((a) => a.type === "Action.Execute")).toHaveLength(12);
  });
});
