/**
 * Microsoft Graph simulator: a real HTTPS server on 127.0.0.1 that speaks enough of Entra ID and Graph
 * v1.0 for opsco's Graph adapter (`@microsoft/microsoft-graph-client` + `@azure/identity`) to run unchanged.
 *
 * Run it
 *   - in tests:   `const sim = await startGraphSimulator({ faults: [...] })` then
 *                 `createGraphAdapter({ ...sim.adapterOptions() })`; `await sim.close()` at the end.
 *                 Start jest through `node tests/scripts/run-jest.mjs …`: it sets NODE_EXTRA_CA_CERTS to the
 *                 dev certificate (tests/dev/cert.mjs), which Node only reads at start-up.
 *   - by hand:    `NODE_EXTRA_CA_CERTS=.data/certs/localhost.crt node --import tsx tests/simulators/graph/main.ts`
 *                 (prints the GRAPH_* variables that point the app at it; `PORT=…`, `SEED=…`, `ANCHOR=…`).
 *
 * Endpoints
 *   Entra ID:  GET  /{tenant}/v2.0/.well-known/openid-configuration, GET /{tenant}/discovery/v2.0/keys,
 *              POST /{tenant}/oauth2/v2.0/token (client_credentials; checks tenant, client id, secret, scope)
 *   Graph:     /v1.0/users (?$filter startswith/eq/or/and, $top, $select, paging), /users/{id|upn} (a mail
 *              that is not the UPN is 404 there, as in Graph; see `upnDiffersFromMail`)
 *              (+$select, $expand=manager), /users/{id}/manager, /users/{id}/mailboxSettings,
 *              POST /users/{id}/calendar/getSchedule (≤ 20 schedules, < 62 days, Prefer outlook.timezone),
 *              POST /users/{id}/events (online meeting join URL, transactionId idempotency),
 *              GET|PATCH /users/{id}/events/{id}, GET /users/{id}/events/{id}/instances, GET /users/{id}/calendarView,
 *              POST /$batch (≤ 20 requests, ≤ 4 run at once, dependsOn → sequential with 424 on failed deps).
 *   Every Graph call needs a Bearer token from the token endpoint (RS256 JWT, verified). Errors use Graph's
 *   `{ error: { code, message, innerError } }`; unknown getSchedule mailboxes are reported in-line.
 *
 * Behaviour worth knowing
 *   - Outlook's per-mailbox concurrency: a 5th concurrent request to one mailbox (mailbox routes only, batch
 *     items included) gets 429 ApplicationThrottled; `stats.maxInFlightPerMailbox` records the peak.
 *   - Fault injection (`faults` / `setFaults`): 429 / 503 / any status with Retry-After, slow responses,
 *     per route name or RegExp, per mailbox, top level or inside $batch, N times.
 *   - Seed: see seed.ts (53 users, 8 zones, DST changes inside the default window, recurring series).
 */
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TokenAuthority } from "./auth.js";
import { FaultInjector, clearStats, emptyStats, graphError, type GraphFault, type GraphSimulatorStats } from "./faults.js";
import type { HandlerContext, SimResponse } from "./handlers.js";
import { GraphPipeline } from "./routes.js";
import { DEFAULT_SEED, buildSeed, stableGuid, type SeedTenant } from "./seed.js";
import { GraphState } from "./state.js";

export type { GraphFault, GraphRouteName, GraphSimulatorStats, RequestLogEntry } from "./faults.js";
export * from "./seed.js";

