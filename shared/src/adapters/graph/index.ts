/**
 * GraphPort over Microsoft Graph v1.0, app-only (client credentials).
 *
 * Round trips: getUsers = one $batch per 10 users (user + manager via $expand, and mailboxSettings);
 * getSchedules = one $batch for up to 400 attendees (getSchedule requests of ≤ 20 schedules each);
 * everything else is one request (plus @odata.nextLink pages). At most `maxConcurrentPerMailbox` requests
 * are in flight per mailbox, counting $batch items. 429/503/504 are retried after Retry-After — by the
 * client's RetryHandler for whole requests, by BatchRunner for items inside a $batch. Failures come back
 * as Result: 404 → not_found, other Graph answers → upstream { status, graphCode }, no answer → unavailable.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { instantSchema, timeZoneSchema } from "../../common/schemas.js";
import { err, fail, ok, parseWith, type Result } from "../../errors.js";
import type { AttendeeSchedule, CalendarEvent, DirectoryUser, GraphPort, NewEvent, ScheduleRequest } from "../../ports/graph.js";
import { BatchRunner, MAX_BATCH_REQUESTS, type BatchAnswer, type BatchRequest } from "./batch.js";
import { errorFromAnswer } from "./errors.js";
import { GraphHttp, parseAnswer } from "./http.js";
import { MailboxLimiter } from "./limiter.js";
import { toAttendeeSchedule, toCalendarEvent, toDirectoryUser } from "./mapping.js";
import {
  eventPageSchema,
  eventSchema,
  mailboxSettingsSchema,
  scheduleResponseSchema,
  userPageSchema,
  userSchema,
  type GraphEvent,
  type GraphScheduleInformation,
} from "./schemas.js";
import { graphWallTime, windowsFromIana } from "./timezones.js";

export { MailboxLimiter } from "./limiter.js";
export { ianaFromGraphZone, windowsFromIana } from "./timezones.js";

export interface GraphAdapterOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default https://graph.microsoft.com (the local simulator in dev/tests). */
  baseUrl?: string;
  /** Default https://login.microsoftonline.com. */
  authorityHost?: string;
  /** Default ["https://graph.microsoft.com/.default"]. */
  scopes?: string[];
  /** Outlook allows 4 concurrent requests per mailbox. */
  maxConcurrentPerMailbox?: number;
  /** Retries after 429/503/504 (RetryHandler and $batch items). Default 3. */
  maxRetries?: number;
  /** Wait when Graph sends no Retry-After (seconds; doubled per attempt for $batch items). Default 3. */
  retryDelaySeconds?: number;
  /** Cap for one Retry-After wait inside $batch handling. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Whole-call deadline (including RetryHandler waits). Default 100 000 ms. */
  requestTimeoutMs?: number;
  /** $batch calls in flight at once. Default 4. */
  batchesInFlight?: number;
  /** Teams provisions join URLs asynchronously: re-read the event this often / this far apart. Default 3 × 1000 ms. */
  joinUrlReadBack?: { attempts: number; delayMs: number };
}

const optionsSchema = z.object({
  tenantId: z.string().trim().min(1),
  clientId: z.string().trim().min(1),
  clientSecret: z.string().min(1),
  baseUrl: z.url().default("https://graph.microsoft.com"),
  authorityHost: z.url().default("https://login.microsoftonline.com"),
  scopes: z.array(z.string().min(1)).min(1).default(["https://graph.microsoft.com/.default"]),
  maxConcurrentPerMailbox: z.number().int().min(1).max(100).default(4),
  maxRetries: z.number().int().min(0).max(10).default(3),
  retryDelaySeconds: z.number().min(0).max(180).default(3),
  maxRetryAfterSeconds: z.number().min(0).max(3600).default(60),
  requestTimeoutMs: z.number().int().min(1).default(100_000),
  batchesInFlight: z.number().int().min(1).max(50).default(4),
  joinUrlReadBack: z.object({ attempts: z.number().int().min(0).max(20), delayMs: z.number().int().min(0) }).default({ attempts: 3, delayMs: 1000 }),
});

