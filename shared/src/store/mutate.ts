import { DomainError, err, type Result } from "../errors.js";
import type { Repository, StoredDoc } from "../ports/store.js";

export interface MutateOptions {
  /** Attempts before giving up with `conflict` (each attempt re-reads). */
  maxAttempts?: number;
  /** Called before each retry; lets callers back off. Default: a tiny jittered pause. */
  beforeRetry?: (attempt: number) => Promise<void>;
}

const defaultBackoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 ** attempt) * Math.random()));

/**
 * Read-modify-write with optimistic concurrency: read, apply `change`, replace with IfMatch = the read
 * etag; on `conflict` read again and re-apply. `change` must be a pure function of the current document
 * (it may run several times). Returning an error from `change` aborts without writing.
 */
export async function mutate<T extends StoredDoc>(
  repo: Repository<T>,
  tenantId: string,
  id: string,
  change: (current: T) => Result<T>,
  options: MutateOptions = {},
): Promise<Result<T>> {
  const maxAttempts = options.maxAttempts ?? 25;
  const beforeRetry = options.beforeRetry ?? defaultBackoff;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await repo.get(tenantId, id);
    if (!current.ok) return current;
    const etag = current.value.etag;
    if (!etag) throw new Error(`store returned ${id} without an etag`);
    const next = change(current.value);
    if (!next.ok) return next;
    const written = await repo.replace({ ...next.value, id, tenantId }, { ifMatch: etag });
    if (written.ok || written.error.code !== "conflict") return written;
    if (attempt < maxAttempts) await beforeRetry(attempt);
  }
  return err(new DomainError("conflict", `Gave up updating ${id} after ${maxAttempts} concurrent-update conflicts`));
}
