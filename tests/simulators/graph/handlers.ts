/** Handlers for the Graph v1.0 routes the simulator implements (paths relative to /v1.0). */
import { DateTime } from "luxon";
import { graphError } from "./faults.js";
import { ODataError, parseExpand, parseFilter, parseSelect } from "./odata.js";
import type { SeedAttendee, SeedUser, ShowAs } from "./seed.js";
import { DEFAULT_USER_PROPERTIES, eventJson, mailboxSettingsJson, project, scheduleJson, userJson, type RenderContext } from "./shapes.js";
import type { CalendarItem, GraphState } from "./state.js";
import { ianaFromGraphName, parseGraphDateTime, preferredBodyType, preferredZone } from "./zones.js";

export interface SimRequest {
  method: string;
  /** Path after /v1.0, still percent-encoded, e.g. "/users/a%40b/events". */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  inBatch: boolean;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HandlerContext {
  state: GraphState;
  baseUrl: string;
  tenantId: string;
  now: () => number;
  /** Graph may return fewer items than $top; pages never exceed this. */
  maxPageSize: number;
}

const MAX_SCHEDULES = 20;
const MAX_SCHEDULE_WINDOW_DAYS = 62;

export const error = (status: number, code: string, message: string): SimResponse => ({ status, body: graphError(code, message) });

const userNotFound = (id: string): SimResponse =>
  error(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
const mailboxNotFound = (id: string): SimResponse => error(404, "ErrorInvalidUser", `The requested user '${id}' is invalid.`);
const itemNotFound = (): SimResponse => error(404, "ErrorItemNotFound", "The specified object was not found in the store.");

function renderContext(ctx: HandlerContext, req: SimRequest): RenderContext {
  return {
    baseUrl: ctx.baseUrl,
    tenantId: ctx.tenantId,
    zone: preferredZone(req.headers["prefer"]),
    bodyType: preferredBodyType(req.headers["prefer"]),
    now: ctx.now(),
  };
}

/** Like Graph's nextLinks: "$top=…" keeps its "$", values percent-encoded (spaces as %20, not "+"). */
function queryString(params: URLSearchParams): string {
  return [...params].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
}

const USER_FILTER_PROPERTIES = ["id", "displayName", "mail", "userPrincipalName", "givenName", "surname", "jobTitle", "department", "officeLocation"];

export function listUsers(ctx: HandlerContext, req: SimRequest): SimResponse {
  let predicate: ((r: Record<string, unknown>) => boolean) | undefined;
  const filter = req.query.get("$filter");
  if (filter) {
    try {
      predicate = parseFilter(filter, USER_FILTER_PROPERTIES);
    } catch (e) {
      if (e instanceof ODataError) return error(400, "Request_UnsupportedQuery", e.message);
      throw e;
    }
  }
  const top = req.query.has("$top") ? Number(req.query.get("$top")) : 100;
  if (!Number.isInteger(top) || top < 1 || top > 999) return error(400, "Request_BadRequest", "Invalid page size specified: '" + String(req.query.get("$top")) + "'. Must be between 1 and 999 inclusive.");
  const offset = Number(Buffer.from(req.query.get("$skiptoken") ?? "MA", "base64url").toString() || "0") || 0;
  const records = ctx.state.users.map((u) => userJson(u, ctx.baseUrl)).filter((r) => (predicate ? predicate(r) : true));
  const page = records.slice(offset, offset + top);
  const select = parseSelect(req.query.get("$select"));
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#users`,
    value: page.map((r) => project(r, select, DEFAULT_USER_PROPERTIES)),
  };
  if (offset + top < records.length) {
    const next = new URLSearchParams(req.query);
    next.set("$skiptoken", Buffer.from(String(offset + top)).toString("base64url"));
    body["@odata.nextLink"] = `${ctx.baseUrl}/v1.0/users?${queryString(next)}`;
  }
  return { status: 200, body };
}

function managerJson(ctx: HandlerContext, user: SeedUser, select: string[] | undefined): Record<string, unknown> | undefined {
  const manager = user.managerId ? ctx.state.userById(user.managerId) : undefined;
  if (!manager) return undefined;
  return { "@odata.type": "#microsoft.graph.user", ...project(userJson(manager, ctx.baseUrl), select, DEFAULT_USER_PROPERTIES) };
}

export function getUser(ctx: HandlerContext, req: SimRequest, idOrUpn: string): SimResponse {
  const user = ctx.state.findPathUser(idOrUpn);
  if (!user) return userNotFound(idOrUpn);
  const select = parseSelect(req.query.get("$select"));
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#users/$entity`,
    ...project(userJson(user, ctx.baseUrl), select, DEFAULT_USER_PROPERTIES),
  };
  const expand = parseExpand(req.query.get("$expand"));
  if (expand.has("manager")) {
    const manager = managerJson(ctx, user, expand.get("manager"));
    if (manager) body["manager"] = manager;
  }
  return { status: 200, body };
}