export interface GraphSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** PRNG seed for the generated calendars (default 42). */
  seed?: number;
  /** Seed window anchor, yyyy-MM-dd or "today" (default 2026-11-02). */
  anchor?: string;
  faults?: GraphFault[];
  /** Outlook allows 4 concurrent requests per mailbox; 0 turns the check off. */
  mailboxConcurrencyLimit?: number;
  /** Added to every Graph request (ms), e.g. to make concurrency visible. Default 0. */
  latencyMs?: number;
  /** Largest page of events returned whatever $top asks (Graph may page early). Default 1000. */
  maxPageSize?: number;
  /** Teams provisions the join URL asynchronously: created events show it only after this many ms. */
  onlineMeetingDelayMs?: number;
  /**
   * Mail addresses of seed users whose UPN becomes `{local}@{tenant}.onmicrosoft.test`: `/users/{mail}` is
   * then 404 for them, as in tenants where sign-in names and mail addresses differ.
   */
  upnDiffersFromMail?: string[];
  clientId?: string;
  clientSecret?: string;
  /** PEM cert/key; default: the dev certificate from tests/dev/cert.mjs. */
  tls?: { cert: string; key: string };
}

export interface GraphSimulator {
  /** https://127.0.0.1:PORT — both Graph's base URL and the authority host. */
  url: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The generated tenant (users, events, series, window, DST facts). */
  tenant: SeedTenant;
  stats: GraphSimulatorStats;
  /** Options for createGraphAdapter (tenantId, clientId, clientSecret, baseUrl, authorityHost). */
  adapterOptions(): { tenantId: string; clientId: string; clientSecret: string; baseUrl: string; authorityHost: string };
  /** Environment for the app (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_BASE_URL, GRAPH_AUTHORITY_HOST). */
  env(): Record<string, string>;
  setFaults(faults: GraphFault[]): void;
  /** Highest concurrent requests seen for a mailbox (id, mail or UPN). */
  maxInFlight(mailbox: string): number;
  /** Events created through POST /events since start / reset. */
  createdEvents(): number;
  /** Zeroes the counters only. */
  resetStats(): void;
  /** Back to the seeded tenant: calendars, faults and counters. */
  reset(): void;
  close(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

async function devCertificate(): Promise<{ cert: string; key: string }> {
  // cert.mjs is plain JS beside the launcher; imported by URL so TypeScript does not need its types.
  const module = (await import(pathToFileURL(path.join(repoRoot, "tests/dev/cert.mjs")).href)) as {
    readDevCertificate(root: string): Promise<{ cert: string; key: string }>;
  };
  return module.readDevCertificate(repoRoot);
}

function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on("end", () => (size > limit ? reject(new Error("body too large")) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined || status === 204 ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "content-type": "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8" } : {}),
    "content-length": String(Buffer.byteLength(text)),
    "request-id": globalThis.crypto.randomUUID(),
    ...headers,
  });
  res.end(text);
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const now = (): number => Date.now();
  const seedOptions = { seed: options.seed ?? DEFAULT_SEED, ...(options.anchor ? { anchor: options.anchor } : {}) };
  const tenant = buildSeed(seedOptions);
  const distinctUpns = new Set((options.upnDiffersFromMail ?? []).map((m) => m.toLowerCase()));
  for (const user of tenant.users) {
    if (distinctUpns.has(user.mail.toLowerCase())) user.userPrincipalName = `${user.mail.split("@")[0]}@${tenant.domain.split(".")[0]}.onmicrosoft.test`;
  }
  const tenantId = tenant.tenantId;
  const clientId = options.clientId ?? stableGuid(`client:${seedOptions.seed}`);
  const clientSecret = options.clientSecret ?? `opsco-sim~${stableGuid(`secret:${seedOptions.seed}`)}`;
  const authority = await TokenAuthority.create({ tenantId, clientId, clientSecret }, now);
  const tls = options.tls ?? (await devCertificate());
  const stats = emptyStats();
  const newState = (): GraphState => new GraphState(tenant, { onlineMeetingDelayMs: options.onlineMeetingDelayMs ?? 0, now });
  let state = newState();
  const faults = new FaultInjector((m) => state.findUser(m)?.id);
  faults.set(options.faults ?? []);
  let url = "";
  const handlerContext = (): HandlerContext => ({ state, baseUrl: url, tenantId, now, maxPageSize: options.maxPageSize ?? 1000 });
  const pipeline = new GraphPipeline(handlerContext, {
    stats,
    faults,
    mailboxConcurrencyLimit: options.mailboxConcurrencyLimit ?? 4,
    latencyMs: options.latencyMs ?? 0,
  });

  async function entraId(req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<boolean> {
    const [tenantSeg, a, b, c, d] = segments;
    if (req.method === "GET" && a === "v2.0" && b === ".well-known" && c === "openid-configuration" && segments.length === 4) {
      if (tenantSeg?.toLowerCase() !== tenantId.toLowerCase()) {
        send(res, 400, { error: "invalid_tenant", error_description: `AADSTS90002: Tenant '${tenantSeg ?? ""}' not found.` });
      } else send(res, 200, authority.openIdConfiguration(url));
      return true;
    }
    if (req.method === "GET" && a === "discovery" && b === "v2.0" && c === "keys") {
      send(res, 200, { keys: [authority.jwk] });
      return true;
    }
    if (req.method === "POST" && a === "oauth2" && b === "v2.0" && c === "token" && d === undefined) {
      stats.tokenRequests += 1;
      const fault = faults.take({ route: "token", method: "POST", path: req.url ?? "", mailboxUserId: undefined, inBatch: false });
      stats.faultsFired = faults.fired;
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.response) {
        send(res, fault.response.status, fault.response.body, fault.response.headers);
        return true;
      }
      const form = new URLSearchParams((await readBody(req)).toString("utf8"));
      const answer = await authority.token(tenantSeg ?? "", form);
      send(res, answer.status, answer.body, { "cache-control": "no-store, no-cache" });
      return true;
    }
    return false;
  }

  async function graph(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
    const authError = await authority.verify(headers["authorization"]);
    if (authError) {
      stats.graphRequests += 1;
      send(res, 401, graphError(authError.code, authError.message));
      return;
    }
    let body: unknown;
    const raw = await readBody(req);
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        stats.graphRequests += 1;
        send(res, 400, graphError("BadRequest", "Unable to read JSON request payload."));
        return;
      }
    }
    const response: SimResponse = await pipeline.handle({
      method: (req.method ?? "GET").toUpperCase(),
      path: target.pathname.slice("/v1.0".length),
      query: target.searchParams,
      headers,
      body,
      inBatch: false,
    });
    const echo: Record<string, string> = headers["client-request-id"] ? { "client-request-id": headers["client-request-id"] } : {};
    send(res, response.status, response.body, { ...echo, ...(response.headers ?? {}) });
  }

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    void (async () => {
      try {
        const target = new URL(req.url ?? "/", url);
        if (target.pathname === "/v1.0" || target.pathname.startsWith("/v1.0/")) {
          await graph(req, res, target);
          return;
        }
        const segments = target.pathname.split("/").filter(Boolean);
        if (await entraId(req, res, segments)) return;
        send(res, 404, graphError("NotFound", `No route for ${req.method ?? ""} ${target.pathname}`));
      } catch (e) {
        if (!res.headersSent) send(res, 500, graphError("generalException", (e as Error).message));
        else res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    authorityHost: url,
    tenantId,
    clientId,
    clientSecret,
    tenant,
    stats,
    adapterOptions: () => ({ tenantId, clientId, clientSecret, baseUrl: url, authorityHost: url }),
    env: () => ({
      GRAPH_TENANT_ID: tenantId,
      GRAPH_CLIENT_ID: clientId,
      GRAPH_CLIENT_SECRET: clientSecret,
      GRAPH_BASE_URL: url,
      GRAPH_AUTHORITY_HOST: url,
    }),
    setFaults: (f) => faults.set(f),
    maxInFlight: (mailbox) => {
      const id = state.findUser(mailbox)?.id;
      return id ? (stats.maxInFlightPerMailbox[id] ?? 0) : 0;
    },
    createdEvents: () => state.createdEvents(),
    resetStats: () => {
      clearStats(stats);
      faults.fired = 0;
    },
    reset: () => {
      state = newState();
      faults.set([]);
      faults.fired = 0;
      clearStats(stats);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
