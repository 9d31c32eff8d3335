/**
 * The one place that talks to @microsoft/microsoft-graph-client. Requests go through the client's default
 * middleware chain (auth → RetryHandler → redirect → telemetry → fetch): the RetryHandler retries 429 /
 * 503 / 504 and waits the Retry-After Graph sends (tests/graph/resilience.test.ts proves it). Everything
 * comes back as a Result; nothing the network or Graph does is thrown.
 */
import { ClientSecretCredential } from "@azure/identity";
import { Client, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";
import type { z } from "zod";
import { DomainError, err, ok, type Result } from "../../errors.js";
import { errorFromThrown } from "./errors.js";
import type { MailboxLimiter } from "./limiter.js";

export interface GraphHttpOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  authorityHost: string;
  scopes: string[];
  maxRetries: number;
  retryDelaySeconds: number;
  requestTimeoutMs: number;
}

export interface GraphCall {
  method: "GET" | "POST" | "PATCH";
  /** Path under the version ("/users/…") or an absolute @odata.nextLink. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Mailbox the call runs against (limits concurrency); omit for directory reads and $batch. */
  mailbox?: string;
  /** For error messages: "get event", "getSchedule", … */
  what: string;
}

export class GraphHttp {
  private readonly client: Client;

  constructor(
    private readonly options: GraphHttpOptions,
    private readonly limiter: MailboxLimiter,
  ) {
    const credential = new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, {
      authorityHost: options.authorityHost,
      // Instance discovery asks login.microsoftonline.com about the authority; a local or sovereign
      // authority host must not depend on it.
      disableInstanceDiscovery: true,
    });
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: options.scopes });
    this.client = Client.initWithMiddleware({
      authProvider,
      baseUrl: options.baseUrl,
      defaultVersion: "v1.0",
      // The auth middleware only attaches tokens for Graph hosts it knows; a custom base URL must be listed.
      customHosts: new Set([new URL(options.baseUrl).hostname]),
    });
  }

  /** Raw call: the parsed JSON body (or undefined for 204). */
  async call(call: GraphCall): Promise<Result<unknown>> {
    const run = async (): Promise<Result<unknown>> => {
      try {
        let request = this.client
          .api(call.path)
          .middlewareOptions([new RetryHandlerOptions(this.options.retryDelaySeconds, this.options.maxRetries)])
          .option("signal", AbortSignal.timeout(this.options.requestTimeoutMs));
        if (call.headers) request = request.headers(call.headers);
        const response: unknown =
          call.method === "GET" ? await request.get() : call.method === "POST" ? await request.post(call.body) : await request.patch(call.body);
        return ok(response);
      } catch (thrown) {
        return err(errorFromThrown(thrown, call.what));
      }
    };
    return call.mailbox === undefined ? run() : this.limiter.runFor(call.mailbox, run);
  }

  /** Call and validate the answer's shape. */
  async parsed<S extends z.ZodType>(call: GraphCall, schema: S): Promise<Result<z.output<S>>> {
    const answer = await this.call(call);
    if (!answer.ok) return answer;
    return parseAnswer(schema, answer.value, call.what);
  }
}

/** A Graph answer that doesn't match the expected shape is Graph's fault, not the caller's. */
export function parseAnswer<S extends z.ZodType>(schema: S, value: unknown, what: string): Result<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
  return err(new DomainError("upstream", `${what}: unexpected answer from Graph (${issues.join("; ")})`, { issues }));
}
