import { z } from "zod";
import { parseWith, type Result } from "./errors.js";

/**
 * The only reader of process.env (callers pass `process.env` in). Every variable is listed in
 * `.env.example` and the README's configuration table.
 */
const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
  .pipe(z.url().optional());

/** Comma-separated list; blanks dropped. */
const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""));

/** Loopback hosts: the only places a dev-mode token issuer may live. */
export function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** scheme://host[:port] and nothing else: https, or http on localhost. */
function isBrowserOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.origin === value.replace(/\/$/, "") && (url.protocol === "https:" || isLoopbackUrl(value));
}

/**
 * Audience of add-in API tokens in dev mode (OPSCO_DEV=1 without OPSCO_API_AUDIENCE): the local token
 * issuer (tests/simulators/aad) signs for it. Never a real app's audience.
 */
export const DEV_API_AUDIENCE = "api://localhost/opsco-dev";
export const defaultApiScope = "access_as_user";
export const defaultApiAuthorityHost = "https://login.microsoftonline.com";

const entraAudience = z
  .string()
  .refine((s) => /^api:\/\/\S+$/.test(s) || z.guid().safeParse(s).success, {
    message: "each audience must be the API's app id URI (api://…) or its client id (a GUID)",
  });

const envSchema = z.object({
  OPSCO_DEV: flag,
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  OPSCO_STORE: z.enum(["sqlite", "cosmos"]).default("sqlite"),
  OPSCO_SQLITE_PATH: z.string().default(".data/opsco.sqlite"),
  COSMOS_ENDPOINT: optionalUrl,
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: z.string().default("opsco"),
  /** Emulators (cosmosdb-server) need endpoint discovery off. */
  COSMOS_DISABLE_ENDPOINT_DISCOVERY: flag,

  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
  /** Test/dev only: where the bot fetches Bot Framework signing keys, and the issuer it expects. */
  BOT_OPENID_METADATA_URL: optionalUrl,
  BOT_TOKEN_ISSUER: optionalText,

  GRAPH_TENANT_ID: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  /** Defaults to https://graph.microsoft.com; the local simulator in dev. */
  GRAPH_BASE_URL: optionalUrl,
  /** Defaults to https://login.microsoftonline.com; the local simulator in dev. */
  GRAPH_AUTHORITY_HOST: optionalUrl,

  /** Tenant used when an activity carries none (Emulator / Playground). */
  OPSCO_DEFAULT_TENANT_ID: z.string().default("00000000-0000-0000-0000-000000000001"),
  /** Mailbox the app books meetings as when the requester has no mailbox (dev). */
  OPSCO_ORGANIZER_FALLBACK: optionalText,

  /** Add-in REST API (/api/v1): Entra ID access tokens addressed to this app (comma-separated list). */
  OPSCO_API_AUDIENCE: csv.pipe(z.array(entraAudience)),
  /** Delegated scope every API token must carry in `scp` (the short name, not the api://… URI). */
  OPSCO_API_SCOPE: z
    .string()
    .trim()
    .regex(/^[^\s/]+$/, "the scope name as it appears in the token's scp claim (e.g. access_as_user), not the api://… URI")
    .default(defaultApiScope),
  /** Token issuer host: iss must be {host}/{tid}/v2.0. Defaults to Microsoft's; a local issuer in tests/dev. */
  OPSCO_API_AUTHORITY_HOST: optionalUrl,
  /** Signing keys; defaults to {authority host}/common/discovery/v2.0/keys. */
  OPSCO_API_JWKS_URL: optionalUrl,
  /** Only these tenants (tid GUIDs) may call the API; empty = any tenant. */
  OPSCO_API_ALLOWED_TENANTS: csv.pipe(z.array(z.guid("each allowed tenant must be a tenant id (GUID)"))),
  /** Browser origins of the add-in panes allowed to call the API cross-origin (CORS); empty = same origin only. */
  OPSCO_API_CORS_ORIGINS: csv.pipe(
    z.array(z.string().refine(isBrowserOrigin, { message: "each CORS origin must be scheme://host[:port] (https, or http on localhost)" })),
  ),
});

export interface OpscoConfig {
  dev: boolean;
  port: number;
  host: string;
  logLevel: z.output<typeof envSchema>["LOG_LEVEL"];
  defaultTenantId: string;
  organizerFallback: string | undefined;
  store:
    | { kind: "sqlite"; path: string }
    | { kind: "cosmos"; endpoint: string; key: string; database: string; disableEndpointDiscovery: boolean };
  bot: {
    appId: string | undefined;
    appPassword: string | undefined;
    appTenantId: string | undefined;
    appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
    openIdMetadataUrl: string | undefined;
    tokenIssuer: string | undefined;
  };
  graph:
    | { kind: "graph"; tenantId: string; clientId: string; clientSecret: string; baseUrl: string; authorityHost: string }
    | { kind: "unconfigured" };
  api: ApiAuthConfig;
}

/**
 * How the add-in API authenticates callers. `entra`: tokens for OPSCO_API_AUDIENCE from the configured
 * authority. `dev`: OPSCO_DEV=1 without an audience — only tokens of the local issuer on a loopback host.
 * `off`: /api/v1 answers 503 and says why.
 */
export type ApiAuthConfig =
  | {
      kind: "entra" | "dev";
      audiences: string[];
      scope: string;
      authorityHost: string;
      jwksUrl: string;
      allowedTenants: string[];
      corsOrigins: string[];
    }
  | { kind: "off"; reason: string; corsOrigins: string[] };

