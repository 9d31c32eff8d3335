/**
 * The simulator's mutable tenant: directory lookups, calendars (recurring series expanded on demand in the
 * series' own zone, so occurrences keep their local time across DST), event creation with transactionId
 * idempotency, and body updates.
 *
 * Simplification: an event is stored once and shows up, under the same id, in the organizer's and every
 * tenant attendee's calendar (real Exchange keeps a copy per mailbox with different ids).
 */
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { stableItemId, type DayName, type SeedEvent, type SeedTenant, type SeedUser } from "./seed.js";

export interface StoredEvent extends SeedEvent {
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  transactionId?: string;
  onlineMeetingProvider: "teamsForBusiness" | "unknown";
  /** Epoch ms from which `onlineMeeting.joinUrl` is readable (Teams provisions it asynchronously). */
  joinUrlFrom: number;
  /** Per-occurrence body edits (date key → HTML); turning an occurrence into an "exception". */
  occurrenceBodies: Record<string, string>;
}

/** One item as a calendar shows it: a single event, a series master, or an expanded occurrence. */
export interface CalendarItem {
  id: string;
  event: StoredEvent;
  type: "singleInstance" | "seriesMaster" | "occurrence" | "exception";
  start: number;
  end: number;
  seriesMasterId?: string;
  dateKey?: string;
  bodyHtml: string;
}

const JS_DAY_NAMES: DayName[] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const OCCURRENCE_PREFIX = "AAMkOC";
const MAX_EXPANSION_DAYS = 3 * 366;

export const occurrenceId = (masterId: string, dateKey: string): string =>
  OCCURRENCE_PREFIX + Buffer.from(`${masterId}|${dateKey}`).toString("base64url");

function parseOccurrenceId(id: string): { masterId: string; dateKey: string } | undefined {
  if (!id.startsWith(OCCURRENCE_PREFIX)) return undefined;
  const text = Buffer.from(id.slice(OCCURRENCE_PREFIX.length), "base64url").toString("utf8");
  const bar = text.lastIndexOf("|");
  if (bar < 0) return undefined;
  return { masterId: text.slice(0, bar), dateKey: text.slice(bar + 1) };
}

