/**
 * GraphPort over Microsoft Graph v1.0, app-only (client credentials).
 *
 * Round trips: getUsers = one $batch per 10 users (user + manager via $expand, and mailboxSettings),
 * plus two more only for addresses Graph does not take as a UPN (found by mail, then read by id);
 * getSchedules = one $batch for up to 400 attendees (getSchedule requests of ≤ 20 schedules each);
 * everything else is one request (plus @odata.nextLink pages). At most `maxConcurrentPerMailbox` requests
 * are in flight per mailbox, counting $batch items. 429/503/504 are retried after Retry-After — by the
 * client's RetryHandler for whole requests, by BatchRunner for items inside a $batch. Failures come back
 * as Result: 404 → not_found, other Graph answers → upstream { status, graphCode }, no answer → unavailable.
 * Graph paths take `/users/{id | userPrincipalName}` only: a mailbox named by a mail address that is not
 * its UPN is looked up by mail once and then addressed by id.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { instantSchema, timeZoneSchema } from "../../common/schemas.js";
import { err, fail, ok, parseWith, type DomainError, type Result } from "../../errors.js";
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
import { graphWallTime, unambiguousGraphWallTime, windowsFromIana } from "./timezones.js";

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
/** Names (id / mail / UPN) → user id remembered per adapter. */
const MAX_ALIASES = 20_000;

