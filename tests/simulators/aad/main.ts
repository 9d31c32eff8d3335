/**
 * Runs the local Entra ID issuer by hand and prints what the bot needs, plus a token to try the API with:
 *
 *   node --import tsx tests/simulators/aad/main.ts            (PORT=…, TID=…, OID=…, AUD=…)
 *   curl -H "authorization: Bearer $TOKEN" http://127.0.0.1:3978/api/v1/me
 *
 * Without AUD the bot must run with OPSCO_DEV=1 and no OPSCO_API_AUDIENCE (dev mode trusts this issuer only).
 */
import { startAadIssuer } from "./issuer.js";

const env = process.env;
const issuer = await startAadIssuer({ port: Number(env["PORT"] ?? 3981), ...(env["AUD"] ? { audience: env["AUD"] } : {}) });
const tid = env["TID"] ?? "00000000-0000-0000-0000-000000000001";
const oid = env["OID"] ?? "00000000-0000-4000-8000-000000000001";
const token = await issuer.sign({ tid, oid, expiresIn: 12 * 3600, name: "Local Developer" });
const vars = issuer.env(env["AUD"] ? "entra" : "dev");
console.log(
  [
    `Entra ID issuer ${issuer.url} (keys: ${issuer.jwksUrl})`,
    "Start the bot with:",
    ...Object.entries(vars).map(([k, v]) => `  ${k}=${v}`),
    `A 12-hour token for tid=${tid} oid=${oid}:`,
    `  TOKEN=${token}`,
  ].join("\n"),
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void issuer.close().then(() => process.exit(0)));
