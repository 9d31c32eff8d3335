/** Graph v1.0 JSON shapes (users, mailboxSettings, events, scheduleInformation) as the simulator renders them. */
import type { CalendarItem, GraphState } from "./state.js";
import type { SeedUser, ShowAs } from "./seed.js";
import { graphDateTime, windowsFromIana } from "./zones.js";

export interface RenderContext {
  baseUrl: string;
  tenantId: string;
  /** Zone from `Prefer: outlook.timezone` (label as sent + IANA zone), else each event's own zone. */
  zone?: { label: string; zone: string } | undefined;
  bodyType: "html" | "text";
  now: number;
}

const LOCALES: Record<string, { locale: string; displayName: string; dateFormat: string; timeFormat: string }> = {
  "America/New_York": { locale: "en-US", displayName: "English (United States)", dateFormat: "M/d/yyyy", timeFormat: "h:mm tt" },
  "Europe/London": { locale: "en-GB", displayName: "English (United Kingdom)", dateFormat: "dd/MM/yyyy", timeFormat: "HH:mm" },
  "Europe/Berlin": { locale: "de-DE", displayName: "Deutsch (Deutschland)", dateFormat: "dd.MM.yyyy", timeFormat: "HH:mm" },
  "Asia/Kolkata": { locale: "en-IN", displayName: "English (India)", dateFormat: "dd-MM-yyyy", timeFormat: "h:mm tt" },
  "Asia/Tokyo": { locale: "ja-JP", displayName: "日本語 (日本)", dateFormat: "yyyy/MM/dd", timeFormat: "H:mm" },
  "Australia/Sydney": { locale: "en-AU", displayName: "English (Australia)", dateFormat: "d/MM/yyyy", timeFormat: "h:mm tt" },
};
const US = LOCALES["America/New_York"] as (typeof LOCALES)[string];

const wallTime = (hhmm: string): string => `${hhmm}:00.0000000`;

export function workingHoursJson(user: SeedUser): Record<string, unknown> {
  return {
    daysOfWeek: user.workingHours.daysOfWeek,
    startTime: wallTime(user.workingHours.startTime),
    endTime: wallTime(user.workingHours.endTime),
    timeZone: { name: user.windowsTimeZone },
  };
}

export function mailboxSettingsJson(user: SeedUser, baseUrl: string): Record<string, unknown> {
  const locale = LOCALES[user.timeZone] ?? US;
  return {
    "@odata.context": `${baseUrl}/v1.0/$metadata#users('${user.id}')/mailboxSettings`,
    archiveFolder: `AAMkArchive${user.id.slice(0, 8)}`,
    timeZone: user.windowsTimeZone,
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOutOfOffice",
    dateFormat: locale.dateFormat,
    timeFormat: locale.timeFormat,
    userPurpose: "user",
    automaticRepliesSetting: {
      status: "disabled",
      externalAudience: "all",
      internalReplyMessage: "",
      externalReplyMessage: "",
      scheduledStartDateTime: { dateTime: "2026-01-01T00:00:00.0000000", timeZone: "UTC" },
      scheduledEndDateTime: { dateTime: "2026-01-02T00:00:00.0000000", timeZone: "UTC" },
    },
    language: { locale: locale.locale, displayName: locale.displayName },
    workingHours: workingHoursJson(user),
  };
}

/** Every user property the simulator knows; `$select` picks from these, the default set is Graph's. */
export function userJson(user: SeedUser, baseUrl: string): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [`+1 555 01${user.id.slice(0, 2).replace(/[a-f]/g, "7")}`],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: user.officeLocation,
    preferredLanguage: (LOCALES[user.timeZone] ?? US).locale,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    department: user.department,
    accountEnabled: true,
    usageLocation: (LOCALES[user.timeZone] ?? US).locale.slice(-2),
    mailboxSettings: mailboxSettingsJson(user, baseUrl),
  };
}

export const DEFAULT_USER_PROPERTIES = [
  "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
  "preferredLanguage", "surname", "userPrincipalName", "id",
];

/** `$select` projection (case-insensitive property names; unknown names are ignored, like Graph). */
export function project(record: Record<string, unknown>, select: string[] | undefined, fallback?: string[]): Record<string, unknown> {
  const names = select ?? fallback;
  if (!names) return record;
  const out: Record<string, unknown> = {};
  const byLower = new Map(Object.keys(record).map((k) => [k.toLowerCase(), k]));
  for (const name of ["@odata.etag", "id", ...names]) {
    const key = byLower.get(name.toLowerCase());
    if (key !== undefined && record[key] !== undefined) out[key] = record[key];
  }
  return out;
}

