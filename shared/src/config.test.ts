import { DEV_API_AUDIENCE, isLoopbackUrl, loadConfig } from "./config.js";

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

  describe("add-in API auth (OPSCO_API_*)", () => {
    const prod = { MICROSOFT_APP_ID: "bot", MICROSOFT_APP_PASSWORD: "pw" };
    const apiOf = (env: Record<string, string>) => {
      const result = loadConfig(env);
      if (!result.ok) throw result.error;
      return result.value.api;
    };
    const issuesOf = (env: Record<string, string>) => {
      const result = loadConfig(env);
      return result.ok ? [] : result.error.issues.map((i) => `${i.path}: ${i.message}`);
    };

    it("is off without an audience outside dev mode, and says why", () => {
      expect(apiOf(prod)).toEqual({ kind: "off", reason: expect.stringContaining("OPSCO_API_AUDIENCE"), corsOrigins: [] });
    });

    it("defaults to Microsoft's multi-tenant authority, its common key set and the access_as_user scope", () => {
      expect(apiOf({ ...prod, OPSCO_API_AUDIENCE: "api://opsco.example.com/5b1c2d3e-0000-4000-8000-00000000000a, 5b1c2d3e-0000-4000-8000-00000000000a" })).toEqual({
        kind: "entra",
        audiences: ["api://opsco.example.com/5b1c2d3e-0000-4000-8000-00000000000a", "5b1c2d3e-0000-4000-8000-00000000000a"],
        scope: "access_as_user",
        authorityHost: "https://login.microsoftonline.com",
        jwksUrl: "https://login.microsoftonline.com/common/discovery/v2.0/keys",
        allowedTenants: [],
        corsOrigins: [],
      });
    });

    it("derives the key set from a custom authority host and keeps a tenant allow-list and CORS origins", () => {
      const api = apiOf({
        ...prod,
        OPSCO_API_AUDIENCE: "5b1c2d3e-0000-4000-8000-00000000000a",
        OPSCO_API_AUTHORITY_HOST: "http://127.0.0.1:4010/",
        OPSCO_API_ALLOWED_TENANTS: "72F988BF-0000-4000-8000-000000000001",
        OPSCO_API_CORS_ORIGINS: "https://addin.example.com/,http://localhost:3000",
        OPSCO_API_SCOPE: "Opsco.Read",
      });
      expect(api).toMatchObject({
        kind: "entra",
        authorityHost: "http://127.0.0.1:4010",
        jwksUrl: "http://127.0.0.1:4010/common/discovery/v2.0/keys",
        allowedTenants: ["72f988bf-0000-4000-8000-000000000001"],
        corsOrigins: ["https://addin.example.com", "http://localhost:3000"],
        scope: "Opsco.Read",
      });
    });

    it("rejects malformed audiences, tenants, scopes, origins and plain-HTTP key sets on other hosts", () => {
      const base = { ...prod, OPSCO_API_AUDIENCE: "5b1c2d3e-0000-4000-8000-00000000000a" };
      expect(issuesOf({ ...prod, OPSCO_API_AUDIENCE: "https://not-an-app-id" }).join()).toContain("app id URI");
      expect(issuesOf({ ...base, OPSCO_API_ALLOWED_TENANTS: "contoso.com" }).join()).toContain("tenant id");
      expect(issuesOf({ ...base, OPSCO_API_SCOPE: "api://x/access_as_user" }).join()).toContain("scp");
      expect(issuesOf({ ...base, OPSCO_API_CORS_ORIGINS: "https://addin.example.com/pane" }).join()).toContain("CORS origin");
      expect(issuesOf({ ...base, OPSCO_API_CORS_ORIGINS: "http://addin.example.com" }).join()).toContain("CORS origin");
      expect(issuesOf({ ...base, OPSCO_API_JWKS_URL: "http://keys.example.com/keys" }).join()).toContain("OPSCO_API_JWKS_URL must be https");
      expect(issuesOf({ ...prod, OPSCO_API_ALLOWED_TENANTS: "72f988bf-0000-4000-8000-000000000001" }).join()).toContain("OPSCO_API_AUDIENCE is required");
    });

    it("in dev mode without an audience trusts only a local issuer, with the dev audience", () => {
      expect(apiOf({ OPSCO_DEV: "1" })).toMatchObject({ kind: "off", reason: expect.stringContaining("local token issuer") });
      expect(apiOf({ OPSCO_DEV: "1", OPSCO_API_AUTHORITY_HOST: "http://localhost:4010" })).toMatchObject({
        kind: "dev",
        audiences: [DEV_API_AUDIENCE],
        jwksUrl: "http://localhost:4010/common/discovery/v2.0/keys",
      });
      expect(issuesOf({ OPSCO_DEV: "1", OPSCO_API_AUTHORITY_HOST: "https://login.microsoftonline.com" }).join()).toContain("must be on localhost");
      expect(issuesOf({ OPSCO_DEV: "1", OPSCO_API_AUTHORITY_HOST: "http://localhost:4010", OPSCO_API_JWKS_URL: "https://evil.example/keys" }).join()).toContain(
        "must be on localhost",
      );
    });

    it("knows loopback URLs", () => {
      expect(["http://localhost:1", "http://127.0.0.1", "http://[::1]:8080/x"].every(isLoopbackUrl)).toBe(true);
      expect(["https://localhost.example.com", "http://10.0.0.1", "not a url"].some(isLoopbackUrl)).toBe(false);
    });
  });
});