const configSchema = envSchema.superRefine((env, ctx) => {
  if (env.OPSCO_STORE === "cosmos" && (!env.COSMOS_ENDPOINT || !env.COSMOS_KEY)) {
    ctx.addIssue({ code: "custom", path: ["COSMOS_ENDPOINT"], message: "OPSCO_STORE=cosmos needs COSMOS_ENDPOINT and COSMOS_KEY" });
  }
  if (!env.MICROSOFT_APP_ID && !env.OPSCO_DEV) {
    ctx.addIssue({
      code: "custom",
      path: ["MICROSOFT_APP_ID"],
      message: "MICROSOFT_APP_ID is empty: that disables Bot Framework auth. Set it, or set OPSCO_DEV=1 for local development",
    });
  }
  if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== "UserAssignedMSI") {
    ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_PASSWORD"], message: "MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID" });
  }
  const apiSettings = env.OPSCO_API_AUTHORITY_HOST || env.OPSCO_API_JWKS_URL || env.OPSCO_API_ALLOWED_TENANTS.length > 0;
  if (env.OPSCO_API_AUDIENCE.length > 0) {
    // Keys and issuer come from these hosts: plain HTTP would let anyone on the path mint tokens.
    for (const key of ["OPSCO_API_AUTHORITY_HOST", "OPSCO_API_JWKS_URL"] as const) {
      const url = env[key];
      if (url && !url.startsWith("https://") && !isLoopbackUrl(url)) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} must be https (http only on localhost)` });
      }
    }
  } else if (env.OPSCO_DEV) {
    for (const key of ["OPSCO_API_AUTHORITY_HOST", "OPSCO_API_JWKS_URL"] as const) {
      const url = env[key];
      if (url && !isLoopbackUrl(url)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `without OPSCO_API_AUDIENCE, dev mode trusts only a local token issuer: ${key} must be on localhost`,
        });
      }
    }
  } else if (apiSettings) {
    ctx.addIssue({ code: "custom", path: ["OPSCO_API_AUDIENCE"], message: "OPSCO_API_AUDIENCE is required with the other OPSCO_API_* settings" });
  }
  const graphParts = [env.GRAPH_TENANT_ID, env.GRAPH_CLIENT_ID, env.GRAPH_CLIENT_SECRET].filter(Boolean).length;
  if (graphParts !== 0 && graphParts !== 3) {
    ctx.addIssue({ code: "custom", path: ["GRAPH_CLIENT_ID"], message: "GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET go together" });
  }
});

export function loadConfig(env: Record<string, string | undefined>): Result<OpscoConfig> {
  const parsed = parseWith(configSchema, env, "configuration");
  if (!parsed.ok) return parsed;
  const e = parsed.value;
  const store: OpscoConfig["store"] =
    e.OPSCO_STORE === "cosmos"
      ? {
          kind: "cosmos",
          endpoint: e.COSMOS_ENDPOINT ?? "",
          key: e.COSMOS_KEY ?? "",
          database: e.COSMOS_DATABASE,
          disableEndpointDiscovery: e.COSMOS_DISABLE_ENDPOINT_DISCOVERY,
        }
      : { kind: "sqlite", path: e.OPSCO_SQLITE_PATH };
  const graph: OpscoConfig["graph"] =
    e.GRAPH_TENANT_ID && e.GRAPH_CLIENT_ID && e.GRAPH_CLIENT_SECRET
      ? {
          kind: "graph",
          tenantId: e.GRAPH_TENANT_ID,
          clientId: e.GRAPH_CLIENT_ID,
          clientSecret: e.GRAPH_CLIENT_SECRET,
          baseUrl: e.GRAPH_BASE_URL ?? "https://graph.microsoft.com",
          authorityHost: e.GRAPH_AUTHORITY_HOST ?? "https://login.microsoftonline.com",
        }
      : { kind: "unconfigured" };
  return {
    ok: true,
    value: {
      api: apiAuthConfig(e),
      dev: e.OPSCO_DEV,
      port: e.PORT,
      host: e.HOST,
      logLevel: e.LOG_LEVEL,
      defaultTenantId: e.OPSCO_DEFAULT_TENANT_ID,
      organizerFallback: e.OPSCO_ORGANIZER_FALLBACK,
      store,
      bot: {
        appId: e.MICROSOFT_APP_ID,
        appPassword: e.MICROSOFT_APP_PASSWORD,
        appTenantId: e.MICROSOFT_APP_TENANT_ID,
        appType: e.MICROSOFT_APP_TYPE,
        openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
        tokenIssuer: e.BOT_TOKEN_ISSUER,
      },
      graph,
    },
  };
}

const trimSlash = (url: string): string => url.replace(/\/+$/, "");

function apiAuthConfig(e: z.output<typeof envSchema>): ApiAuthConfig {
  const corsOrigins = e.OPSCO_API_CORS_ORIGINS.map(trimSlash);
  const dev = e.OPSCO_API_AUDIENCE.length === 0;
  if (dev && !e.OPSCO_DEV) return { kind: "off", reason: "OPSCO_API_AUDIENCE is not set", corsOrigins };
  if (dev && !e.OPSCO_API_AUTHORITY_HOST) {
    return { kind: "off", reason: "dev mode without OPSCO_API_AUDIENCE needs a local token issuer (OPSCO_API_AUTHORITY_HOST)", corsOrigins };
  }
  const authorityHost = trimSlash(e.OPSCO_API_AUTHORITY_HOST ?? defaultApiAuthorityHost);
  return {
    kind: dev ? "dev" : "entra",
    audiences: dev ? [DEV_API_AUDIENCE] : e.OPSCO_API_AUDIENCE,
    scope: e.OPSCO_API_SCOPE,
    authorityHost,
    jwksUrl: e.OPSCO_API_JWKS_URL ?? `${authorityHost}/common/discovery/v2.0/keys`,
    allowedTenants: e.OPSCO_API_ALLOWED_TENANTS.map((t) => t.toLowerCase()),
    corsOrigins,
  };
}