/** Stored instants are ISO strings with Z; Date.parse is much cheaper than luxon here. */
const ms = (iso: string): number => Date.parse(iso);
const utcDay = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`);

export class GraphState {
  readonly tenant: SeedTenant;
  private readonly usersById = new Map<string, SeedUser>();
  private readonly usersByAddress = new Map<string, SeedUser>();
  private readonly events = new Map<string, StoredEvent>();
  /** user id → ids of events in that user's calendar */
  private readonly calendars = new Map<string, Set<string>>();
  private readonly transactions = new Map<string, string>();
  private createdCount = 0;

  constructor(tenant: SeedTenant, private readonly options: { onlineMeetingDelayMs: number; now: () => number }) {
    this.tenant = tenant;
    for (const user of tenant.users) {
      this.usersById.set(user.id.toLowerCase(), user);
      this.usersByAddress.set(user.mail.toLowerCase(), user);
      this.usersByAddress.set(user.userPrincipalName.toLowerCase(), user);
    }
    const created = DateTime.fromISO(tenant.window.start).minus({ days: 30 }).toUTC().toISO() as string;
    for (const seed of tenant.events) {
      this.store({
        ...structuredClone(seed),
        createdDateTime: created,
        lastModifiedDateTime: created,
        changeKey: changeKey(seed.id, 0),
        onlineMeetingProvider: seed.isOnlineMeeting ? "teamsForBusiness" : "unknown",
        joinUrlFrom: 0,
        occurrenceBodies: {},
      });
    }
  }

  get users(): readonly SeedUser[] {
    return this.tenant.users;
  }

  /** By object id, mail or UPN (case-insensitive): how SMTP addresses resolve (getSchedule, attendees). */
  findUser(idOrAddress: string): SeedUser | undefined {
    const key = idOrAddress.trim().toLowerCase();
    return this.usersById.get(key) ?? this.usersByAddress.get(key);
  }

  /**
   * A `/users/{segment}` path: object id or UPN only, as Graph documents (`/users/{id | userPrincipalName}`).
   * A mail address that is not the UPN is 404 there, however well Exchange knows it.
   */
  findPathUser(idOrUpn: string): SeedUser | undefined {
    const key = idOrUpn.trim().toLowerCase();
    const user = this.usersById.get(key) ?? this.usersByAddress.get(key);
    return user && (user.id.toLowerCase() === key || user.userPrincipalName.toLowerCase() === key) ? user : undefined;
  }

  userById(id: string): SeedUser | undefined {
    return this.usersById.get(id.toLowerCase());
  }

  /** Items of a user's calendar overlapping [start, end), series expanded, masters left out. */
  calendarView(userId: string, start: number, end: number): CalendarItem[] {
    const items: CalendarItem[] = [];
    for (const id of this.calendars.get(userId) ?? []) {
      const event = this.events.get(id);
      if (!event) continue;
      if (event.type === "seriesMaster") items.push(...this.expand(event, start, end));
      else if (ms(event.start) < end && ms(event.end) > start) items.push(this.singleItem(event));
    }
    return items.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  }

  /** The item (single, master or occurrence) if it is in this user's calendar. */
  getItem(userId: string, itemId: string): CalendarItem | undefined {
    const occ = parseOccurrenceId(itemId);
    if (occ) {
      const master = this.inCalendar(userId, occ.masterId);
      if (!master || master.type !== "seriesMaster") return undefined;
      const day = DateTime.fromISO(occ.dateKey, { zone: master.timeZone });
      if (!day.isValid) return undefined;
      return this.expand(master, day.startOf("day").minus({ days: 1 }).toMillis(), day.endOf("day").plus({ days: 2 }).toMillis()).find(
        (i) => i.dateKey === occ.dateKey,
      );
    }
    const event = this.inCalendar(userId, itemId);
    return event ? this.singleItem(event) : undefined;
  }

  /** Occurrences and exceptions of a series in a window; undefined when `masterId` is not a series. */
  instances(userId: string, masterId: string, start: number, end: number): CalendarItem[] | undefined {
    const master = this.inCalendar(userId, masterId);
    if (!master || master.type !== "seriesMaster") return undefined;
    return this.expand(master, start, end);
  }

  /** Creates (or, for a known organizer + transactionId, returns) an event. */
  createEvent(
    organizer: SeedUser,
    input: Pick<SeedEvent, "subject" | "bodyHtml" | "start" | "end" | "timeZone" | "attendees" | "isOnlineMeeting" | "showAs" | "isAllDay"> & {
      transactionId?: string;
    },
  ): { event: StoredEvent; created: boolean } {
    const txKey = input.transactionId ? `${organizer.id}|${input.transactionId}` : undefined;
    const existingId = txKey ? this.transactions.get(txKey) : undefined;
    const existing = existingId ? this.events.get(existingId) : undefined;
    if (existing) return { event: existing, created: false };
    this.createdCount += 1;
    const now = DateTime.fromMillis(this.options.now()).toUTC().toISO() as string;
    const id = stableItemId(`created:${this.tenant.tenantId}:${this.createdCount}:${now}`);
    const event: StoredEvent = {
      id,
      iCalUId: `040000008200E00074C5B7101A82E008${createHash("md5").update(id).digest("hex").toUpperCase()}`,
      organizerId: organizer.id,
      subject: input.subject,
      bodyHtml: input.bodyHtml,
      start: input.start,
      end: input.end,
      timeZone: input.timeZone,
      isAllDay: input.isAllDay,
      showAs: input.showAs,
      attendees: input.attendees,
      isOnlineMeeting: input.isOnlineMeeting,
      type: "singleInstance",
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: changeKey(id, 0),
      ...(input.transactionId ? { transactionId: input.transactionId } : {}),
      onlineMeetingProvider: input.isOnlineMeeting ? "teamsForBusiness" : "unknown",
      joinUrlFrom: this.options.now() + this.options.onlineMeetingDelayMs,
      occurrenceBodies: {},
    };
    this.store(event);
    if (txKey) this.transactions.set(txKey, id);
    return { event, created: true };
  }

  /** PATCH body: on a master/single it edits the event; on an occurrence it makes an exception. */
  updateBody(item: CalendarItem, html: string): void {
    const event = item.event;
    if (item.dateKey && (item.type === "occurrence" || item.type === "exception")) event.occurrenceBodies[item.dateKey] = html;
    else event.bodyHtml = html;
    event.lastModifiedDateTime = DateTime.fromMillis(this.options.now()).toUTC().toISO() as string;
    event.changeKey = changeKey(event.id, Number.parseInt(event.changeKey.slice(-4), 36) + 1);
  }

  createdEvents(): number {
    return this.createdCount;
  }

  private store(event: StoredEvent): void {
    this.events.set(event.id, event);
    const members = [event.organizerId, ...event.attendees.map((a) => this.findUser(a.email)?.id).filter((id): id is string => !!id)];
    for (const userId of members) {
      let set = this.calendars.get(userId);
      if (!set) this.calendars.set(userId, (set = new Set()));
      set.add(event.id);
    }
  }

  private inCalendar(userId: string, eventId: string): StoredEvent | undefined {
    return this.calendars.get(userId)?.has(eventId) ? this.events.get(eventId) : undefined;
  }

  private singleItem(event: StoredEvent): CalendarItem {
    return { id: event.id, event, type: event.type, start: ms(event.start), end: ms(event.end), bodyHtml: event.bodyHtml };
  }

  /** Occurrences of a series overlapping [start, end): local wall time kept in the series' zone. */
  private expand(master: StoredEvent, start: number, end: number): CalendarItem[] {
    const rec = master.recurrence;
    if (!rec) return [];
    const zone = master.timeZone;
    const first = DateTime.fromISO(master.start, { zone });
    const durationMs = ms(master.end) - ms(master.start);
    // Day arithmetic on UTC calendar dates (cheap); luxon only for the occurrences that fall near the window.
    const rangeStart = utcDay(rec.range.startDate);
    const rangeEnd = rec.range.type === "endDate" && rec.range.endDate ? utcDay(rec.range.endDate) : Number.POSITIVE_INFINITY;
    const limit = rec.range.type === "numbered" ? (rec.range.numberOfOccurrences ?? 0) : Number.POSITIVE_INFINITY;
    const weekStartOf = (day: number): number => day - new Date(day).getUTCDay() * DAY; // weeks start on Sunday
    const firstWeek = weekStartOf(rangeStart);
    const cancelled = new Set(master.cancelled ?? []);
    // Numbered series must be counted from their first day; the others can start near the window.
    const from = Number.isFinite(limit) ? 0 : Math.max(0, Math.floor((start - durationMs - rangeStart) / DAY) - 2);
    const items: CalendarItem[] = [];
    let count = 0;
    for (let i = from; i < MAX_EXPANSION_DAYS && count < limit; i += 1) {
      const day = rangeStart + i * DAY;
      if (day > rangeEnd || day > end + DAY) break;
      const date = new Date(day);
      const dayName = JS_DAY_NAMES[date.getUTCDay()] as DayName;
      const matches =
        rec.pattern.type === "daily"
          ? i % rec.pattern.interval === 0
          : rec.pattern.daysOfWeek.includes(dayName) && Math.round((weekStartOf(day) - firstWeek) / WEEK) % rec.pattern.interval === 0;
      if (!matches) continue;
      count += 1;
      const dateKey = date.toISOString().slice(0, 10);
      if (cancelled.has(dateKey)) continue;
      const moved = master.moved?.[dateKey];
      const s = moved
        ? ms(moved.start)
        : DateTime.fromObject({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: first.hour, minute: first.minute }, { zone }).toMillis();
      const e = moved ? ms(moved.end) : s + durationMs;
      if (s >= end || e <= start) continue;
      const body = master.occurrenceBodies[dateKey];
      items.push({
        id: occurrenceId(master.id, dateKey),
        event: master,
        type: moved || body !== undefined ? "exception" : "occurrence",
        start: s,
        end: e,
        seriesMasterId: master.id,
        dateKey,
        bodyHtml: body ?? master.bodyHtml,
      });
    }
    return items.sort((a, b) => a.start - b.start);
  }
}

function changeKey(id: string, version: number): string {
  return `${createHash("sha1").update(id).digest("base64").slice(0, 20)}${version.toString(36).padStart(4, "0")}`;
}
