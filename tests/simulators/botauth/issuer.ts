/**
 * A local stand-in for the Bot Framework token service: signs the JWTs a channel puts on activities it
 * POSTs to the bot, and serves the OpenID metadata + JWKS the bot validates them with.
 *
 * Wiring that the real botbuilder 4.23.3 CloudAdapter accepts (both keys are needed; without the issuer
 * every token is 401): see `botAuthConfig()` and tests/connector/botauth.test.ts.
 *
 * It also signs bot→connector tokens (`signConnectorToken`), which the Connector simulator can verify
 * (`connectorAuth(appId)`), so outgoing calls are authenticated end to end without Azure AD.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK } from "jose";
import { closeServer, listen, sendJson } from "../connector/http.js";
import type { ConnectorAuth } from "../connector/server.js";

/** Audience of tokens the bot presents to the Bot Connector (AuthenticationConstants.ToChannelFromBotOAuthScope). */
export const CONNECTOR_AUDIENCE = "https://api.botframework.com";

export interface ChannelTokenRequest {
  /** The bot's app id: the token's `aud`. */
  appId: string;
  /** Must equal the activity's `serviceUrl` (botbuilder checks the `serviceurl` claim). */
  serviceUrl: string;
  /** Seconds from now until `exp`; negative for an expired token. Default 3600. */
  expiresIn?: number;
  /** Seconds from now until `nbf`. Default 0. */
  notBefore?: number;
  /** Overrides `iss` (to forge a token from another issuer). */
  issuer?: string;
  /** Extra claims (e.g. to look like a skill token); they override the defaults. */
  claims?: Record<string, unknown>;
}

export interface BotTokenIssuerOptions {
  port?: number;
  host?: string;
  /**
   * Channels the signing key is endorsed for. botbuilder rejects (401) a token whose key carries
   * endorsements that do not include the activity's channelId. Default ["msteams"].
   */
  endorsements?: readonly string[];
  /** Milliseconds since the epoch; drives iat/nbf/exp. */
  now?: () => number;
}

/**
 * The ConfigurationBotFrameworkAuthentication keys that make botbuilder trust this issuer. (A type alias,
 * not an interface, so it is assignable to botbuilder's index-signature options type.)
 */
export type BotAuthConfig = {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: "MultiTenant";
  ToBotFromChannelOpenIdMetadataUrl: string;
  ToBotFromChannelTokenIssuer: string;
};

export interface BotTokenIssuer {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** `GET` → OpenID metadata (issuer, jwks_uri, id_token_signing_alg_values_supported). */
  readonly openIdMetadataUrl: string;
  readonly jwksUrl: string;
  /** The `iss` of every token it signs (set ToBotFromChannelTokenIssuer to this). */
  readonly issuer: string;
  /** kid of the published signing key. */
  readonly keyId: string;
  /** A channel→bot token, as Teams sends in `Authorization: Bearer …`. */
  sign(request: ChannelTokenRequest): Promise<string>;
  /**
   * Same claims, signed by a key that is not published. By default the header names the published
   * kid (a forgery: botbuilder 4.23.3 lets the signature error escape → 500); pass `kid` to name an
   * unpublished kid instead (→ 401 "Signing Key could not be retrieved").
   */
  signWithUnknownKey(request: ChannelTokenRequest, options?: { kid?: string }): Promise<string>;
  /** A bot→connector token (aud https://api.botframework.com, appid = appId). */
  signConnectorToken(request: { appId: string; expiresIn?: number }): Promise<string>;
  /** The app id of a valid bot→connector token from this issuer, else undefined. */
  verifyConnectorToken(token: string): Promise<string | undefined>;
  /** For `startConnectorSimulator({ requireAuth })`: accepts this issuer's connector tokens for `appId`. */
  connectorAuth(appId: string): ConnectorAuth;
  /** First argument of `new ConfigurationBotFrameworkAuthentication(…)`. */
  botAuthConfig(appId: string): BotAuthConfig;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { kid, privateKey, publicJwk: await exportJWK(publicKey) };
}

export async function startBotTokenIssuer(options: BotTokenIssuerOptions = {}): Promise<BotTokenIssuer> {
  const now = options.now ?? Date.now;
  const endorsements = [...(options.endorsements ?? ["msteams"])];
  const published = await newSigningKey(`opsco-local-${randomUUID().slice(0, 8)}`);
  let unpublished: Promise<SigningKey> | undefined;
  const jwk: JWK & { endorsements: string[] } = { ...published.publicJwk, kid: published.kid, use: "sig", alg: "RS256", endorsements };
  const localKeys = createLocalJWKSet({ keys: [jwk] });

  const host = options.host ?? "127.0.0.1";
  let base = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const path = new URL(req.url ?? "/", "http://issuer.local").pathname;
    if (req.method !== "GET") return sendJson(res, 405, { error: "method not allowed" });
    if (path === "/openid" || path === "/.well-known/openid-configuration") {
      return sendJson(res, 200, {
        issuer: base,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
      });
    }
    if (path === "/keys") return sendJson(res, 200, { keys: [jwk] });
    return sendJson(res, 404, { error: `no route ${path}` });
  });
  const port = await listen(server, options.port ?? 0, host);
  base = `http://${host}:${port}`;

  const seconds = (): number => Math.floor(now() / 1000);

  async function signChannel(request: ChannelTokenRequest, key: SigningKey, kid: string): Promise<string> {
    const t = seconds();
    return new SignJWT({ serviceurl: request.serviceUrl, ...request.claims })
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .setIssuer(request.issuer ?? base)
      .setAudience(request.appId)
      .setIssuedAt(t)
      .setNotBefore(t + (request.notBefore ?? 0))
      .setExpirationTime(t + (request.expiresIn ?? 3600))
      .sign(key.privateKey);
  }

  async function verifyConnectorToken(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, localKeys, {
        issuer: base,
        audience: CONNECTOR_AUDIENCE,
        algorithms: ["RS256"],
        currentDate: new Date(now()),
      });
      return typeof payload["appid"] === "string" ? payload["appid"] : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    url: base,
    openIdMetadataUrl: `${base}/openid`,
    jwksUrl: `${base}/keys`,
    issuer: base,
    keyId: published.kid,
    sign: (request) => signChannel(request, published, published.kid),
    async signWithUnknownKey(request, signOptions = {}) {
      unpublished ??= newSigningKey(`unpublished-${randomUUID().slice(0, 8)}`);
      return signChannel(request, await unpublished, signOptions.kid ?? published.kid);
    },
    async signConnectorToken({ appId, expiresIn = 3600 }) {
      const t = seconds();
      return new SignJWT({ appid: appId, ver: "1.0" })
        .setProtectedHeader({ alg: "RS256", kid: published.kid, typ: "JWT" })
        .setIssuer(base)
        .setAudience(CONNECTOR_AUDIENCE)
        .setIssuedAt(t)
        .setNotBefore(t)
        .setExpirationTime(t + expiresIn)
        .sign(published.privateKey);
    },
    verifyConnectorToken,
    connectorAuth: (appId) => ({ appId, acceptToken: async (token) => (await verifyConnectorToken(token)) === appId }),
    botAuthConfig(appId) {
      return {
        MicrosoftAppId: appId,
        // Never sent anywhere: outgoing tokens come from the injected credentials factory.
        MicrosoftAppPassword: "local-test-password-not-a-secret",
        MicrosoftAppType: "MultiTenant",
        ToBotFromChannelOpenIdMetadataUrl: `${base}/openid`,
        ToBotFromChannelTokenIssuer: base,
      };
    },
    close: () => closeServer(server),
  };
}