// "." and ".." would survive encodeURIComponent and be resolved as dot segments by the URL parser,
// re-targeting the request ("/users/x/events/.." is "/users/x").
const notDotSegment = (s: string): boolean => s !== "." && s !== "..";
const who = z.string().trim().min(1, "must name a user (id, mail or UPN)").max(320).refine(notDotSegment, "must name a user (id, mail or UPN)");
const itemId = z.string().trim().min(1, "must be an event id").max(1024).refine(notDotSegment, "must be an event id");
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

  // Callers name mailboxes by id, mail or UPN, but Graph's `/users/{…}` paths take only an id or a UPN
  // (a mail address that is not the UPN is 404 there). Lookups teach the adapter every name of a user →
  // its id: later calls address the mailbox by id, and the limiter counts one key per mailbox. Bounded:
  // past MAX_ALIASES the names used longest ago are forgotten (they are learned again on next use).
  const aliases = new Map<string, string>();
  const idOf = (name: string): string | undefined => aliases.get(name.trim().toLowerCase());
  const mailboxKey = (mailbox: string): string => (idOf(mailbox) ?? mailbox.trim()).toLowerCase();
  /** The `/users/{segment}` for a name: its id once known. */
  const segment = (name: string): string => enc(idOf(name) ?? name.trim());
  const remember = (user: { id: string; mail?: string | null | undefined; userPrincipalName?: string | null | undefined }, asked?: string): void => {
    for (const name of [user.id, user.mail, user.userPrincipalName, asked]) {
      if (!name) continue;
      const key = name.trim().toLowerCase();
      aliases.delete(key); // re-insert: Map order is then "least recently learned first"
      aliases.set(key, user.id);
    }
    while (aliases.size > MAX_ALIASES) aliases.delete(aliases.keys().next().value as string);
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

  /** The directory path that finds a user by mail address (mail is unique in a tenant). */
  const byMailPath = (address: string): string => `/users?$filter=${enc(`mail eq '${odataString(address)}'`)}&$select=id,mail,userPrincipalName&$top=2`;

  /** Id of the user whose mail is `address`; undefined when nobody's is. */
  async function idByMail(address: string): Promise<Result<string | undefined>> {
    const page = await parsedCall({ method: "GET", path: byMailPath(address), what: `find user ${address} by mail` }, userPageSchema);
    if (!page.ok) return page;
    const [only, ...more] = page.value.value;
    if (!only || more.length > 0) return ok(undefined);
    remember(only, address);
    return ok(only.id);
  }

  /**
   * Runs a call addressed to a mailbox. When Graph does not know the mailbox by a mail address the adapter
   * has not resolved yet (it is not the UPN), the address is looked up by mail and the call made once
   * more, by id. Safe for writes: a 404 for the mailbox means nothing was done.
   */
  async function onMailbox<T>(mailbox: string, run: (segment: string) => Promise<Result<T>>): Promise<Result<T>> {
    const knownId = idOf(mailbox);
    const first = await run(enc(knownId ?? mailbox.trim()));
    if (first.ok || knownId !== undefined || !mailbox.includes("@") || !unknownMailbox(first.error)) return first;
    const id = idOf(mailbox) ?? (await idByMail(mailbox));
    if (typeof id === "string") return run(enc(id));
    if (!id.ok) return id;
    return id.value === undefined ? first : run(enc(id.value));
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

  /**
   * Directory entry (+ manager id) and mailbox settings of each name, in one $batch per 10 names;
   * undefined where Graph does not know the name. The mailbox read is separate so a user without a
   * mailbox still resolves (without zone / hours).
   */
  async function readUsers(names: readonly string[]): Promise<Result<(DirectoryUser | undefined)[]>> {
    const requests: BatchRequest[] = names.flatMap((u): BatchRequest[] => [
      { method: "GET", url: `/users/${segment(u)}?$select=${USER_SELECT}&$expand=manager($select=id)` },
      { method: "GET", url: `/users/${segment(u)}/mailboxSettings`, mailbox: u },
    ]);
    const answers = await batches.run(requests, "get users");
    if (!answers.ok) return answers;
    const users: (DirectoryUser | undefined)[] = [];
    for (const [i, asked] of names.entries()) {
      const userAnswer = answers.value[2 * i] as BatchAnswer;
      const settingsAnswer = answers.value[2 * i + 1] as BatchAnswer;
      if (userAnswer.status === 404) {
        users.push(undefined);
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
      remember(mapped, asked);
      users.push(mapped);
    }
    return ok(users);
  }

  /** Ids of the users whose mail is one of `addresses` (one $batch of directory filters). */
  async function idsByMail(addresses: readonly string[]): Promise<Result<Map<string, string>>> {
    const answers = await batches.run(
      addresses.map((a): BatchRequest => ({ method: "GET", url: byMailPath(a) })),
      "find users by mail",
    );
    if (!answers.ok) return answers;
    const ids = new Map<string, string>();
    for (const [i, address] of addresses.entries()) {
      const answer = answers.value[i] as BatchAnswer;
      if (answer.status >= 400) return err(errorFromAnswer(answer.status, answer.body, `find user ${address} by mail`));
      const page = parseAnswer(userPageSchema, answer.body, `find user ${address} by mail`);
      if (!page.ok) return page;
      const [only, ...more] = page.value.value;
      if (only && more.length === 0) ids.set(address, only.id);
    }
    return ok(ids);
  }

  async function getUsers(idsOrMails: readonly string[]): Promise<Result<DirectoryUser[]>> {
    const parsed = parseWith(addressList, idsOrMails, "user list");
    if (!parsed.ok) return parsed;
    const wanted = [...new Map(parsed.value.map((u) => [u.toLowerCase(), u])).values()];
    if (wanted.length === 0) return ok([]);
    const first = await readUsers(wanted);
    if (!first.ok) return first;
    const found = first.value;
    // Addresses Graph did not take as a UPN may still be someone's mail: find those by mail, read by id.
    const byMail = wanted.filter((u, i) => found[i] === undefined && u.includes("@"));
    if (byMail.length > 0) {
      const ids = await idsByMail(byMail);
      if (!ids.ok) return ids;
      const resolved = [...ids.value];
      if (resolved.length > 0) {
        const second = await readUsers(resolved.map(([, id]) => id));
        if (!second.ok) return second;
        for (const [j, [address]] of resolved.entries()) {
          const user = second.value[j];
          if (!user) continue;
          remember(user, address);
          found[wanted.indexOf(address)] = user;
        }
      }
    }
    const unknown = wanted.filter((_, i) => found[i] === undefined);
    if (unknown.length > 0) {
      return fail("not_found", `Unknown ${unknown.length === 1 ? "user" : "users"}: ${unknown.join(", ")}`, { unknown });
    }
    return ok(found as DirectoryUser[]);
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
      const literal = odataString(parsed.value.text);
      const filter = `startswith(displayName,'${literal}') or startswith(mail,'${literal}')`;
      const answer = await parsedCall(
        { method: "GET", path: `/users?$filter=${enc(filter)}&$top=${parsed.value.limit}&$select=${USER_SELECT}`, what: "find users" },
        userPageSchema,
      );
      if (!answer.ok) return answer;
      const users = answer.value.value.slice(0, parsed.value.limit).map((u) => toDirectoryUser(u));
      for (const u of users) remember(u);
      return ok(users);
    },

    async getSchedules(request: ScheduleRequest): Promise<Result<AttendeeSchedule[]>> {
      const parsed = parseWith(scheduleRequestSchema, request, "free/busy request");
      if (!parsed.ok) return parsed;
      const { asUser, start, end, intervalMinutes } = parsed.value;
      const emails = [...new Map(parsed.value.emails.map((e) => [e.toLowerCase(), e])).values()];
      const chunks: string[][] = [];
      for (let i = 0; i < emails.length; i += MAX_SCHEDULES_PER_REQUEST) chunks.push(emails.slice(i, i + MAX_SCHEDULES_PER_REQUEST));
      return onMailbox(asUser, async (asSegment) => {
        const requests: BatchRequest[] = chunks.map((schedules) => ({
          method: "POST",
          url: `/users/${asSegment}/calendar/getSchedule`,
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
            const cause = errorFromAnswer(answer.status, answer.body, "getSchedule");
            return fail("not_found", `The mailbox the free/busy request runs as was not found: ${asUser}`, { ...cause.details, unknown: [asUser] });
          }
          if (answer.status >= 400) return err(errorFromAnswer(answer.status, answer.body, "getSchedule"));
          const parsedAnswer = parseAnswer(scheduleResponseSchema, answer.body, "getSchedule");
          if (!parsedAnswer.ok) return parsedAnswer;
          for (const info of parsedAnswer.value.value) byAddress.set(info.scheduleId.toLowerCase(), info);
        }
        return ok(emails.map((email) => toAttendeeSchedule(email, byAddress.get(email.toLowerCase()))));
      });
    },

    async listCalendarView(user, start, end) {
      const parsed = parseWith(z.object({ user: who, window: windowSchema }), { user, window: { start, end } }, "calendar view request");
      if (!parsed.ok) return parsed;
      const w = parsed.value.window;
      const mailbox = parsed.value.user;
      return onMailbox(mailbox, (seg) =>
        eventPages(`/users/${seg}/calendarView?startDateTime=${enc(w.start)}&endDateTime=${enc(w.end)}&$top=${PAGE_SIZE}&$select=${EVENT_SELECT}`, mailbox, `calendar of ${mailbox}`),
      );
    },

    async createEvent(organizer: string, event: NewEvent): Promise<Result<CalendarEvent>> {
      const parsed = parseWith(z.object({ organizer: who, event: newEventSchema }), { organizer, event }, "new event");
      if (!parsed.ok) return parsed;
      const e = parsed.value.event;
      const org = parsed.value.organizer;
      // Event times go out as wall time in the organizer's chosen zone (Windows name, which every
      // Exchange accepts); UTC when CLDR has no Windows name for it, or when a time falls in the hour a
      // DST fall-back repeats (that wall time names two instants).
      const windowsZone = windowsFromIana(e.timeZone);
      const wallStart = windowsZone ? unambiguousGraphWallTime(e.start, e.timeZone) : undefined;
      const wallEnd = windowsZone ? unambiguousGraphWallTime(e.end, e.timeZone) : undefined;
      const local = windowsZone !== undefined && wallStart !== undefined && wallEnd !== undefined;
      const body = {
        subject: e.subject,
        body: { contentType: "HTML", content: e.bodyHtml },
        start: local ? { dateTime: wallStart, timeZone: windowsZone } : { dateTime: graphWallTime(e.start, "UTC"), timeZone: "UTC" },
        end: local ? { dateTime: wallEnd, timeZone: windowsZone } : { dateTime: graphWallTime(e.end, "UTC"), timeZone: "UTC" },
        attendees: e.attendees.map((a) => ({ emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) }, type: a.type })),
        allowNewTimeProposals: true,
        transactionId: e.transactionId,
        ...(e.online ? { isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" } : {}),
      };
      const what = `create event for ${org}`;
      let orgSegment = segment(org);
      const created = await onMailbox(org, (seg) => {
        orgSegment = seg;
        return parsedCall({ method: "POST", path: `/users/${seg}/events`, body, headers: { Prefer: PREFER }, mailbox: org, what }, eventSchema);
      });
      if (!created.ok) return created;
      const mapped = eventResult(created.value, what);
      if (!mapped.ok || !e.online || mapped.value.joinUrl) return mapped;
      // The join URL can lag behind creation; read it back a few times. Still missing, or the read-back
      // failing → the event is returned without it: it exists (invitations are out), so an error here
      // would leave the caller with an event it believes was never made.
      for (let attempt = 0; attempt < options.joinUrlReadBack.attempts; attempt += 1) {
        await sleep(options.joinUrlReadBack.delayMs);
        const again = await parsedCall(
          { method: "GET", path: `/users/${orgSegment}/events/${enc(mapped.value.id)}?$select=${EVENT_SELECT}`, headers: { Prefer: PREFER }, mailbox: org, what },
          eventSchema,
        );
        if (!again.ok) return mapped;
        const reread = eventResult(again.value, what);
        if (!reread.ok) return mapped;
        if (reread.value.joinUrl) return reread;
      }
      return mapped;
    },

    async getEvent(user, eventId) {
      const parsed = parseWith(z.object({ user: who, eventId: itemId }), { user, eventId }, "event lookup");
      if (!parsed.ok) return parsed;
      const { user: mailbox, eventId: id } = parsed.value;
      const what = `event ${id} of ${mailbox}`;
      const answer = await onMailbox(mailbox, (seg) =>
        parsedCall({ method: "GET", path: `/users/${seg}/events/${enc(id)}?$select=${EVENT_SELECT}`, headers: { Prefer: PREFER }, mailbox, what }, eventSchema),
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
      const { window: w, user: mailbox, seriesMasterId: masterId } = parsed.value;
      return onMailbox(mailbox, (seg) =>
        eventPages(
          `/users/${seg}/events/${enc(masterId)}/instances?startDateTime=${enc(w.start)}&endDateTime=${enc(w.end)}&$top=${PAGE_SIZE}&$select=${EVENT_SELECT}`,
          mailbox,
          `instances of ${masterId}`,
        ),
      );
    },

    async updateEventBody(user, eventId, bodyHtml) {
      const parsed = parseWith(
        z.object({ user: who, eventId: itemId, bodyHtml: z.string().max(1_000_000) }),
        { user, eventId, bodyHtml },
        "event body update",
      );
      if (!parsed.ok) return parsed;
      const { user: mailbox, eventId: id } = parsed.value;
      const what = `update body of event ${id}`;
      const answer = await onMailbox(mailbox, (seg) =>
        parsedCall(
          {
            method: "PATCH",
            path: `/users/${seg}/events/${enc(id)}`,
            body: { body: { contentType: "HTML", content: parsed.value.bodyHtml } },
            headers: { Prefer: PREFER },
            mailbox,
            what,
          },
          eventSchema,
        ),
      );
      return answer.ok ? eventResult(answer.value, what) : answer;
    },
  };
}

/** Graph codes for "no such user / mailbox" (as opposed to e.g. ErrorItemNotFound for a missing event). */
const UNKNOWN_MAILBOX_CODES = new Set(["ErrorInvalidUser", "Request_ResourceNotFound", "ResourceNotFound"]);

function unknownMailbox(error: DomainError): boolean {
  return error.code === "not_found" && UNKNOWN_MAILBOX_CODES.has(String(error.details?.["graphCode"]));
}

/** An OData string literal's content: quotes doubled. */
function odataString(text: string): string {
  return text.replace(/'/g, "''");
}

export { MAX_BATCH_REQUESTS };
