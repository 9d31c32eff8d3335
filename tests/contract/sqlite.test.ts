import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSqliteStore } from "@opsco/shared/adapters/sqlite";
import { describeStoreContract } from "./store.contract.js";

describeStoreContract("sqlite (:memory:)", async () => createSqliteStore({ path: ":memory:" }));

// A real file too: WAL, the parent folder created on the way.
const dir = mkdtempSync(path.join(tmpdir(), "opsco-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describeStoreContract("sqlite (WAL file)", async () => createSqliteStore({ path: path.join(dir, "nested", "store.sqlite") }));
