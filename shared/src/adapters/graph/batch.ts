/**
 * JSON batching: up to 20 requests per $batch HTTP call. Throttling inside a batch arrives per item (the
 * batch itself answers 200), so items answered 429 / 503 / 504 are sent again, in a new batch, after the
 * longest Retry-After among them. A throttled $batch call as a whole is retried by the client's
 * RetryHandler like any request.
 */
import { setTimeout as sleep } from "node:timers/promises";
import PQueue from "p-queue";
import { ok, type Result } from "../../errors.js";
import type { GraphHttp } from "./http.js";
import { parseAnswer } from "./http.js";
import type { MailboxLimiter } from "./limiter.js";
import { batchResponseSchema } from "./schemas.js";

export const MAX_BATCH_REQUESTS = 20;
/** Graph runs at most this many requests of one batch at the same time. */
const GRAPH_BATCH_PARALLELISM = 4;
const RETRYABLE = new Set([429, 503, 504]);

export interface BatchRequest {
  method: "GET" | "POST" | "PATCH";
  /** Relative to the version: "/users/{id}/mailboxSettings". */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Mailbox whose concurrency the item uses (Exchange routes); omit for directory reads. */
  mailbox?: string;
}

export interface BatchAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

export interface BatchOptions {
  maxRetries: number;
  retryDelaySeconds: number;
  /** Upper bound for one wait, whatever Retry-After says. */
  maxRetryAfterSeconds: number;
  /** $batch HTTP calls in flight at once (beyond 400 requests, or for the 2-per-user getUsers). */
  batchesInFlight: number;
}

export class BatchRunner {
  private readonly calls: PQueue;

  constructor(
    private readonly http: GraphHttp,
    private readonly limiter: MailboxLimiter,
    private readonly options: BatchOptions,
    private readonly mailboxKey: (mailbox: string) => string,
  ) {
    this.calls = new PQueue({ concurrency: options.batchesInFlight });
  }

  /** Answers in the order of `requests`; an Err only when a $batch call itself failed. */
  async run(requests: readonly BatchRequest[], what: string): Promise<Result<BatchAnswer[]>> {
    const chunks: BatchRequest[][] = [];
    for (let i = 0; i < requests.length; i += MAX_BATCH_REQUESTS) chunks.push(requests.slice(i, i + MAX_BATCH_REQUESTS));
    const results = await Promise.all(chunks.map((chunk) => this.calls.add(() => this.runChunk(chunk, what))));
    const answers: BatchAnswer[] = [];
    for (const r of results) {
      if (!r.ok) return r;
      answers.push(...r.value);
    }
    return ok(answers);
  }

  private async runChunk(chunk: readonly BatchRequest[], what: string): Promise<Result<BatchAnswer[]>> {
    const answers: (BatchAnswer | undefined)[] = chunk.map(() => undefined);
    let pending = chunk.map((_, i) => i);
    for (let attempt = 0; ; attempt += 1) {
      const sent = await this.limiter.run(this.weights(pending.map((i) => chunk[i] as BatchRequest)), () =>
        this.http.call({
          method: "POST",
          path: "/$batch",
          body: {
            requests: pending.map((i) => {
              const r = chunk[i] as BatchRequest;
              const headers = r.body === undefined ? r.headers : { "Content-Type": "application/json", ...r.headers };
              return { id: String(i + 1), method: r.method, url: r.url, ...(headers ? { headers } : {}), ...(r.body === undefined ? {} : { body: r.body }) };
            }),
          },
          what: `${what} ($batch)`,
        }),
      );
      if (!sent.ok) return sent;
      const parsed = parseAnswer(batchResponseSchema, sent.value, `${what} ($batch)`);
      if (!parsed.ok) return parsed;
      for (const item of parsed.value.responses) {
        const index = Number(item.id) - 1;
        if (!pending.includes(index)) continue;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(item.headers ?? {}) as [string, string][]) headers[k.toLowerCase()] = v;
        answers[index] = { status: item.status, headers, body: item.body };
      }
      // An item Graph did not answer is treated like a 503 without Retry-After.
      for (const i of pending) answers[i] ??= { status: 503, headers: {}, body: undefined };
      const retry = pending.filter((i) => RETRYABLE.has((answers[i] as BatchAnswer).status));
      if (retry.length === 0 || attempt >= this.options.maxRetries) break;
      await sleep(this.waitSeconds(retry.map((i) => answers[i] as BatchAnswer), attempt) * 1000);
      pending = retry;
    }
    return ok(answers as BatchAnswer[]);
  }

  /** Slots a batch needs per mailbox: Graph runs ≤ 4 of its requests at once. */
  private weights(items: readonly BatchRequest[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const item of items) {
      if (item.mailbox === undefined) continue;
      const key = this.mailboxKey(item.mailbox);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) counts.set(key, Math.min(n, GRAPH_BATCH_PARALLELISM));
    return counts;
  }

  private waitSeconds(answers: readonly BatchAnswer[], attempt: number): number {
    let wait = 0;
    for (const a of answers) {
      const header = a.headers["retry-after"];
      const seconds = header === undefined ? Number.NaN : Number(header);
      const fromHeader = Number.isFinite(seconds) ? seconds : header ? (Date.parse(header) - Date.now()) / 1000 : Number.NaN;
      wait = Math.max(wait, Number.isFinite(fromHeader) ? fromHeader : this.options.retryDelaySeconds * 2 ** attempt);
    }
    return Math.min(Math.max(0, wait), this.options.maxRetryAfterSeconds);
  }
}
