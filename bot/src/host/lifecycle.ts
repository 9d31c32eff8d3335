import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Logger } from "../logger.js";

/** Resolves true when `work` settles within `ms`, false otherwise; its timer never holds the process open. */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
    timer.unref();
  });
  return Promise.race([work.then(() => true, () => true), timeout]).finally(() => clearTimeout(timer));
}

export interface HttpLifecycle {
  listen(port: number, host: string): Promise<{ server: Server; url: string }>;
  /** Stops taking connections and waits (at most `ms`) for running requests; then cuts what is left. */
  stop(ms: number): Promise<void>;
}

/**
 * Listening and a graceful stop. Node's server.close() only drops connections idle at that moment; a
 * kept-alive connection whose request is still running would stay open after its answer, so answers
 * given during shutdown say `Connection: close`, and whatever is left at the deadline is cut.
 */
export function httpLifecycle(app: Express, log: Logger): HttpLifecycle {
  let server: Server | undefined;
  const openResponses = new Set<ServerResponse>();
  let stopping = false;
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const s = app.listen(port, host, () => {
          server = s;
          const address = s.address() as AddressInfo;
          resolve({ server: s, url: `http://${host}:${address.port}` });
        });
        // Before express sees the request, so the header is set before anything is written.
        s.prependListener("request", (_req, res: ServerResponse) => {
          if (stopping) res.setHeader("connection", "close");
          openResponses.add(res);
          res.once("close", () => openResponses.delete(res));
        });
        s.once("error", reject);
      }),
    async stop(ms) {
      stopping = true;
      const s = server;
      if (!s) return;
      const stopped = new Promise<void>((resolve) => s.close(() => resolve()));
      for (const res of openResponses) if (!res.headersSent) res.setHeader("connection", "close");
      s.closeIdleConnections();
      if (!(await settlesWithin(stopped, ms))) {
        log.warn({ graceMs: ms }, "shutdown: requests still running at the deadline; connections cut");
        s.closeAllConnections();
      }
    },
  };
}