export function getManager(ctx: HandlerContext, req: SimRequest, idOrUpn: string): SimResponse {
  const user = ctx.state.findPathUser(idOrUpn);
  if (!user) return userNotFound(idOrUpn);
  const manager = managerJson(ctx, user, parseSelect(req.query.get("$select")));
  if (!manager) return userNotFound("manager");
  return { status: 200, body: { "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#directoryObjects/$entity`, ...manager } };
}

export function getMailboxSettings(ctx: HandlerContext, req: SimRequest, user: SeedUser): SimResponse {
  const settings = mailboxSettingsJson(user, ctx.baseUrl);
  const select = parseSelect(req.query.get("$select"));
  return { status: 200, body: select ? { "@odata.context": settings["@odata.context"], ...project(settings, select) } : settings };
}

export function getSchedule(ctx: HandlerContext, req: SimRequest, _asUser: SeedUser): SimResponse {
  const body = (req.body ?? {}) as { schedules?: unknown; startTime?: unknown; endTime?: unknown; availabilityViewInterval?: unknown };
  if (!Array.isArray(body.schedules) || body.schedules.length === 0 || !body.schedules.every((s) => typeof s === "string")) {
    return error(400, "ErrorInvalidParameter", "The parameter 'schedules' is required and must be a non-empty list of SMTP addresses.");
  }
  if (body.schedules.length > MAX_SCHEDULES) {
    return error(400, "ErrorInvalidParameter", `The number of schedules (${body.schedules.length}) exceeds the limit of ${MAX_SCHEDULES}.`);
  }
  const start = parseGraphDateTime(body.startTime);
  const end = parseGraphDateTime(body.endTime);
  if (start === undefined || end === undefined) return error(400, "ErrorInvalidParameter", "startTime and endTime need a dateTime and a known timeZone.");
  if (end <= start) return error(400, "ErrorInvalidParameter", "The end time must be after the start time.");
  if (end - start > MAX_SCHEDULE_WINDOW_DAYS * 86_400_000) {
    return error(400, "ErrorInvalidParameter", `The requested time window exceeds the maximum of ${MAX_SCHEDULE_WINDOW_DAYS} days.`);
  }
  const interval = body.availabilityViewInterval === undefined ? 30 : Number(body.availabilityViewInterval);
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
    return error(400, "ErrorInvalidParameter", "availabilityViewInterval must be between 5 and 1440 minutes.");
  }
  const zone = preferredZone(req.headers["prefer"]) ?? { label: "UTC", zone: "UTC" };
  const value = (body.schedules as string[]).map((address) =>
    scheduleJson(address, ctx.state.findUser(address), ctx.state, { start, end, intervalMinutes: interval }, zone),
  );
  return { status: 200, body: { "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value } };
}

const SHOW_AS: ShowAs[] = ["free", "tentative", "busy", "oof", "workingElsewhere"];

export function createEvent(ctx: HandlerContext, req: SimRequest, organizer: SeedUser): SimResponse {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const start = parseGraphDateTime(body["start"]);
  const end = parseGraphDateTime(body["end"]);
  if (start === undefined || end === undefined) {
    return error(400, "ErrorInvalidRequest", "The event needs start and end with a dateTime and a supported timeZone.");
  }
  if (end < start) return error(400, "ErrorInvalidRequest", "The event's end time can't be before its start time.");
  const zone = ianaFromGraphName((body["start"] as { timeZone?: string }).timeZone) ?? "UTC";
  const attendeesIn = Array.isArray(body["attendees"]) ? (body["attendees"] as unknown[]) : [];
  const attendees: SeedAttendee[] = [];
  for (const a of attendeesIn) {
    const email = (a as { emailAddress?: { address?: unknown; name?: unknown } })?.emailAddress;
    if (typeof email?.address !== "string" || !email.address.includes("@")) {
      return error(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
    }
    const type = (a as { type?: unknown }).type === "optional" ? "optional" : "required";
    const known = ctx.state.findUser(email.address);
    attendees.push({ email: email.address, name: typeof email.name === "string" ? email.name : (known?.displayName ?? email.address), type });
  }
  const bodyIn = body["body"] as { contentType?: string; content?: string } | undefined;
  const html = typeof bodyIn?.content === "string" ? bodyIn.content : "";
  const showAs = SHOW_AS.includes(body["showAs"] as ShowAs) ? (body["showAs"] as ShowAs) : "busy";
  const { event } = ctx.state.createEvent(organizer, {
    subject: typeof body["subject"] === "string" ? body["subject"] : "",
    bodyHtml: html,
    start: DateTime.fromMillis(start).toUTC().toISO() as string,
    end: DateTime.fromMillis(end).toUTC().toISO() as string,
    timeZone: zone,
    attendees,
    isOnlineMeeting: body["isOnlineMeeting"] === true,
    showAs,
    isAllDay: body["isAllDay"] === true,
    ...(typeof body["transactionId"] === "string" && body["transactionId"] !== "" ? { transactionId: body["transactionId"] } : {}),
  });
  const item = ctx.state.getItem(organizer.id, event.id) as CalendarItem;
  return {
    status: 201,
    body: { "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#users('${organizer.id}')/events/$entity`, ...eventJson(item, organizer, ctx.state, renderContext(ctx, req)) },
  };
}

export function getEvent(ctx: HandlerContext, req: SimRequest, user: SeedUser, eventId: string): SimResponse {
  const item = ctx.state.getItem(user.id, eventId);
  if (!item) return itemNotFound();
  const json = eventJson(item, user, ctx.state, renderContext(ctx, req));
  return { status: 200, body: project(json, parseSelect(req.query.get("$select"))) };
}

export function updateEvent(ctx: HandlerContext, req: SimRequest, user: SeedUser, eventId: string): SimResponse {
  const item = ctx.state.getItem(user.id, eventId);
  if (!item) return itemNotFound();
  const body = (req.body ?? {}) as { body?: { contentType?: unknown; content?: unknown } };
  if (body.body !== undefined) {
    if (typeof body.body?.content !== "string") return error(400, "ErrorInvalidRequest", "body.content must be a string.");
    ctx.state.updateBody(item, body.body.content);
  }
  const updated = ctx.state.getItem(user.id, eventId) as CalendarItem;
  return { status: 200, body: eventJson(updated, user, ctx.state, renderContext(ctx, req)) };
}

function timeWindow(req: SimRequest): { start: number; end: number } | SimResponse {
  const s = req.query.get("startDateTime") ?? req.query.get("StartDateTime");
  const e = req.query.get("endDateTime") ?? req.query.get("EndDateTime");
  if (!s || !e) {
    return error(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
  }
  const start = DateTime.fromISO(s, { zone: "utc" });
  const end = DateTime.fromISO(e, { zone: "utc" });
  if (!start.isValid || !end.isValid) return error(400, "ErrorInvalidParameter", "StartDateTime and EndDateTime must be ISO 8601 date-times.");
  return { start: start.toMillis(), end: end.toMillis() };
}

/** Lists with $top (default 10, as calendarView) and $skip paging via @odata.nextLink. */
function page(ctx: HandlerContext, req: SimRequest, items: CalendarItem[], user: SeedUser): SimResponse {
  const top = req.query.has("$top") ? Number(req.query.get("$top")) : 10;
  if (!Number.isInteger(top) || top < 1 || top > 1000) return error(400, "ErrorInvalidParameter", "$top must be between 1 and 1000.");
  const skip = Number(req.query.get("$skip") ?? "0") || 0;
  const size = Math.min(top, ctx.maxPageSize);
  const select = parseSelect(req.query.get("$select"));
  const render = renderContext(ctx, req);
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#Collection(event)`,
    value: items.slice(skip, skip + size).map((i) => project(eventJson(i, user, ctx.state, render), select)),
  };
  if (skip + size < items.length) {
    const next = new URLSearchParams(req.query);
    next.set("$skip", String(skip + size));
    body["@odata.nextLink"] = `${ctx.baseUrl}/v1.0${req.path}?${queryString(next)}`;
  }
  return { status: 200, body };
}

export function calendarView(ctx: HandlerContext, req: SimRequest, user: SeedUser): SimResponse {
  const window = timeWindow(req);
  if ("status" in window) return window;
  return page(ctx, req, ctx.state.calendarView(user.id, window.start, window.end), user);
}

export function listInstances(ctx: HandlerContext, req: SimRequest, user: SeedUser, masterId: string): SimResponse {
  const window = timeWindow(req);
  if ("status" in window) return window;
  const item = ctx.state.getItem(user.id, masterId);
  if (!item) return itemNotFound();
  const instances = ctx.state.instances(user.id, masterId, window.start, window.end);
  if (!instances) return error(400, "ErrorInvalidRequest", "The item is not a recurring series master; it has no instances.");
  return page(ctx, req, instances, user);
}

export { mailboxNotFound };
