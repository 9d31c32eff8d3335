import { fail, ok, type DomainError, type Result } from "../errors.js";
import type {
  AttendeeSchedule,
  CalendarEvent,
  DirectoryUser,
  GraphPort,
  NewEvent,
  ScheduleItem,
  ScheduleRequest,
} from "../ports/graph.js";

/**
 * In-memory GraphPort for unit tests: a canned directory and calendars, every call recorded. The real
 * Graph adapter is tested against the Graph simulator (tests/simulators/graph); this fake only needs the
 * behaviour the domain and the bot rely on, kept in one place so the two cannot drift apart.
 */

/** One mailbox's free/busy as the fake serves it: busy items, or an error Graph reports for that mailbox alone. */
export interface FakeMailbox {
  items: ScheduleItem[];
  error?: { code: string; message: string };
}

export interface FakeGraphOptions {
  /** Join URL of the n-th event created (1-based); default `https://teams.example/l/meetup-join/evt-<n>`. */
  joinUrl?: (n: number) => string;
}

/** An event as the fake keeps it: what Graph returns plus the key it was created with. */
export type FakeGraphEvent = CalendarEvent & { organizer: string; transactionId: string; bodyHtml: string };

export interface FakeGraphCall {
  method: keyof GraphPort;
  args: unknown[];
}

export class FakeGraph implements GraphPort {
  readonly calls: FakeGraphCall[] = [];
  /** Events by id, as Graph keeps them. */
  readonly events = new Map<string, FakeGraphEvent>();
  /** Makes getUser fail with this error (e.g. an outage). */
  getUserError: DomainError | undefined;
  /** Makes createEvent fail with this error (e.g. access denied). */
  failCreateWith: DomainError | undefined;
  /** Mailboxes by lower-cased address: Graph matches addresses without regard to case. */
  private readonly calendars: Map<string, FakeMailbox>;

  constructor(
    private readonly users: readonly DirectoryUser[],
    calendars: Record<string, FakeMailbox> = {},
    private readonly options: FakeGraphOptions = {},
  ) {
    this.calendars = new Map(Object.entries(calendars).map(([email, mailbox]) => [email.toLowerCase(), mailbox]));
  }

  /** How many times `method` was called. */
  count(method: keyof GraphPort): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** Every createEvent call in order, repeats and refused ones included (a retry shows up twice here, once in `events`). */
  get created(): { organizer: string; event: NewEvent }[] {
    return this.calls.filter((c) => c.method === "createEvent").map((c) => ({ organizer: c.args[0] as string, event: c.args[1] as NewEvent }));
  }

  private find(idOrMail: string): DirectoryUser | undefined {
    const key = idOrMail.toLowerCase();
    return this.users.find((u) => u.id === idOrMail || u.mail.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
  }

  async getUser(idOrMail: string): Promise<Result<DirectoryUser>> {
    this.calls.push({ method: "getUser", args: [idOrMail] });
    if (this.getUserError) return { ok: false, error: this.getUserError };
    const user = this.find(idOrMail);
    return user ? ok(user) : fail("not_found", `user ${idOrMail} not found`);
  }

  async getUsers(idsOrMails: readonly string[]): Promise<Result<DirectoryUser[]>> {
    this.calls.push({ method: "getUsers", args: [[...idsOrMails]] });
    const unknown = idsOrMails.filter((x) => !this.find(x));
    if (unknown.length > 0) return fail("not_found", `${unknown.length} users not found`, { unknown });
    return ok(idsOrMails.map((x) => this.find(x)!));
  }

  /** Like Graph's startswith on displayName, givenName/surname (each word of the name) and mail. */
  async findUsers(text: string, limit = 10): Promise<Result<DirectoryUser[]>> {
    this.calls.push({ method: "findUsers", args: [text, limit] });
    const prefix = text.toLowerCase();
    const hits = this.users.filter(
      (u) =>
        u.displayName.toLowerCase().startsWith(prefix) ||
        u.displayName.toLowerCase().split(" ").some((w) => w.startsWith(prefix)) ||
        u.mail.toLowerCase().startsWith(prefix),
    );
    return ok(hits.slice(0, limit));
  }

  /** Items overlapping the asked window; a mailbox with an error answers with it and no items. */
  async getSchedules(request: ScheduleRequest): Promise<Result<AttendeeSchedule[]>> {
    this.calls.push({ method: "getSchedules", args: [request] });
    const from = Date.parse(request.start);
    const to = Date.parse(request.end);
    return ok(
      request.emails.map((email) => {
        const mailbox = this.calendars.get(email.toLowerCase()) ?? { items: [] };
        if (mailbox.error) return { email, items: [], error: mailbox.error };
        return {
          email,
          items: mailbox.items.filter((i) => Date.parse(i.end) > from && Date.parse(i.start) < to),
          workingHours: this.find(email)?.workingHours,
        };
      }),
    );
  }

  async listCalendarView(user: string, start: string, end: string): Promise<Result<CalendarEvent[]>> {
    this.calls.push({ method: "listCalendarView", args: [user, start, end] });
    return ok([]);
  }

  /** Honours transactionId like Graph does: the same organizer and key give back the same event. */
  async createEvent(organizer: string, event: NewEvent): Promise<Result<CalendarEvent>> {
    this.calls.push({ method: "createEvent", args: [organizer, event] });
    if (this.failCreateWith) return { ok: false, error: this.failCreateWith };
    const existing = [...this.events.values()].find((e) => e.transactionId === event.transactionId && e.organizer === organizer);
    if (existing) return ok(existing);
    const n = this.events.size + 1;
    const id = `evt-${n}`;
    const created: FakeGraphEvent = {
      id,
      subject: event.subject,
      start: event.start,
      end: event.end,
      timeZone: event.timeZone,
      organizerEmail: organizer,
      organizer,
      attendees: event.attendees,
      bodyHtml: event.bodyHtml,
      isOnlineMeeting: event.online,
      joinUrl: event.online ? (this.options.joinUrl?.(n) ?? `https://teams.example/l/meetup-join/${id}`) : undefined,
      type: "singleInstance",
      iCalUId: `ical-${id}`,
      transactionId: event.transactionId,
    };
    this.events.set(id, created);
    return ok(created);
  }

  async getEvent(user: string, eventId: string): Promise<Result<CalendarEvent>> {
    this.calls.push({ method: "getEvent", args: [user, eventId] });
    const event = this.events.get(eventId);
    return event ? ok(event) : fail("not_found", `event ${eventId} not found`);
  }

  async listInstances(user: string, seriesMasterId: string, start: string, end: string): Promise<Result<CalendarEvent[]>> {
    this.calls.push({ method: "listInstances", args: [user, seriesMasterId, start, end] });
    return ok([]);
  }

  async updateEventBody(user: string, eventId: string, bodyHtml: string): Promise<Result<CalendarEvent>> {
    this.calls.push({ method: "updateEventBody", args: [user, eventId, bodyHtml] });
    const event = this.events.get(eventId);
    if (!event) return fail("not_found", `event ${eventId} not found`);
    event.bodyHtml = bodyHtml;
    return ok(event);
  }
}