/** Graph allows getSchedule windows shorter than 62 days. */
export const MAX_SCHEDULE_WINDOW_DAYS = 62;
export const MAX_SCHEDULES_PER_REQUEST = 20;
/** Attendees / users per port call; beyond that callers should page. */
export const MAX_ADDRESSES_PER_CALL = 1000;

const PREFER = 'outlook.timezone="UTC", outlook.body-content-type="html"';
const EVENT_SELECT = "id,subject,start,end,originalStartTimeZone,organizer,attendees,body,isOnlineMeeting,onlineMeeting,type,seriesMasterId,iCalUId,webLink";
const USER_SELECT = "id,displayName,mail,userPrincipalName,jobTitle";
const PAGE_SIZE = 250;
const MAX_PAGES = 40;

const who = z.string().trim().min(1, "must name a user (id, mail or UPN)").max(320);
const itemId = z.string().trim().min(1, "must be an event id").max(1024);
const addressList = z.array(who).max(MAX_ADDRESSES_PER_CALL, `at most ${MAX_ADDRESSES_PER_CALL} at once`);
const windowSchema = z
  .object({ start: instantSchema, end: instantSchema })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: "end must be after start", path: ["end"] });

const scheduleRequestSchema = z
  .object({
    asUser: who,
    emails: z.array(z.email().max(320)).min(1, "name at least one attendee").max(MAX_ADDRESSES_PER_CALL),
    start: instantSchema,
    end: instantSchema,
    intervalMinutes: z.number().int().min(5).max(1440).default(30),
  })
  .refine((r) => Date.parse(r.end) > Date.parse(r.start), { message: "end must be after start", path: ["end"] })
  .refine((r) => Date.parse(r.end) - Date.parse(r.start) < MAX_SCHEDULE_WINDOW_DAYS * 86_400_000, {
    message: `the window must be shorter than ${MAX_SCHEDULE_WINDOW_DAYS} days (Graph's getSchedule limit)`,
    path: ["end"],
  });

const newEventSchema = z
  .object({
    subject: z.string().trim().min(1).max(255),
    bodyHtml: z.string().max(1_000_000),
    start: instantSchema,
    end: instantSchema,
    timeZone: timeZoneSchema,
    attendees: z.array(z.object({ email: z.email().max(320), name: z.string().max(256).optional(), type: z.enum(["required", "optional"]) })).max(500),
    online: z.boolean(),
    transactionId: z.string().trim().min(1).max(255),
  })
  .refine((e) => Date.parse(e.end) > Date.parse(e.start), { message: "end must be after start", path: ["end"] });

const enc = encodeURIComponent;

