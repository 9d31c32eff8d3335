/**
 * The add-in REST API, mounted by the HTTP host at /api/v1. Order matters:
 *   no-store → CORS (preflights answered without a token) → token validation → JSON body (parsed only for
 *   authenticated callers, with its own size limit) → routes → 404 → problem+json for anything that failed.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import { sendProblem } from "../host/http.js";
import type { Logger } from "../logger.js";
import type { ApiCaller, TokenValidator } from "./auth.js";
import { corsFor } from "./cors.js";
import { sendAuthFailure, sendDomainError, statusOf } from "./problems.js";
import type { ApiRoute } from "./route.js";

/** Outlook caps a body write at 1 MB and Excel web a request at 5 MB; pane requests stay far below. */
export const defaultBodyLimit = "1mb";

export type ApiAuth = { validator: TokenValidator; scope: string } | { off: string };

export interface ApiRouterDeps {
  auth: ApiAuth;
  routes: readonly ApiRoute[];
  log: Logger;
  corsOrigins?: readonly string[];
  bodyLimit?: string;
}

/** The caller authenticate() put on the response; routes never see a request without one. */
export function callerOf(res: Response): ApiCaller {
  const caller = res.locals["caller"] as ApiCaller | undefined;
  if (!caller) throw new Error("API route reached without an authenticated caller");
  return caller;
}

function authenticate(validator: TokenValidator, scope: string, log: Logger): RequestHandler {
  return async (req, res, next) => {
    const result = await validator.validate(req.get("authorization"));
    if (!result.ok) {
      const failure = result.error;
      if (failure.status === 503) log.warn({ code: failure.code }, "API token keys unavailable");
      else log.debug({ code: failure.code, detail: failure.detail, path: req.path }, "API request refused");
      sendAuthFailure(res, failure, scope);
      return;
    }
    res.locals["caller"] = result.value;
    next();
  };
}

function mount(route: ApiRoute, log: Logger): RequestHandler {
  return async (req, res) => {
    // req.is: null without a body, false with a body of another type.
    if (route.takesBody && req.is("application/json") === false) {
      sendProblem(res, 415, "Unsupported media type", "send the request body as application/json", { code: "validation" });
      return;
    }
    const caller = callerOf(res);
    const result = await route.run(caller, { params: req.params, query: req.query, body: req.body as unknown });
    if (!result.ok) {
      if (statusOf(result.error.code) >= 500) {
        log.warn({ err: result.error, tenantId: caller.tenantId, route: `${route.method.toUpperCase()} ${route.path}` }, "API dependency failed");
      }
      sendDomainError(res, result.error);
      return;
    }
    const { status = 200, body, headers } = result.value;
    if (headers) res.set(headers);
    if (body === undefined) res.status(status).end();
    else res.status(status).json(body);
  };
}

export function createApiRouter(deps: ApiRouterDeps): Router {
  const { log } = deps;
  const router = express.Router();
  // Answers carry people's data: no shared caches.
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  router.use(corsFor(deps.corsOrigins ?? []));

  if ("off" in deps.auth) {
    const reason = deps.auth.off;
    router.use((_req, res) => sendProblem(res, 503, "The add-in API is not configured", reason, { code: "unavailable" }));
    return router;
  }

  router.use(authenticate(deps.auth.validator, deps.auth.scope, log));
  router.use(express.json({ limit: deps.bodyLimit ?? defaultBodyLimit }));
  for (const route of deps.routes) router[route.method](route.path, mount(route, log));
  router.use((req, res) => sendProblem(res, 404, "Not found", `no API endpoint ${req.method} /api/v1${req.path}`, { code: "not_found" }));
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Body-parser failures (malformed JSON 400, too large 413, unsupported charset 415) are the caller's.
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      sendProblem(res, status, status === 413 ? "Request too large" : status === 415 ? "Unsupported media type" : "Malformed request", (error as Error).message, {
        code: "validation",
      });
      return;
    }
    log.error({ err: error }, "unhandled API error");
    sendProblem(res, 500, "Internal error", undefined, { code: "internal" });
  });
  return router;
}
