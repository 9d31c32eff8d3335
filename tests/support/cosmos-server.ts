import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { createHttpServer } from "@vercel/cosmosdb-server";

/**
 * The Cosmos DB emulator's well-known key. cosmosdb-server ignores auth, but the SDK needs a base64
 * key to sign requests, and using the real emulator's key keeps configs interchangeable.
 */
export const cosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

export interface CosmosTestServer {
  /** http://127.0.0.1:<port> — connect with endpoint discovery disabled. */
  endpoint: string;
  key: string;
  stop(): Promise<void>;
}

export interface CosmosServerOptions {
  /**
   * "in-process" (default): quickest to start, right for tests. "child": its own Node process, so a
   * benchmark measures client and server on separate cores rather than one event loop.
   */
  mode?: "in-process" | "child";
}

/**
 * Starts @vercel/cosmosdb-server on a free port over plain HTTP (no certificate to trust). Its state
 * lives in memory and is gone after `stop()`.
 */
export async function startCosmosServer(options: CosmosServerOptions = {}): Promise<CosmosTestServer> {
  return options.mode === "child" ? startChild() : startInProcess();
}

async function startInProcess(): Promise<CosmosTestServer> {
  // keepAlive: the server otherwise answers "connection: close" and every request pays a TCP handshake.
  const server = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: cosmosEmulatorKey,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // kept-alive SDK sockets would hold close() open
      }),
  };
}

async function startChild(): Promise<CosmosTestServer> {
  const modulePath = createRequire(import.meta.url).resolve("@vercel/cosmosdb-server");
  const script = `
    const { createHttpServer } = require(${JSON.stringify(modulePath)});
    const server = createHttpServer({ keepAlive: true });
    server.listen(0, "127.0.0.1", () => process.stdout.write("port=" + server.address().port + "\\n"));
    process.on("SIGTERM", () => process.exit(0));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /port=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`cosmosdb-server exited early (${code})`)));
    child.once("error", reject);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: cosmosEmulatorKey,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
