/** Graph shapes (validated) → port types: IANA zones, UTC instants "…Z", lower-case addresses. */
import type { AttendeeSchedule, CalendarEvent, DirectoryUser, EventAttendee, WorkingHours } from "../../ports/graph.js";
import type { GraphEvent, GraphMailboxSettings, GraphScheduleInformation, GraphUser, GraphWorkingHours } from "./schemas.js";
import { hhmm, ianaFromGraphZone, instantFromGraph } from "./timezones.js";

const lower = (s: string | null | undefined): string | undefined => (s ? s.trim().toLowerCase() : undefined);

/**
 * Working hours in their own zone. Graph may send a "Customized Time Zone" we can't name in IANA; then the
 * mailbox's zone is used if known, else the hours are dropped (wrong hours are worse than none).
 */
export function toWorkingHours(hours: GraphWorkingHours | null | undefined, fallbackZone?: string): WorkingHours | undefined {
  if (!hours) return undefined;
  const start = hhmm(hours.startTime);
  const end = hhmm(hours.endTime);
  const timeZone = ianaFromGraphZone(hours.timeZone?.name) ?? fallbackZone;
  if (!start || !end || !timeZone) return undefined;
  return { daysOfWeek: (hours.daysOfWeek ?? []).map((d) => d.toLowerCase()), startTime: start, endTime: end, timeZone };
}

export function toDirectoryUser(user: GraphUser, settings?: GraphMailboxSettings): DirectoryUser {
  const upn = lower(user.userPrincipalName) ?? user.id;
  const timeZone = ianaFromGraphZone(settings?.timeZone);
  return {
    id: user.id,
    displayName: user.displayName ?? upn,
    // Users without a mailbox have no `mail`; their UPN is the best address we have.
    mail: lower(user.mail) ?? upn,
    userPrincipalName: upn,
    jobTitle: user.jobTitle ?? undefined,
    timeZone,
    workingHours: toWorkingHours(settings?.workingHours, timeZone),
    managerId: user.manager?.id ?? undefined,
  };
}

export function toAttendeeSchedule(email: string, info: GraphScheduleInformation | undefined): AttendeeSchedule {
  if (!info) return { email, items: [], error: { code: "NoScheduleReturned", message: `Graph returned no schedule for ${email}.` } };
  if (info.error) {
    return {
      email,
      items: [],
      error: { code: info.error.responseCode ?? "ScheduleError", message: info.error.message ?? `Free/busy of ${email} is not available.` },
    };
  }
  const items = (info.scheduleItems ?? []).flatMap((item) => {
    const start = instantFromGraph(item.start);
    const end = instantFromGraph(item.end);
    return start && end ? [{ start, end, status: item.status }] : [];
  });
  return { email, items, workingHours: toWorkingHours(info.workingHours) };
}

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Events with unreadable start/end are Graph's fault: undefined → the caller reports upstream. */
export function toCalendarEvent(event: GraphEvent): CalendarEvent | undefined {
  const start = instantFromGraph(event.start);
  const end = instantFromGraph(event.end);
  if (!start || !end) return undefined;
  const attendees: EventAttendee[] = (event.attendees ?? []).flatMap((a) => {
    const email = lower(a.emailAddress?.address);
    // Rooms and equipment ("resource") are not people to schedule around.
    if (!email || a.type === "resource") return [];
    return [{ email, name: a.emailAddress?.name ?? undefined, type: a.type === "optional" ? "optional" : "required" }];
  });
  const content = event.body?.content ?? undefined;
  return {
    id: event.id,
    subject: event.subject ?? "",
    start,
    end,
    timeZone: ianaFromGraphZone(event.originalStartTimeZone),
    organizerEmail: lower(event.organizer?.emailAddress?.address),
    attendees,
    bodyHtml: content === undefined ? undefined : event.body?.contentType === "text" ? escapeHtml(content).replace(/\r?\n/g, "<br>") : content,
    isOnlineMeeting: event.isOnlineMeeting ?? false,
    joinUrl: event.onlineMeeting?.joinUrl ?? undefined,
    type: event.type ?? "singleInstance",
    seriesMasterId: event.seriesMasterId ?? undefined,
    iCalUId: event.iCalUId ?? undefined,
    webLink: event.webLink ?? undefined,
  };
}
