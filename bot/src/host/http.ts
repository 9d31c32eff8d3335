import express, { type NextFunction, type Request, type Response } from "express";
import type { Activity, TurnContext } from "botbuilder";
import { z } from "zod";
import type { Logger } from "../logger.js";
import { isAuthFailure, type OpscoCloudAdapter } from "./adapter.js";

/** RFC 9457 problem+json — every HTTP error opsco answers has this shape. */
export function sendProblem(res: Response, status: number, title: string, detail?: string, extra?: Record<string, unknown>): void {
  res.status(status).type("application/problem+json").send(JSON.stringify({ type: "about:blank", title, status, ...(detail ? { detail } : {}), ...extra }));
}

// The minimum an activity needs before botbuilder sees it (botbuilder's own parse throws outside its
// try/catch on some malformed bodies).
const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  serviceUrl: z.url().max(2048),
  channelId: z.string().min(1).max(64),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  from: z.looseObject({ id: z.string().min(1).max(512) }).optional(),
  recipient: z.looseObject({ id: z.string().min(1).max(512) }).optional(),
  text: z.string().max(100_000).optional(),
  // botbuilder and the router index into these (entities[i].type, membersAdded[i].id) without checks.
  entities: z.array(z.looseObject({ type: z.string() })).max(500).optional(),
  membersAdded: z.array(z.looseObject({ id: z.string() })).max(1_000).optional(),
  membersRemoved: z.array(z.looseObject({ id: z.string() })).max(1_000).optional(),
});

export interface HttpAppDeps {
  adapter: OpscoCloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  log: Logger;
  health(): Promise<{ ok: boolean; [key: string]: unknown }>;
  /** The add-in REST API, mounted at /api/v1 (it parses its own bodies and answers its own errors). */
  api?: express.Router;
}

export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Before the bot's JSON parser: the API authenticates first, then parses with its own limit.
  if (deps.api) app.use("/api/v1", deps.api);
  app.use(express.json({ limit: "256kb" }));

  app.get("/healthz", async (_req, res) => {
    const health = await deps.health();
    res.status(health.ok ? 200 : 503).json(health);
  });

  app.post("/api/messages", async (req, res) => {
    const parsed = inboundActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      sendProblem(res, 400, "Invalid activity", parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
      return;
    }
    const authHeader = req.get("authorization") ?? "";
    try {
      const invokeResponse = await deps.adapter.handle(authHeader, parsed.data as unknown as Activity, deps.logic);
      if (invokeResponse) {
        res.status(invokeResponse.status);
        if (invokeResponse.body === undefined) res.end();
        else res.json(invokeResponse.body);
        return;
      }
      res.status(200).end();
    } catch (error) {
      if (isAuthFailure(error)) {
        deps.log.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "rejected unauthenticated activity");
        sendProblem(res, 401, "Unauthorized");
        return;
      }
      deps.log.error({ err: error, activityId: parsed.data.id }, "turn failed");
      sendProblem(res, 500, "Internal error");
    }
  });

  app.use((_req, res) => sendProblem(res, 404, "Not found"));
  // Body-parser errors (malformed JSON, too large) and anything else that escaped a route.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      sendProblem(res, status, status === 413 ? "Request too large" : "Malformed request", (error as Error).message);
      return;
    }
    deps.log.error({ err: error }, "unhandled HTTP error");
    sendProblem(res, 500, "Internal error");
  });
  return app;
}
