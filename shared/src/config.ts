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
}

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
