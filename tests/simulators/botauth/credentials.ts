/**
 * Outgoing-call credentials for a bot under test. With an app id configured, botbuilder signs every
 * Connector call with a token from its ServiceClientCredentialsFactory; the default factory asks Azure AD
 * through MSAL, which refuses a local login URL ("Endpoints cannot be resolved"). Inject this factory as
 * the second argument of `new ConfigurationBotFrameworkAuthentication(config, factory)` instead: it hands
 * out tokens the Connector simulator accepts (a shared string, or JWTs from the local token issuer).
 */
import { AppCredentials, ServiceClientCredentialsFactory, type AuthenticatorResult } from "botframework-connector";
import type { ConnectorAuth } from "../connector/server.js";

/** Produces the bearer token for calls by `appId` to `audience` (the Connector's OAuth scope). */
export type TokenSource = (appId: string, audience: string | undefined) => string | Promise<string>;

export interface TestCredentialsOptions {
  /** The bot's app id. Inbound tokens must be addressed to it (botbuilder asks `isValidAppId`). */
  appId: string;
  /** A fixed token, or a function minting one (e.g. `(id) => issuer.signConnectorToken({ appId: id })`). */
  token: string | TokenSource;
  /** How long a minted token is reused. Default 10 minutes (botbuilder builds credentials per turn). */
  cacheMs?: number;
}

/**
 * Credentials botbuilder's ConnectorClient calls `signRequest` on. Extends AppCredentials so anything
 * that expects the real class (appId, oAuthScope, getToken) works; only token acquisition differs.
 */
export class TestConnectorCredentials extends AppCredentials {
  constructor(
    appId: string,
    audience: string | undefined,
    private readonly acquire: () => Promise<string>,
  ) {
    super(appId, undefined, audience);
  }

  /** Bypasses AppCredentials' process-wide cache (keyed by app id), so tests with different tokens never mix. */
  override async getToken(): Promise<string> {
    return (await this.refreshToken()).accessToken;
  }

  protected override async refreshToken(): Promise<AuthenticatorResult> {
    return { accessToken: await this.acquire(), expiresOn: new Date(Date.now() + 3_600_000) };
  }
}

export class TestConnectorCredentialsFactory extends ServiceClientCredentialsFactory {
  readonly appId: string;
  private readonly source: TokenSource;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, { token: Promise<string>; until: number }>();
  /** How many tokens were minted (a test can prove the injected factory was used). */
  minted = 0;

  constructor(options: TestCredentialsOptions) {
    super();
    this.appId = options.appId;
    const token = options.token;
    this.source = typeof token === "string" ? () => token : token;
    this.cacheMs = options.cacheMs ?? 600_000;
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  /** An empty app id disables auth, as in botbuilder's own factories. */
  override async isAuthenticationDisabled(): Promise<boolean> {
    return this.appId === "";
  }

  override async createCredentials(appId: string, audience: string | undefined): Promise<TestConnectorCredentials> {
    if (!(await this.isAuthenticationDisabled()) && !(await this.isValidAppId(appId))) {
      // Same message as PasswordServiceClientCredentialFactory, so behaviour matches production.
      throw new Error("Invalid appId.");
    }
    return new TestConnectorCredentials(appId, audience, () => this.tokenFor(appId, audience));
  }

  private tokenFor(appId: string, audience: string | undefined): Promise<string> {
    const key = `${appId}|${audience ?? ""}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    this.minted += 1;
    const token = Promise.resolve(this.source(appId, audience));
    this.cache.set(key, { token, until: Date.now() + this.cacheMs });
    token.catch(() => this.cache.delete(key));
    return token;
  }
}

/** Connector-side check for a fixed shared token (the simplest pairing with `{ token: "<string>" }`). */
export function sharedTokenAuth(appId: string, token: string): ConnectorAuth {
  return { appId, acceptToken: (presented) => presented === token };
}
