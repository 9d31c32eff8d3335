/**
 * The simulator's tenant, generated in code (deterministic for a given `seed` + `anchor`): 53 people of
 * "Contoso" in 8 time zones, an org chart, working hours, and six weeks of calendars with recurring series.
 *
 * Facts tests and benches rely on (default anchor 2026-11-02, a Monday):
 * - window = anchor − 14 days … anchor + 28 days (2026-10-19 … 2026-11-30, six weeks);
 * - DST changes inside it: Europe/London and Europe/Berlin fall back on 2026-10-25, America/New_York,
 *   America/Chicago and America/Los_Angeles fall back on 2026-11-01 (see `dstChangesInWindow`);
 *   Australia/Sydney (spring-forward 2026-10-04) and Asia/Tokyo / Asia/Kolkata have none;
 * - Asia/Kolkata ("India Standard Time", UTC+05:30) is the half-hour-offset zone;
 * - recurring series with and without agenda / owner: see `SEED_SERIES` (`hasAgenda`, `hasOwner`).
 */
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { mulberry32 } from "../../support/random.js";

export const DEFAULT_ANCHOR = "2026-11-02";
export const DEFAULT_SEED = 42;
export const SEED_DOMAIN = "contoso.test";

/** IANA → Windows names as Graph reports them in mailboxSettings / workingHours. */
export const SEED_ZONES = {
  "America/New_York": "Eastern Standard Time",
  "America/Chicago": "Central Standard Time",
  "America/Los_Angeles": "Pacific Standard Time",
  "Europe/London": "GMT Standard Time",
  "Europe/Berlin": "W. Europe Standard Time",
  "Asia/Kolkata": "India Standard Time",
  "Asia/Tokyo": "Tokyo Standard Time",
  "Australia/Sydney": "AUS Eastern Standard Time",
} as const;
export type SeedZone = keyof typeof SEED_ZONES;

