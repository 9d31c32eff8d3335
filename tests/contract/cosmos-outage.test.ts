// Cosmos-only: when the service goes away, calls answer coded errors (the domain shows "try again"),
// they do not throw, and health says so.
import { z } from "zod";
import { defineCollection } from "@opsco/shared";
import { createCosmosStore } from "@opsco/shared/adapters/cosmos";
import { startCosmosServer } from "../support/cosmos-server.js";

const things = defineCollection({
  name: "things",
  schema: z.object({ id: z.string(), tenantId: z.string(), createdAt: z.string(), updatedAt: z.string(), etag: z.string().optional() }),
  indexes: [],
});

it("answers `unavailable` and reports unhealthy once the server is gone; opening a store there fails loudly", async () => {
  const server = await startCosmosServer();
  const options = { endpoint: server.endpoint, key: server.key, database: "outage", disableEndpointDiscovery: true };
  const store = await createCosmosStore(options);
  const repo = store.collection(things);
  const before = await repo.get("t1", "x");
  expect(before.ok ? "ok" : before.error.code).toBe("not_found");
  await server.stop();

  const after = await repo.query("t1");
  expect(after.ok ? "ok" : after.error.code).toBe("unavailable");
  expect(await store.health()).toMatchObject({ ok: false, kind: "cosmos" });
  await store.close();
  await expect(createCosmosStore(options)).rejects.toThrow(/Cannot open Cosmos DB database outage/);
});
