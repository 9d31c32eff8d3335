import type { Result } from "../errors.js";

/**
 * What opsco needs from Microsoft Graph (app-only). Times are ISO-8601 instants in UTC ("…Z"); time
 * zones are IANA names (the adapter converts Graph's Windows zone names).
 */

export interface WorkingHours {
  /** Lower-case English day names, as Graph: "monday" … "sunday". */
  daysOfWeek: string[];
  /** Local wall-clock "HH:mm" in `timeZone`. */
  startTime: string;
  endTime: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
}

export interface DirectoryUser {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
  jobTitle?: string | undefined;
  /** IANA zone from mailboxSettings; undefined when Graph did not say. */
  timeZone?: string | undefined;
  workingHours?: WorkingHours | undefined;
  managerId?: string | undefined;
}

export type FreeBusyStatus = "free" | "tentative" | "busy" | "oof" | "workingElsewhere" | "unknown";

export interface ScheduleItem {
  start: string;
  end: string;
  status: FreeBusyStatus;
}

export interface AttendeeSchedule {
  /** The address asked for. */
  email: string;
  items: ScheduleItem[];
  workingHours?: WorkingHours | undefined;
  /** Graph could not read this schedule (e.g. unknown mailbox); the others are still valid. */
  error?: { code: string; message: string } | undefined;
}

export interface ScheduleRequest {
  /** Mailbox the request runs as (app-only needs one): usually the organizer. */
  asUser: string;
  emails: string[];
  start: string;
  end: string;
  /** availabilityView granularity, minutes (5..1440). */
  intervalMinutes?: number;
}

export interface EventAttendee {
  email: string;
  name?: string | undefined;
  type: "required" | "optional";
}

export interface NewEvent {
  subject: string;
  /** HTML body (the agenda). */
  bodyHtml: string;
  start: string;
  end: string;
  /** IANA zone the event is shown in. */
  timeZone: string;
  attendees: EventAttendee[];
  online: boolean;
  /** Graph's idempotency key for event creation: same key → same event. */
  transactionId: string;
}

export interface CalendarEvent {
  id: string;
  subject: string;
  start: string;
  end: string;
  timeZone?: string | undefined;
  organizerEmail?: string | undefined;
  attendees: EventAttendee[];
  bodyHtml?: string | undefined;
  isOnlineMeeting: boolean;
  joinUrl?: string | undefined;
  type: "singleInstance" | "occurrence" | "exception" | "seriesMaster";
  seriesMasterId?: string | undefined;
  iCalUId?: string | undefined;
  webLink?: string | undefined;
}

export interface GraphPort {
  /** One user by id, mail or UPN, with time zone, working hours and manager. */
  getUser(idOrMail: string): Promise<Result<DirectoryUser>>;
  /**
   * Many users at once (batched). Unknown ones make the whole call fail with `not_found` whose
   * details.unknown lists them, so callers can name them to the person asking.
   */
  getUsers(idsOrMails: readonly string[]): Promise<Result<DirectoryUser[]>>;
  /** People lookup by the start of a display name or mail (for "with alice, bob"). */
  findUsers(text: string, limit?: number): Promise<Result<DirectoryUser[]>>;
  /** Free/busy for many mailboxes: ≤ 20 per getSchedule, several getSchedules in one $batch. */
  getSchedules(request: ScheduleRequest): Promise<Result<AttendeeSchedule[]>>;
  /** Events (occurrences expanded) in a window of a mailbox. */
  listCalendarView(user: string, start: string, end: string): Promise<Result<CalendarEvent[]>>;
  createEvent(organizer: string, event: NewEvent): Promise<Result<CalendarEvent>>;
  getEvent(user: string, eventId: string): Promise<Result<CalendarEvent>>;
  listInstances(user: string, seriesMasterId: string, start: string, end: string): Promise<Result<CalendarEvent[]>>;
  updateEventBody(user: string, eventId: string, bodyHtml: string): Promise<Result<CalendarEvent>>;
}
