/**
 * The smallest real bot host for auth tests: express 5 + botbuilder CloudAdapter on 127.0.0.1.
 * (The production host lives in bot/src/server.ts; this one exists to prove the simulators against the
 * unmodified SDK.)
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { CloudAdapter, TurnContext } from "botbuilder";

export interface BotHost {
  /** http://127.0.0.1:PORT/api/messages */
  messagesUrl: string;
  close(): Promise<void>;
}

export async function startBotHost(adapter: CloudAdapter, logic: (context: TurnContext) => Promise<void>): Promise<BotHost> {
  const app = express();
  app.post("/api/messages", express.json({ limit: "1mb" }), async (req, res) => {
    await adapter.process(req, res, logic);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    messagesUrl: `http://127.0.0.1:${port}/api/messages`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