export function createGraphAdapter(input: GraphAdapterOptions): GraphPort {
  const options = optionsSchema.parse(input);
  const limiter = new MailboxLimiter(options.maxConcurrentPerMailbox);
  const http = new GraphHttp(
    {
      tenantId: options.tenantId,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      authorityHost: options.authorityHost.replace(/\/+$/, ""),
      scopes: options.scopes,
      maxRetries: options.maxRetries,
      retryDelaySeconds: options.retryDelaySeconds,
      requestTimeoutMs: options.requestTimeoutMs,
    },
    limiter,
  );

  // One limiter key per mailbox, whichever way callers name it (id, mail, UPN): learned from lookups.
  const aliases = new Map<string, string>();
  const mailboxKey = (mailbox: string): string => {
    const key = mailbox.trim().toLowerCase();
    return aliases.get(key) ?? key;
  };
  const remember = (user: DirectoryUser): void => {
    const key = user.id.toLowerCase();
    for (const name of [user.id, user.mail, user.userPrincipalName]) aliases.set(name.toLowerCase(), key);
  };
  const batches = new BatchRunner(
    http,
    limiter,
    {
      maxRetries: options.maxRetries,
      retryDelaySeconds: options.retryDelaySeconds,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
      batchesInFlight: options.batchesInFlight,
    },
    mailboxKey,
  );
  const parsedCall = <S extends z.ZodType>(c: Parameters<GraphHttp["call"]>[0], schema: S) =>
    http.parsed(c.mailbox === undefined ? c : { ...c, mailbox: mailboxKey(c.mailbox) }, schema);

  function eventResult(event: GraphEvent, what: string): Result<CalendarEvent> {
    const mapped = toCalendarEvent(event);
    return mapped ? ok(mapped) : fail("upstream", `${what}: Graph sent an event with unreadable start/end`, { eventId: event.id });
  }

  /** Follows @odata.nextLink pages of an event collection. */
  async function eventPages(path: string, mailbox: string, what: string): Promise<Result<CalendarEvent[]>> {
    const events: CalendarEvent[] = [];
    let next: string | undefined = path;
    for (let page = 0; next !== undefined; page += 1) {
      if (page >= MAX_PAGES) return fail("upstream", `${what}: more than ${MAX_PAGES * PAGE_SIZE} events; narrow the window`);
      const answer: Result<z.output<typeof eventPageSchema>> = await parsedCall({ method: "GET", path: next, headers: { Prefer: PREFER }, mailbox, what }, eventPageSchema);
      if (!answer.ok) return answer;
      for (const e of answer.value.value) {
        const mapped = eventResult(e, what);
        if (!mapped.ok) return mapped;
        events.push(mapped.value);
      }
      next = answer.value["@odata.nextLink"];
    }
    return ok(events);
  }

  async function getUsers(idsOrMails: readonly string[]): Promise<Result<DirectoryUser[]>> {
    const parsed = parseWith(addressList, idsOrMails, "user list");
    if (!parsed.ok) return parsed;
    const wanted = [...new Map(parsed.value.map((u) => [u.toLowerCase(), u])).values()];
    if (wanted.length === 0) return ok([]);
    // Two requests per user: directory (+ manager id via $expand) and mailbox settings. The mailbox
    // read is separate so a user without a mailbox still resolves (without zone / hours).
    const requests: BatchRequest[] = wanted.flatMap((u): BatchRequest[] => [
      { method: "GET", url: `/users/${enc(u)}?$select=${USER_SELECT}&$expand=manager($select=id)` },
      { method: "GET", url: `/users/${enc(u)}/mailboxSettings`, mailbox: u },
    ]);
    const answers = await batches.run(requests, "get users");
    if (!answers.ok) return answers;
    const users: DirectoryUser[] = [];
    const unknown: string[] = [];
    for (const [i, asked] of wanted.entries()) {
      const userAnswer = answers.value[2 * i] as BatchAnswer;
      const settingsAnswer = answers.value[2 * i + 1] as BatchAnswer;
      if (userAnswer.status === 404) {
        unknown.push(asked);
        continue;
      }
      if (userAnswer.status >= 400) return err(errorFromAnswer(userAnswer.status, userAnswer.body, `get user ${asked}`));
      const user = parseAnswer(userSchema, userAnswer.body, `get user ${asked}`);
      if (!user.ok) return user;
      let settings: z.output<typeof mailboxSettingsSchema> | undefined;
      if (settingsAnswer.status < 300) {
        const s = parseAnswer(mailboxSettingsSchema, settingsAnswer.body, `mailbox settings of ${asked}`);
        if (!s.ok) return s;
        settings = s.value;
      } else if (settingsAnswer.status !== 404) {
        return err(errorFromAnswer(settingsAnswer.status, settingsAnswer.body, `mailbox settings of ${asked}`));
      }
      const mapped = toDirectoryUser(user.value, settings);
      remember(mapped);
      users.push(mapped);
    }
    if (unknown.length > 0) {
      return fail("not_found", `Unknown ${unknown.length === 1 ? "user" : "users"}: ${unknown.join(", ")}`, { unknown });
    }
    return ok(users);
  }

  return {
    getUsers,

    async getUser(idOrMail) {
      const result = await getUsers([idOrMail]);
      if (!result.ok) return result;
      const user = result.value[0];
      return user ? ok(user) : fail("not_found", `Unknown user: ${idOrMail}`, { unknown: [idOrMail] });
    },

    async findUsers(text, limit = 10) {
      const parsed = parseWith(z.object({ text: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(100) }), { text, limit }, "people search");
      if (!parsed.ok) return parsed;
      const literal = parsed.value.text.replace(/'/g, "''"); // OData string literal escaping
      const filter = `startswith(displayName,'${literal}') or startswith(mail,'${literal}')`;
      const answer = await parsedCall(
        { method: "GET", path: `/users?$filter=${enc(filter)}&$top=${parsed.value.limit}&$select=${USER_SELECT}`, what: "find users" },
        userPageSchema,
      );
      if (!answer.ok) return answer;
      return ok(answer.value.value.slice(0, parsed.value.limit).map((u) => toDirectoryUser(u)));
    },

    async getSchedules(request: ScheduleRequest): Promise<Result<AttendeeSchedule[]>> {
      const parsed = parseWith(scheduleRequestSchema, request, "free/busy request");
      if (!parsed.ok) return parsed;
      const { asUser, start, end, intervalMinutes } = parsed.value;
      const emails = [...new Map(parsed.value.emails.map((e) => [e.toLowerCase(), e])).values()];
      const chunks: string[][] = [];
      for (let i = 0; i < emails.length; i += MAX_SCHEDULES_PER_REQUEST) chunks.push(emails.slice(i, i + MAX_SCHEDULES_PER_REQUEST));
      const requests: BatchRequest[] = chunks.map((schedules) => ({
        method: "POST",
        url: `/users/${enc(asUser)}/calendar/getSchedule`,
        headers: { Prefer: PREFER },
        body: {
          schedules,
          startTime: { dateTime: graphWallTime(start, "UTC"), timeZone: "UTC" },
          endTime: { dateTime: graphWallTime(end, "UTC"), timeZone: "UTC" },
          availabilityViewInterval: intervalMinutes,
        },
        mailbox: asUser,
      }));
      const answers = await batches.run(requests, "getSchedule");
      if (!answers.ok) return answers;
      const byAddress = new Map<string, GraphScheduleInformation>();
      for (const answer of answers.value) {
        if (answer.status === 404) {
          return fail("not_found", `The mailbox the free/busy request runs as was not found: ${asUser}`, { unknown: [asUser], status: 404 });
        }
        if (answer.status >= 400) return err(errorFromAnswer(answer.status, answer.body, "getSchedule"));
        const parsedAnswer = parseAnswer(scheduleResponseSchema, answer.body, "getSchedule");
        if (!parsedAnswer.ok) return parsedAnswer;
        for (const info of parsedAnswer.value.value) byAddress.set(info.scheduleId.toLowerCase(), info);
      }
      return ok(emails.map((email) => toAttendeeSchedule(email, byAddress.get(email.toLowerCase()))));
    },

    async listCalendarView(user, start, end) {
      const parsed = parseWith(z.object({ user: who, window: windowSchema }), { user, window: { start, end } }, "calendar view request");
      if (!parsed.ok) return parsed;
      const w = parsed.value.window;
      const path = `/users/${enc(parsed.value.user)}/calendarView?startDateTime=${enc(w.start)}&endDateTime=${enc(w.end)}&$top=${PAGE_SIZE}&$select=${EVENT_SELECT}`;
      return eventPages(path, parsed.value.user, `calendar of ${parsed.value.user}`);
    },

    async createEvent(organizer: string, event: NewEvent): Promise<Result<CalendarEvent>> {
      const parsed = parseWith(z.object({ organizer: who, event: newEventSchema }), { organizer, event }, "new event");
      if (!parsed.ok) return parsed;
      const e = parsed.value.event;
      const org = parsed.value.organizer;
      // Event times go out as wall time in the organizer's chosen zone (Windows name, which every
      // Exchange accepts); UTC when CLDR has no Windows name for it.
      const windowsZone = windowsFromIana(e.timeZone);
      const zone = windowsZone ? e.timeZone : "UTC";
      const body = {
        subject: e.subject,
        body: { contentType: "HTML", content: e.bodyHtml },
        start: { dateTime: graphWallTime(e.start, zone), timeZone: windowsZone ?? "UTC" },
        end: { dateTime: graphWallTime(e.end, zone), timeZone: windowsZone ?? "UTC" },
        attendees: e.attendees.map((a) => ({ emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) }, type: a.type })),
        allowNewTimeProposals: true,
        transactionId: e.transactionId,
        ...(e.online ? { isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" } : {}),
      };
      const what = `create event for ${org}`;
      const created = await parsedCall({ method: "POST", path: `/users/${enc(org)}/events`, body, headers: { Prefer: PREFER }, mailbox: org, what }, eventSchema);
      if (!created.ok) return created;
      const mapped = eventResult(created.value, what);
      if (!mapped.ok || !e.online || mapped.value.joinUrl) return mapped;
      // The join URL can lag behind creation; read it back a few times. Still missing → the event is
      // returned without it (it exists; the caller decides whether that is acceptable).
      for (let attempt = 0; attempt < options.joinUrlReadBack.attempts; attempt += 1) {
        await sleep(options.joinUrlReadBack.delayMs);
        const again = await parsedCall(
          { method: "GET", path: `/users/${enc(org)}/events/${enc(mapped.value.id)}?$select=${EVENT_SELECT}`, headers: { Prefer: PREFER }, mailbox: org, what },
          eventSchema,
        );
        if (!again.ok) return again;
        const reread = eventResult(again.value, what);
        if (!reread.ok || reread.value.joinUrl) return reread;
      }
      return mapped;
    },

    async getEvent(user, eventId) {
      const parsed = parseWith(z.object({ user: who, eventId: itemId }), { user, eventId }, "event lookup");
      if (!parsed.ok) return parsed;
      const what = `event ${parsed.value.eventId} of ${parsed.value.user}`;
      const answer = await parsedCall(
        {
          method: "GET",
          path: `/users/${enc(parsed.value.user)}/events/${enc(parsed.value.eventId)}?$select=${EVENT_SELECT}`,
          headers: { Prefer: PREFER },
          mailbox: parsed.value.user,
          what,
        },
        eventSchema,
      );
      return answer.ok ? eventResult(answer.value, what) : answer;
    },

    async listInstances(user, seriesMasterId, start, end) {
      const parsed = parseWith(
        z.object({ user: who, seriesMasterId: itemId, window: windowSchema }),
        { user, seriesMasterId, window: { start, end } },
        "series instances request",
      );
      if (!parsed.ok) return parsed;
      const { window: w } = parsed.value;
      const path =
        `/users/${enc(parsed.value.user)}/events/${enc(parsed.value.seriesMasterId)}/instances` +
        `?startDateTime=${enc(w.start)}&endDateTime=${enc(w.end)}&$top=${PAGE_SIZE}&$select=${EVENT_SELECT}`;
      return eventPages(path, parsed.value.user, `instances of ${parsed.value.seriesMasterId}`);
    },

    async updateEventBody(user, eventId, bodyHtml) {
      const parsed = parseWith(
        z.object({ user: who, eventId: itemId, bodyHtml: z.string().max(1_000_000) }),
        { user, eventId, bodyHtml },
        "event body update",
      );
      if (!parsed.ok) return parsed;
      const what = `update body of event ${parsed.value.eventId}`;
      const answer = await parsedCall(
        {
          method: "PATCH",
          path: `/users/${enc(parsed.value.user)}/events/${enc(parsed.value.eventId)}`,
          body: { body: { contentType: "HTML", content: parsed.value.bodyHtml } },
          headers: { Prefer: PREFER },
          mailbox: parsed.value.user,
          what,
        },
        eventSchema,
      );
      return answer.ok ? eventResult(answer.value, what) : answer;
    },
  };
}

export { MAX_BATCH_REQUESTS };