export function joinUrlFor(eventId: string, tenantId: string, organizerId: string): string {
  const meeting = Buffer.from(eventId).toString("base64url").slice(0, 40);
  const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerId }));
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${meeting}%40thread.v2/0?context=${context}`;
}

const stripTags = (html: string): string => html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();

export function eventJson(item: CalendarItem, viewer: SeedUser, state: GraphState, ctx: RenderContext): Record<string, unknown> {
  const ev = item.event;
  const organizer = state.userById(ev.organizerId);
  const zone = ctx.zone?.zone ?? ev.timeZone;
  const zoneLabel = ctx.zone?.label ?? windowsFromIana(ev.timeZone);
  const isOrganizer = viewer.id === ev.organizerId;
  const joinUrl = ev.isOnlineMeeting && ctx.now >= ev.joinUrlFrom ? joinUrlFor(ev.id, ctx.tenantId, ev.organizerId) : undefined;
  const body = ctx.bodyType === "text" ? stripTags(item.bodyHtml) : item.bodyHtml;
  const master = item.type === "seriesMaster";
  return {
    "@odata.etag": `W/"${ev.changeKey}"`,
    id: item.id,
    createdDateTime: ev.createdDateTime,
    lastModifiedDateTime: ev.lastModifiedDateTime,
    changeKey: ev.changeKey,
    categories: [],
    transactionId: ev.transactionId ?? null,
    originalStartTimeZone: windowsFromIana(ev.timeZone),
    originalEndTimeZone: windowsFromIana(ev.timeZone),
    iCalUId: ev.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: ev.subject,
    bodyPreview: stripTags(item.bodyHtml).slice(0, 255),
    importance: "normal",
    sensitivity: "normal",
    isAllDay: ev.isAllDay,
    isCancelled: false,
    isOrganizer,
    responseRequested: true,
    seriesMasterId: item.seriesMasterId ?? null,
    showAs: ev.showAs,
    type: item.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(item.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: ev.isOnlineMeeting,
    onlineMeetingProvider: ev.onlineMeetingProvider,
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    recurrence: master && ev.recurrence ? ev.recurrence : null,
    onlineMeeting: joinUrl ? { joinUrl } : null,
    responseStatus: { response: isOrganizer ? "organizer" : "accepted", time: ev.createdDateTime },
    body: { contentType: ctx.bodyType, content: body },
    start: { dateTime: graphDateTime(item.start, zone), timeZone: zoneLabel },
    end: { dateTime: graphDateTime(item.end, zone), timeZone: zoneLabel },
    location: { displayName: "", locationType: "default", uniqueIdType: "unknown", address: {}, coordinates: {} },
    locations: [],
    attendees: ev.attendees.map((a) => ({
      type: a.type,
      status: { response: "none", time: "0001-01-01T00:00:00Z" },
      emailAddress: { name: a.name, address: a.email },
    })),
    organizer: { emailAddress: { name: organizer?.displayName ?? "", address: organizer?.mail ?? "" } },
  };
}

const VIEW_CHAR: Record<ShowAs, string> = { free: "0", workingElsewhere: "0", tentative: "1", busy: "2", oof: "3" };
const RANK: Record<ShowAs, number> = { free: 0, workingElsewhere: 0, tentative: 1, busy: 2, oof: 3 };

/** One scheduleInformation (free/busy of one mailbox) for getSchedule. */
export function scheduleJson(
  scheduleId: string,
  user: SeedUser | undefined,
  state: GraphState,
  window: { start: number; end: number; intervalMinutes: number },
  zone: { label: string; zone: string },
): Record<string, unknown> {
  if (!user) {
    return {
      scheduleId,
      availabilityView: "",
      scheduleItems: [],
      error: { message: `The requested user '${scheduleId}' is invalid or the mailbox was not found.`, responseCode: "ErrorMailRecipientNotFound" },
    };
  }
  const items = state.calendarView(user.id, window.start, window.end).filter((i) => i.event.showAs !== "free");
  const slotMs = window.intervalMinutes * 60_000;
  const slots = Math.ceil((window.end - window.start) / slotMs);
  let view = "";
  for (let s = 0; s < slots; s += 1) {
    const a = window.start + s * slotMs;
    const b = Math.min(window.end, a + slotMs);
    let best: ShowAs = "free";
    for (const i of items) if (i.start < b && i.end > a && RANK[i.event.showAs] > RANK[best]) best = i.event.showAs;
    view += VIEW_CHAR[best];
  }
  return {
    scheduleId,
    availabilityView: view,
    scheduleItems: items.map((i) => ({
      isPrivate: false,
      status: i.event.showAs,
      subject: i.event.subject,
      location: "",
      isMeeting: i.event.attendees.length > 0,
      isRecurring: i.seriesMasterId !== undefined,
      isException: i.type === "exception",
      isReminderSet: true,
      start: { dateTime: graphDateTime(i.start, zone.zone), timeZone: zone.label },
      end: { dateTime: graphDateTime(i.end, zone.zone), timeZone: zone.label },
    })),
    workingHours: workingHoursJson(user),
  };
}
