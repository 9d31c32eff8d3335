import type { CompositePath, Container, ContainerDefinition, Database, IndexingPolicy } from "@azure/cosmos";

/**
 * ORDER BY <field>, id needs a composite index in exactly that order and direction (the emulator
 * checks it too), so every indexed field gets (field ASC, id ASC) and (field DESC, id DESC).
 */
export function compositeIndexesFor(indexes: readonly string[]): CompositePath[][] {
  return indexes.flatMap((field) =>
    (["ascending", "descending"] as const).map((order) => [
      { path: `/${field}`, order },
      { path: "/id", order },
    ]),
  );
}

const sameComposite = (a: CompositePath[], b: CompositePath[]): boolean =>
  a.length === b.length && a.every((p, i) => p.path === b[i]?.path && (p.order ?? "ascending") === (b[i]?.order ?? "ascending"));

function indexingPolicy(indexes: readonly string[]): IndexingPolicy {
  return {
    indexingMode: "consistent",
    automatic: true,
    includedPaths: [{ path: "/*" }],
    excludedPaths: [{ path: '/"_etag"/?' }],
    compositeIndexes: compositeIndexesFor(indexes),
  };
}

/**
 * Creates the container if missing (partition key /tenantId), refuses one partitioned differently,
 * and adds composite indexes an existing container lacks (a newer collection definition may index
 * more fields). Runs once per container per process.
 */
export async function ensureContainer(db: Database, name: string, indexes: readonly string[]): Promise<Container> {
  const { container, resource } = await db.containers.createIfNotExists({
    id: name,
    partitionKey: { paths: ["/tenantId"] },
    indexingPolicy: indexingPolicy(indexes),
  });
  const paths = resource?.partitionKey?.paths;
  if (paths && (paths.length !== 1 || paths[0] !== "/tenantId")) {
    throw new Error(`Cosmos container ${name} is partitioned by ${paths.join(",")}, expected /tenantId`);
  }
  const existing = resource?.indexingPolicy?.compositeIndexes ?? [];
  const missing = compositeIndexesFor(indexes).filter((want) => !existing.some((have) => sameComposite(have, want)));
  if (resource && missing.length > 0) {
    const updated: ContainerDefinition = {
      ...resource,
      indexingPolicy: { ...(resource.indexingPolicy ?? indexingPolicy([])), compositeIndexes: [...existing, ...missing] },
    };
    await container.replace(updated);
  }
  return container;
}