export type DayName = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
export const WEEKDAYS: DayName[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const DAY_NAMES: DayName[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export interface SeedUser {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  userPrincipalName: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  /** IANA zone (the truth); Graph shows `windowsTimeZone`. */
  timeZone: SeedZone;
  windowsTimeZone: string;
  workingHours: { daysOfWeek: DayName[]; startTime: string; endTime: string };
  managerId?: string;
}

export type ShowAs = "free" | "tentative" | "busy" | "oof" | "workingElsewhere";

export interface SeedAttendee {
  email: string;
  name: string;
  type: "required" | "optional";
}

export interface SeedRecurrence {
  pattern: { type: "daily" | "weekly"; interval: number; daysOfWeek: DayName[]; firstDayOfWeek: DayName };
  range: { type: "endDate" | "noEnd" | "numbered"; startDate: string; endDate?: string; numberOfOccurrences?: number; recurrenceTimeZone: string };
}

/** A calendar item as the simulator stores it (one copy, visible in the organizer's and attendees' calendars). */
export interface SeedEvent {
  id: string;
  iCalUId: string;
  organizerId: string;
  subject: string;
  bodyHtml: string;
  /** UTC instants of the item (for a series master: its first occurrence). */
  start: string;
  end: string;
  /** IANA zone the organizer created it in; local wall times of occurrences are kept in this zone. */
  timeZone: string;
  isAllDay: boolean;
  showAs: ShowAs;
  attendees: SeedAttendee[];
  isOnlineMeeting: boolean;
  type: "singleInstance" | "seriesMaster";
  recurrence?: SeedRecurrence;
  /** Occurrence date keys (yyyy-MM-dd in `timeZone`) that were cancelled. */
  cancelled?: string[];
  /** Moved occurrences: date key → new UTC start/end ("exception" items). */
  moved?: Record<string, { start: string; end: string }>;
}

export interface SeedSeries {
  id: string;
  subject: string;
  organizer: string;
  hasAgenda: boolean;
  hasOwner: boolean;
}

export interface SeedTenant {
  tenantId: string;
  domain: string;
  anchor: string;
  window: { start: string; end: string };
  users: SeedUser[];
  events: SeedEvent[];
  series: SeedSeries[];
  /** Zones whose UTC offset changes inside the window, with the local date of the change. */
  dstChanges: { zone: string; date: string; fromOffset: string; toOffset: string }[];
}

export interface SeedOptions {
  seed?: number;
  /** yyyy-MM-dd, or "today" (UTC date). Default 2026-11-02: the window then holds two DST changes. */
  anchor?: string;
}

// ---- people ---------------------------------------------------------------------------------------

interface PersonRow {
  name: string;
  title: string;
  dept: string;
  zone: SeedZone;
  manager?: string; // local part of the manager's mail
  hours?: [string, string];
  days?: DayName[];
  mail?: string;
}

const OFFICE: Record<SeedZone, string> = {
  "America/New_York": "New York",
  "America/Chicago": "Chicago",
  "America/Los_Angeles": "Seattle",
  "Europe/London": "London",
  "Europe/Berlin": "Berlin",
  "Asia/Kolkata": "Bengaluru",
  "Asia/Tokyo": "Tokyo",
  "Australia/Sydney": "Sydney",
};

/** The org chart. Working hours vary on purpose: half-hour starts, a four-day week, late IST hours. */
const PEOPLE: PersonRow[] = [
  { name: "Patti Fernandez", title: "President", dept: "Executive", zone: "America/New_York", hours: ["08:00", "17:00"] },
  // Operations
  { name: "Miriam Graham", title: "Director of Operations", dept: "Operations", zone: "America/New_York", manager: "patti.fernandez" },
  { name: "Adele Vance", title: "Operations Coordinator", dept: "Operations", zone: "America/New_York", manager: "miriam.graham", hours: ["08:30", "17:00"] },
  { name: "Lee Gu", title: "Facilities Manager", dept: "Operations", zone: "America/Chicago", manager: "miriam.graham", hours: ["07:30", "16:00"] },
  { name: "Lynne Robbins", title: "Office Manager", dept: "Operations", zone: "Europe/London", manager: "miriam.graham" },
  { name: "Joni Sherman", title: "Procurement Specialist", dept: "Operations", zone: "America/Chicago", manager: "miriam.graham" },
  { name: "Grady Archie", title: "Logistics Coordinator", dept: "Operations", zone: "America/Los_Angeles", manager: "miriam.graham" },
  { name: "Sarah Jones", title: "Project Manager", dept: "Operations", zone: "Australia/Sydney", manager: "miriam.graham", hours: ["08:30", "17:00"] },
  { name: "Daniel Kim", title: "Project Coordinator", dept: "Operations", zone: "America/Los_Angeles", manager: "miriam.graham" },
  // Finance
  { name: "Isaiah Langer", title: "Finance Director", dept: "Finance", zone: "Europe/London", manager: "patti.fernandez" },
  { name: "Johanna Lorenz", title: "Financial Analyst", dept: "Finance", zone: "Europe/Berlin", manager: "isaiah.langer", hours: ["08:00", "16:30"] },
  { name: "Henrietta Mueller", title: "Accounts Payable Lead", dept: "Finance", zone: "Europe/Berlin", manager: "isaiah.langer" },
  { name: "Nestor Wilke", title: "Controller", dept: "Finance", zone: "Europe/London", manager: "isaiah.langer" },
  { name: "Priya Raman", title: "Budget Analyst", dept: "Finance", zone: "Asia/Kolkata", manager: "isaiah.langer", hours: ["10:00", "18:30"] },
  // IT
  { name: "Alex Wilber", title: "IT Director", dept: "IT", zone: "America/Los_Angeles", manager: "patti.fernandez" },
  { name: "Diego Siciliani", title: "Systems Engineer", dept: "IT", zone: "America/Los_Angeles", manager: "alex.wilber" },
  { name: "Pradeep Gupta", title: "IT Support Lead", dept: "IT", zone: "Asia/Kolkata", manager: "alex.wilber", hours: ["09:30", "18:00"] },
  { name: "Ananya Iyer", title: "Cloud Engineer", dept: "IT", zone: "Asia/Kolkata", manager: "alex.wilber", hours: ["09:30", "18:00"] },
  { name: "Rahul Mehta", title: "Service Desk Analyst", dept: "IT", zone: "Asia/Kolkata", manager: "alex.wilber", hours: ["09:30", "18:00"] },
  { name: "Irvin Sayers", title: "Network Administrator", dept: "IT", zone: "America/Chicago", manager: "alex.wilber" },
  { name: "Ravi Kumar", title: "Engineering Manager", dept: "IT", zone: "Asia/Kolkata", manager: "alex.wilber", hours: ["09:30", "18:00"] },
  // AI operations
  { name: "Megan Bowen", title: "AI Operations Lead", dept: "AI Operations", zone: "America/Los_Angeles", manager: "patti.fernandez" },
  { name: "Christie Cline", title: "AI Operations Coordinator", dept: "AI Operations", zone: "America/New_York", manager: "megan.bowen" },
  { name: "Kenji Tanaka", title: "ML Platform Engineer", dept: "AI Operations", zone: "Asia/Tokyo", manager: "megan.bowen", hours: ["09:30", "18:30"] },
  { name: "Yuki Sato", title: "Prompt Engineer", dept: "AI Operations", zone: "Asia/Tokyo", manager: "megan.bowen" },
  { name: "Olivia Chen", title: "AI Governance Analyst", dept: "AI Operations", zone: "Australia/Sydney", manager: "megan.bowen" },
  // Sales
  { name: "Lidia Holloway", title: "VP Sales", dept: "Sales", zone: "America/New_York", manager: "patti.fernandez" },
  { name: "Emily Braun", title: "Account Executive", dept: "Sales", zone: "America/Chicago", manager: "lidia.holloway" },
  { name: "Ben Walters", title: "Sales Engineer", dept: "Sales", zone: "America/New_York", manager: "lidia.holloway" },
  { name: "Cameron White", title: "Account Manager", dept: "Sales", zone: "Australia/Sydney", manager: "lidia.holloway" },
  { name: "Jack Thompson", title: "Account Executive", dept: "Sales", zone: "Australia/Sydney", manager: "lidia.holloway" },
  { name: "Sophie Martin", title: "Account Executive", dept: "Sales", zone: "Europe/London", manager: "lidia.holloway" },
  // Marketing
  { name: "Allan Deyoung", title: "Marketing Director", dept: "Marketing", zone: "Europe/London", manager: "patti.fernandez" },
  { name: "Debra Berger", title: "Marketing Manager", dept: "Marketing", zone: "America/New_York", manager: "allan.deyoung" },
  { name: "Isabella Rossi", title: "Content Strategist", dept: "Marketing", zone: "Europe/Berlin", manager: "allan.deyoung" },
  { name: "Lukas Schmidt", title: "Events Manager", dept: "Marketing", zone: "Europe/Berlin", manager: "allan.deyoung" },
  { name: "Hana Kobayashi", title: "Marketing Specialist", dept: "Marketing", zone: "Asia/Tokyo", manager: "allan.deyoung" },
  // HR
  { name: "Enrico Cattaneo", title: "HR Director", dept: "Human Resources", zone: "Europe/Berlin", manager: "patti.fernandez" },
  { name: "Lena Fischer", title: "HR Generalist", dept: "Human Resources", zone: "Europe/Berlin", manager: "enrico.cattaneo", days: ["monday", "tuesday", "wednesday", "thursday"] },
  { name: "Maya Patel", title: "Recruiter", dept: "Human Resources", zone: "Asia/Kolkata", manager: "enrico.cattaneo", hours: ["10:00", "18:30"] },
  { name: "Tom Baker", title: "Onboarding Specialist", dept: "Human Resources", zone: "Europe/London", manager: "enrico.cattaneo" },
  // Legal (the apostrophe exercises OData quote escaping)
  { name: "Liam O'Brien", title: "General Counsel", dept: "Legal", zone: "Europe/London", manager: "patti.fernandez", mail: "liam.obrien" },
  { name: "Chloe Dubois", title: "Contracts Manager", dept: "Legal", zone: "Europe/Berlin", manager: "liam.obrien" },
  { name: "Noah Williams", title: "Paralegal", dept: "Legal", zone: "Australia/Sydney", manager: "liam.obrien" },
  { name: "Fatima Noor", title: "Compliance Officer", dept: "Legal", zone: "Europe/Berlin", manager: "liam.obrien" },
  // Second line of the org chart (managers who are not department heads)
  { name: "Grace Lee", title: "Executive Assistant", dept: "Executive", zone: "America/New_York", manager: "patti.fernandez" },
  { name: "Gareth Evans", title: "Warehouse Supervisor", dept: "Operations", zone: "Europe/London", manager: "lynne.robbins", hours: ["07:00", "15:30"] },
  { name: "Oliver Brown", title: "Facilities Technician", dept: "Operations", zone: "America/Chicago", manager: "lee.gu", hours: ["07:00", "15:30"] },
  { name: "Aisha Khan", title: "Payroll Specialist", dept: "Finance", zone: "Asia/Kolkata", manager: "isaiah.langer", hours: ["10:00", "18:30"] },
  { name: "James Carter", title: "Security Engineer", dept: "IT", zone: "America/New_York", manager: "alex.wilber" },
  { name: "Chen Wei", title: "Data Analyst", dept: "AI Operations", zone: "Australia/Sydney", manager: "megan.bowen" },
  { name: "Mateo Garcia", title: "Sales Development Representative", dept: "Sales", zone: "America/Los_Angeles", manager: "lidia.holloway" },
  { name: "Aiko Suzuki", title: "Localization Manager", dept: "Marketing", zone: "Asia/Tokyo", manager: "allan.deyoung" },
];

// ---- deterministic randomness ---------------------------------------------------------------------

/** A GUID derived from text (stable across runs, different per seed). */
export function stableGuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An Outlook-looking item id ("AAMkAG…=" base64url; the trailing "=" exercises URL encoding). */
export function stableItemId(text: string): string {
  return `AAMkAG${createHash("sha256").update(text).digest("base64url").slice(0, 40)}=`;
}

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function agendaHtml(owner: string | undefined, items: readonly string[]): string {
  const ownerLine = owner ? `<p><b>Owner:</b> ${escapeHtml(owner)}</p>` : "";
  const agenda = items.length > 0 ? `<h3>Agenda</h3><ol>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ol>` : "";
  return ownerLine || agenda ? `<html><body>${ownerLine}${agenda}</body></html>` : "";
}

// ---- recurring series -----------------------------------------------------------------------------

interface SeriesRow {
  key: string;
  subject: string;
  organizer: string;
  attendees: string[];
  zone: SeedZone;
  days: DayName[];
  /** every N weeks (weekly) */
  interval?: number;
  start: string; // local HH:mm
  minutes: number;
  owner: boolean;
  agenda: string[];
  numbered?: number;
  /** cancel / move the occurrence this many weeks after the window start (local date of first occurrence). */
  cancelWeek?: number;
  moveWeek?: number;
}

/** Recurring meetings; `owner: false` / empty `agenda` are what the ownerless-meeting radar must find. */
const SERIES: SeriesRow[] = [
  {
    key: "ops-sync", subject: "Weekly operations sync", organizer: "adele.vance", zone: "America/New_York", days: ["monday"], start: "10:00", minutes: 45,
    attendees: ["miriam.graham", "lee.gu", "lynne.robbins", "joni.sherman", "grady.archie", "sarah.jones", "daniel.kim"],
    owner: true, agenda: ["Open action items", "Facilities requests", "Vendor deliveries this week", "Blocked projects"],
  },
  {
    key: "leadership", subject: "Leadership staff meeting", organizer: "patti.fernandez", zone: "America/New_York", days: ["tuesday"], start: "09:00", minutes: 60,
    attendees: ["miriam.graham", "isaiah.langer", "alex.wilber", "megan.bowen", "lidia.holloway", "allan.deyoung", "enrico.cattaneo", "liam.obrien"],
    owner: true, agenda: ["Business review", "Budget variances", "Hiring"],
  },
  {
    key: "finance-standup", subject: "Finance month-end standup", organizer: "isaiah.langer", zone: "Europe/London", days: WEEKDAYS, start: "09:30", minutes: 15,
    attendees: ["johanna.lorenz", "henrietta.mueller", "nestor.wilke", "priya.raman"], owner: true, agenda: ["Close checklist", "Open invoices"],
  },
  {
    key: "cab", subject: "IT change advisory board", organizer: "alex.wilber", zone: "America/Los_Angeles", days: ["thursday"], start: "08:00", minutes: 60,
    attendees: ["diego.siciliani", "pradeep.gupta", "ananya.iyer", "irvin.sayers", "ravi.kumar"], owner: true, agenda: ["Change requests", "Incidents review"],
  },
  {
    key: "ai-governance", subject: "AI tools governance review", organizer: "megan.bowen", zone: "America/Los_Angeles", days: ["wednesday"], interval: 2, start: "16:00", minutes: 60,
    attendees: ["christie.cline", "kenji.tanaka", "yuki.sato", "olivia.chen", "liam.obrien"], owner: false, agenda: [],
  },
  {
    key: "vendor-checkin", subject: "Vendor check-in", organizer: "joni.sherman", zone: "America/Chicago", days: ["tuesday"], start: "11:00", minutes: 30,
    attendees: ["lee.gu", "henrietta.mueller"], owner: false, agenda: [],
  },
  {
    key: "sales-pipeline", subject: "Sales pipeline review", organizer: "lidia.holloway", zone: "America/New_York", days: ["friday"], start: "12:00", minutes: 60,
    attendees: ["emily.braun", "ben.walters", "cameron.white", "jack.thompson", "sophie.martin"], owner: false, agenda: ["Top 10 deals", "Forecast changes"],
  },
  {
    key: "miriam-adele", subject: "1:1 Miriam / Adele", organizer: "miriam.graham", zone: "America/New_York", days: ["wednesday"], start: "14:00", minutes: 30,
    attendees: ["adele.vance"], owner: true, agenda: ["Priorities", "Escalations"],
  },
  {
    key: "apac-standup", subject: "APAC IT standup", organizer: "ravi.kumar", zone: "Asia/Kolkata", days: WEEKDAYS, start: "09:30", minutes: 15,
    attendees: ["pradeep.gupta", "ananya.iyer", "rahul.mehta", "maya.patel"], owner: true, agenda: [],
  },
  {
    key: "campaign-sync", subject: "Marketing campaign sync", organizer: "allan.deyoung", zone: "Europe/London", days: ["thursday"], start: "15:00", minutes: 60,
    attendees: ["debra.berger", "isabella.rossi", "lukas.schmidt", "hana.kobayashi"], owner: true, agenda: ["Campaign calendar", "Event logistics"],
    cancelWeek: 2, moveWeek: 3,
  },
  {
    key: "sydney-huddle", subject: "Sydney office huddle", organizer: "sarah.jones", zone: "Australia/Sydney", days: ["monday"], start: "09:00", minutes: 30,
    attendees: ["olivia.chen", "cameron.white", "jack.thompson", "noah.williams"], owner: false, agenda: [],
  },
  {
    key: "onboarding", subject: "New-hire orientation", organizer: "tom.baker", zone: "Europe/London", days: ["tuesday"], start: "10:00", minutes: 60,
    attendees: ["lena.fischer", "maya.patel"], owner: true, agenda: ["Welcome", "IT setup", "Badge and building tour"], numbered: 4,
  },
];

// ---- generation -----------------------------------------------------------------------------------

const SINGLE_SUBJECTS = [
  "Focus time", "Customer call", "Budget review", "Vendor demo", "Interview", "Project kickoff", "Design review",
  "Team lunch", "Quarterly planning", "Invoice reconciliation", "Contract negotiation", "Training session",
  "Site visit", "Doctor appointment", "Workshop prep", "Status update",
];

function resolveAnchor(anchor: string | undefined): DateTime {
  if (anchor === undefined) return DateTime.fromISO(DEFAULT_ANCHOR, { zone: "utc" });
  if (anchor === "today") return DateTime.utc().startOf("day");
  const dt = DateTime.fromISO(anchor, { zone: "utc" });
  if (!dt.isValid) throw new Error(`seed anchor must be yyyy-MM-dd or "today", got ${anchor}`);
  return dt.startOf("day");
}

const utcIso = (dt: DateTime): string => dt.toUTC().toISO({ suppressMilliseconds: true }) as string;

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Dates on which a zone's UTC offset changes in [start, end). */
export function dstChangesInWindow(zones: readonly string[], start: string, end: string): SeedTenant["dstChanges"] {
  const changes: SeedTenant["dstChanges"] = [];
  for (const zone of zones) {
    let day = DateTime.fromISO(start, { zone }).startOf("day");
    const stop = DateTime.fromISO(end, { zone });
    while (day < stop) {
      const next = day.plus({ days: 1 });
      if (next.offset !== day.offset) {
        changes.push({ zone, date: day.toISODate() as string, fromOffset: offsetLabel(day.offset), toOffset: offsetLabel(next.offset) });
      }
      day = next;
    }
  }
  return changes.sort((a, b) => a.date.localeCompare(b.date) || a.zone.localeCompare(b.zone));
}

export function buildSeed(options: SeedOptions = {}): SeedTenant {
  const seed = options.seed ?? DEFAULT_SEED;
  const rand = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const anchor = resolveAnchor(options.anchor);
  const windowStart = anchor.minus({ days: 14 });
  const windowEnd = anchor.plus({ days: 28 });
  const tenantId = stableGuid(`tenant:${seed}`);

  const byLocal = new Map<string, SeedUser>();
  const users: SeedUser[] = PEOPLE.map((p) => {
    const [givenName, ...rest] = p.name.split(" ");
    const local = p.mail ?? p.name.toLowerCase().replace(/[^a-z ]/g, "").replace(/ /g, ".");
    const mail = `${local}@${SEED_DOMAIN}`;
    const user: SeedUser = {
      id: stableGuid(`user:${seed}:${local}`),
      displayName: p.name,
      givenName: givenName ?? p.name,
      surname: rest.join(" "),
      mail,
      userPrincipalName: mail,
      jobTitle: p.title,
      department: p.dept,
      officeLocation: OFFICE[p.zone],
      timeZone: p.zone,
      windowsTimeZone: SEED_ZONES[p.zone],
      workingHours: { daysOfWeek: p.days ?? WEEKDAYS, startTime: p.hours?.[0] ?? "09:00", endTime: p.hours?.[1] ?? "17:00" },
    };
    byLocal.set(local, user);
    return user;
  });
  for (const p of PEOPLE) {
    if (!p.manager) continue;
    const local = p.mail ?? p.name.toLowerCase().replace(/[^a-z ]/g, "").replace(/ /g, ".");
    const user = byLocal.get(local);
    const manager = byLocal.get(p.manager);
    if (!user || !manager) throw new Error(`seed org chart: unknown manager ${p.manager}`);
    user.managerId = manager.id;
  }
  const user = (local: string): SeedUser => {
    const u = byLocal.get(local);
    if (!u) throw new Error(`seed: unknown user ${local}`);
    return u;
  };
  const attendee = (u: SeedUser, type: SeedAttendee["type"] = "required"): SeedAttendee => ({ email: u.mail, name: u.displayName, type });

  const events: SeedEvent[] = [];
  const series: SeedSeries[] = [];

  // Recurring series: the first occurrence is on or after the window start, in the organizer's zone.
  for (const s of SERIES) {
    const organizer = user(s.organizer);
    const [hh, mm] = s.start.split(":").map(Number) as [number, number];
    let first = windowStart.setZone(s.zone, { keepLocalTime: true }).set({ hour: hh, minute: mm });
    while (!s.days.includes(DAY_NAMES[first.weekday - 1] as DayName)) first = first.plus({ days: 1 });
    const id = stableItemId(`series:${seed}:${s.key}`);
    const startDate = first.toISODate() as string;
    const recurrence: SeedRecurrence = {
      pattern: { type: s.days.length === 7 ? "daily" : "weekly", interval: s.interval ?? 1, daysOfWeek: s.days, firstDayOfWeek: "sunday" },
      range: s.numbered
        ? { type: "numbered", startDate, numberOfOccurrences: s.numbered, recurrenceTimeZone: SEED_ZONES[s.zone] }
        : { type: "noEnd", startDate, recurrenceTimeZone: SEED_ZONES[s.zone] },
    };
    const ev: SeedEvent = {
      id,
      iCalUId: `040000008200E00074C5B7101A82E008${createHash("md5").update(id).digest("hex").toUpperCase()}`,
      organizerId: organizer.id,
      subject: s.subject,
      bodyHtml: agendaHtml(s.owner ? organizer.displayName : undefined, s.agenda),
      start: utcIso(first),
      end: utcIso(first.plus({ minutes: s.minutes })),
      timeZone: s.zone,
      isAllDay: false,
      showAs: "busy",
      attendees: s.attendees.map((a) => attendee(user(a))),
      isOnlineMeeting: true,
      type: "seriesMaster",
      recurrence,
    };
    if (s.cancelWeek !== undefined) ev.cancelled = [first.plus({ weeks: s.cancelWeek }).toISODate() as string];
    if (s.moveWeek !== undefined) {
      const original = first.plus({ weeks: s.moveWeek });
      const moved = original.plus({ days: 1, hours: 1 });
      ev.moved = { [original.toISODate() as string]: { start: utcIso(moved), end: utcIso(moved.plus({ minutes: s.minutes })) } };
    }
    events.push(ev);
    series.push({ id, subject: s.subject, organizer: organizer.mail, hasAgenda: s.agenda.length > 0, hasOwner: s.owner });
  }

  // Single meetings: 0–3 per working day per person inside their working hours (half-hour grid), some
  // with colleagues; a few out-of-office days; statuses mixed.
  let counter = 0;
  for (const organizer of users) {
    const colleagues = users.filter((u) => u.department === organizer.department && u.id !== organizer.id);
    for (let day = windowStart.setZone(organizer.timeZone, { keepLocalTime: true }); day < windowEnd.setZone(organizer.timeZone, { keepLocalTime: true }); day = day.plus({ days: 1 })) {
      const dayName = DAY_NAMES[day.weekday - 1] as DayName;
      if (!organizer.workingHours.daysOfWeek.includes(dayName)) continue;
      if (rand() < 0.02) {
        const start = day.startOf("day");
        events.push(singleEvent(`oof:${seed}:${counter++}`, organizer, "Out of office", start, start.plus({ days: 1 }), "oof", [], true));
        continue;
      }
      const count = Math.floor(rand() * 4);
      const [sh, sm] = organizer.workingHours.startTime.split(":").map(Number) as [number, number];
      const [eh, em] = organizer.workingHours.endTime.split(":").map(Number) as [number, number];
      const slots = ((eh * 60 + em) - (sh * 60 + sm)) / 30;
      for (let i = 0; i < count; i += 1) {
        const minutes = pick([30, 30, 60, 60, 90]);
        const slot = Math.floor(rand() * Math.max(1, slots - minutes / 30));
        const start = day.set({ hour: sh, minute: sm }).plus({ minutes: slot * 30 });
        const r = rand();
        const showAs: ShowAs = r < 0.72 ? "busy" : r < 0.87 ? "tentative" : r < 0.93 ? "workingElsewhere" : r < 0.97 ? "free" : "oof";
        const invited = colleagues.length > 0 && rand() < 0.45 ? [pick(colleagues), pick(colleagues)].filter((u, idx, all) => all.indexOf(u) === idx) : [];
        const subject = pick(SINGLE_SUBJECTS);
        events.push(singleEvent(`single:${seed}:${counter++}`, organizer, subject, start, start.plus({ minutes }), showAs, invited.map((u) => attendee(u)), false));
      }
    }
  }

  function singleEvent(key: string, organizer: SeedUser, subject: string, start: DateTime, end: DateTime, showAs: ShowAs, attendees: SeedAttendee[], allDay: boolean): SeedEvent {
    const id = stableItemId(key);
    return {
      id,
      iCalUId: `040000008200E00074C5B7101A82E008${createHash("md5").update(id).digest("hex").toUpperCase()}`,
      organizerId: organizer.id,
      subject,
      bodyHtml: "",
      start: utcIso(start),
      end: utcIso(end),
      timeZone: organizer.timeZone,
      isAllDay: allDay,
      showAs,
      attendees,
      isOnlineMeeting: attendees.length > 0,
      type: "singleInstance",
    };
  }

  const window = { start: utcIso(windowStart), end: utcIso(windowEnd) };
  return {
    tenantId,
    domain: SEED_DOMAIN,
    anchor: anchor.toISODate() as string,
    window,
    users,
    events,
    series,
    dstChanges: dstChangesInWindow(Object.keys(SEED_ZONES), window.start, window.end),
  };
}
