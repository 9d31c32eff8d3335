import { CosmosClient, type Container, type Database } from "@azure/cosmos";
import type { z } from "zod";
import { ok, type Result } from "../../errors.js";
import { indexableField, type CollectionDef, type Repository, type Store, type StoredDoc } from "../../ports/store.js";
import { ensureContainer } from "./containers.js";
import { assertCollectionDef } from "./documents.js";
import { cosmosFailure } from "./failures.js";
import { cosmosRepository } from "./repository.js";

export interface CosmosStoreOptions {
  endpoint: string;
  key: string;
  /** Created if missing. */
  database: string;
  /** Emulators (cosmosdb-server) advertise https locations they do not serve: keep discovery off there. */
  disableEndpointDiscovery?: boolean;
  /** SDK retries of 429 (it waits as long as x-ms-retry-after-ms says). Defaults: 9 attempts, 30 s. */
  throttleRetries?: { maxAttempts?: number; maxWaitSeconds?: number };
}

/**
 * The Azure Cosmos DB store: one container per collection, partition key /tenantId, created on first
 * use of the collection and cached. Uses only features real Cosmos and cosmosdb-server share (CRUD,
 * IfMatch, parameterised single-partition queries with ORDER BY, continuation tokens).
 */
export async function createCosmosStore(options: CosmosStoreOptions): Promise<Store> {
  const client = new CosmosClient({
    endpoint: options.endpoint,
    key: options.key,
    connectionPolicy: {
      enableEndpointDiscovery: !options.disableEndpointDiscovery,
      retryOptions: {
        maxRetryAttemptCount: options.throttleRetries?.maxAttempts ?? 9,
        maxWaitTimeInSeconds: options.throttleRetries?.maxWaitSeconds ?? 30,
        fixedRetryIntervalInMilliseconds: 0, // 0 = use the server's retry-after
      },
    },
  });
  let database: Database;
  try {
    ({ database } = await client.databases.createIfNotExists({ id: options.database }));
  } catch (e) {
    client.dispose();
    throw new Error(`Cannot open Cosmos DB database ${options.database} at ${options.endpoint}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }

  // One creation per container per process; a failed attempt is forgotten so the next call retries.
  // A later definition that indexes more fields ensures the container again (adds composite indexes).
  const containers = new Map<string, { fields: Set<string>; ready: Promise<Result<Container>> }>();
  const containerFor = (def: CollectionDef<z.ZodType<StoredDoc>>) => (): Promise<Result<Container>> => {
    const known = containers.get(def.name);
    if (known && def.indexes.every((f) => known.fields.has(f))) return known.ready;
    const fields = new Set([...(known?.fields ?? []), ...def.indexes]);
    const ready = ensureContainer(database, def.name, [...fields]).then(
      (c) => ok(c),
      (e: unknown) => {
        containers.delete(def.name);
        return cosmosFailure(e, `container ${def.name}`);
      },
    );
    containers.set(def.name, { fields, ready });
    return ready;
  };

  // Callers may ask for a collection per request; the repository is made once per definition.
  const repositories = new WeakMap<object, Repository<never>>();

  return {
    kind: "cosmos",
    collection<S extends z.ZodType<StoredDoc>>(def: CollectionDef<S>): Repository<z.output<S>> {
      const known = repositories.get(def) as Repository<z.output<S>> | undefined;
      if (known) return known;
      assertCollectionDef(def, indexableField);
      const repo = cosmosRepository(def as unknown as CollectionDef<z.ZodType<z.output<S>>>, containerFor(def));
      repositories.set(def, repo as unknown as Repository<never>);
      return repo;
    },
    async health() {
      try {
        await database.read();
        return { ok: true, kind: "cosmos", detail: `${options.endpoint} database ${options.database}` };
      } catch (e) {
        return { ok: false, kind: "cosmos", detail: cosmosFailure(e, "health check").error.message };
      }
    },
    async close() {
      client.dispose();
    },
  };
}
