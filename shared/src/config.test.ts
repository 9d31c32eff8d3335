import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("refuses to run without a bot app id unless OPSCO_DEV=1", () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("MICROSOFT_APP_ID");
    expect(loadConfig({ OPSCO_DEV: "1" }).ok).toBe(true);
  });

  it("defaults to the embedded sqlite store on port 3978", () => {
    const result = loadConfig({ OPSCO_DEV: "1" });
    if (!result.ok) throw result.error;
    expect(result.value.store).toEqual({ kind: "sqlite", path: ".data/opsco.sqlite" });
    expect(result.value.port).toBe(3978);
    expect(result.value.graph).toEqual({ kind: "unconfigured" });
  });

  it("needs endpoint and key for cosmos, and all three Graph credentials together", () => {
    expect(loadConfig({ OPSCO_DEV: "1", OPSCO_STORE: "cosmos" }).ok).toBe(false);
    expect(loadConfig({ OPSCO_DEV: "1", GRAPH_CLIENT_ID: "x" }).ok).toBe(false);
    const cosmos = loadConfig({ OPSCO_DEV: "1", OPSCO_STORE: "cosmos", COSMOS_ENDPOINT: "https://x.documents.azure.com", COSMOS_KEY: "k" });
    expect(cosmos.ok && cosmos.value.store.kind).toBe("cosmos");
  });

  it("rejects a bad port with a validation error", () => {
    const result = loadConfig({ OPSCO_DEV: "1", PORT: "70000" });
    expect(!result.ok && result.error.code).toBe("validation");
  });
});
