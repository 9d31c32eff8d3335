import type { Container, ItemDefinition } from "@azure/cosmos";
import type { z } from "zod";
import { fail, ok, type Result } from "../../errors.js";
import { checkKey, checkQuery, type CollectionDef, type NewDoc, type Page, type Repository, type StoredDoc } from "../../ports/store.js";
import { documentRead, documentToWrite } from "./documents.js";
import { cosmosFailure, isCosmosError } from "./failures.js";
import { queryFingerprint } from "../../store/continuation.js";
import { decodeToken, encodeToken, querySpec } from "./query-sql.js";

type Item = ItemDefinition & Record<string, unknown>;

/**
 * One collection over one container. Every call is partition-scoped by tenantId: point operations
 * address (id, tenantId) and queries run with `partitionKey`, so a tenant can only ever reach its own
 * partition.
 */
export function cosmosRepository<T extends StoredDoc>(
  def: CollectionDef<z.ZodType<T>>,
  container: () => Promise<Result<Container>>,
): Repository<T> {
  const label = (id: string): string => `${def.name} ${id}`;

  /** Runs a call against the (lazily created) container and maps whatever it throws. */
  async function withContainer<R>(what: string, call: (c: Container) => Promise<Result<R>>): Promise<Result<R>> {
    const c = await container();
    if (!c.ok) return c;
    try {
      return await call(c.value);
    } catch (e) {
      if (!isCosmosError(e)) throw e;
      return cosmosFailure(e, what);
    }
  }

  return {
    async get(tenantId, id) {
      const key = checkKey(tenantId, id);
      if (!key.ok) return key;
      return withContainer(label(id), async (c) => {
        const { resource } = await c.item(id, tenantId).read<Item>();
        return resource ? ok(documentRead(def, resource)) : fail("not_found", `${label(id)} not found`, { tenantId, id });
      });
    },

    async create(doc: NewDoc<T>) {
      const w = documentToWrite(def, doc);
      if (!w.ok) return w;
      return withContainer(label(w.value.id), async (c) => {
        const { resource } = await c.items.create<Item>(w.value.body as Item, { disableAutomaticIdGeneration: true });
        if (!resource) throw new Error(`Cosmos create of ${label(w.value.id)} returned no item`);
        return ok(documentRead(def, resource));
      });
    },

    async replace(doc: T, options: { ifMatch: string }) {
      const w = documentToWrite(def, doc);
      if (!w.ok) return w;
      if (typeof options?.ifMatch !== "string" || options.ifMatch === "") {
        return fail("validation", "replace needs the etag the change was based on (ifMatch)");
      }
      return withContainer(label(w.value.id), async (c) => {
        const { resource } = await c
          .item(w.value.id, w.value.tenantId)
          .replace<Item>(w.value.body as Item, { accessCondition: { type: "IfMatch", condition: options.ifMatch } });
        if (!resource) throw new Error(`Cosmos replace of ${label(w.value.id)} returned no item`);
        return ok(documentRead(def, resource));
      });
    },

    async upsert(doc: NewDoc<T> | T) {
      const w = documentToWrite(def, doc);
      if (!w.ok) return w;
      return withContainer(label(w.value.id), async (c) => {
        const { resource } = await c.items.upsert<Item>(w.value.body as Item, { disableAutomaticIdGeneration: true });
        if (!resource) throw new Error(`Cosmos upsert of ${label(w.value.id)} returned no item`);
        return ok(documentRead(def, resource));
      });
    },

    async delete(tenantId, id, options) {
      const key = checkKey(tenantId, id);
      if (!key.ok) return key;
      return withContainer(label(id), async (c) => {
        const ifMatch = options?.ifMatch;
        await c.item(id, tenantId).delete(ifMatch === undefined ? {} : { accessCondition: { type: "IfMatch", condition: ifMatch } });
        return ok(undefined);
      });
    },

    async query(tenantId, query) {
      const key = checkKey(tenantId, "query");
      if (!key.ok) return key;
      const checked = checkQuery(def.indexes, query);
      if (!checked.ok) return checked;
      const q = checked.value;
      const fingerprint = queryFingerprint(def.name, tenantId, q);
      let sdkToken: string | undefined;
      if (q.continuationToken !== undefined) {
        const inner = decodeToken(q.continuationToken, fingerprint);
        if (!inner.ok) return inner;
        sdkToken = inner.value;
      }
      if (q.matchesNothing) return ok({ items: [] });
      return withContainer(`${def.name} query`, async (c) => {
        const iterator = c.items.query<Item>(querySpec(tenantId, q), {
          partitionKey: tenantId,
          maxItemCount: q.limit,
          ...(sdkToken === undefined ? {} : { continuationToken: sdkToken }),
        });
        const items: T[] = [];
        let next: string | undefined;
        // Cosmos may answer a page with no items but a token (it ran out of time, not of data): read on.
        do {
          const response = await iterator.fetchNext();
          items.push(...response.resources.map((r) => documentRead(def, r)));
          next = response.continuationToken;
        } while (items.length === 0 && next);
        const page: Page<T> = { items };
        if (next) page.continuationToken = encodeToken(fingerprint, next);
        return ok(page);
      });
    },
  };
}
