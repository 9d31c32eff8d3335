/**
 * CORS for the add-in panes: they run in Office on their own origin and call this API with an
 * Authorization header, so browsers send a preflight first. Only configured origins (OPSCO_API_CORS_ORIGINS)
 * are answered; credentials are bearer tokens, never cookies, so no Allow-Credentials.
 */
import type { RequestHandler } from "express";

const allowedMethods = "GET, POST, PUT, PATCH, DELETE";
const allowedHeaders = "Authorization, Content-Type, If-Match";
/** Browsers cap this anyway (Chromium: 2 h). */
const preflightMaxAgeSeconds = 7200;

export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary("Origin");
    const origin = req.get("origin");
    const permitted = origin !== undefined && allowed.has(origin);
    if (permitted) {
      res.set("Access-Control-Allow-Origin", origin);
      res.set("Access-Control-Expose-Headers", "ETag, Retry-After, WWW-Authenticate");
    }
    if (req.method === "OPTIONS" && req.get("access-control-request-method")) {
      // A preflight carries no token: answer it before authentication. Unknown origins get no CORS
      // headers, so the browser blocks the real request.
      if (permitted) {
        res.set("Access-Control-Allow-Methods", allowedMethods);
        res.set("Access-Control-Allow-Headers", allowedHeaders);
        res.set("Access-Control-Max-Age", String(preflightMaxAgeSeconds));
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
