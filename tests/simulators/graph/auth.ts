/**
 * The Entra ID (Azure AD) side of the simulator: the OpenID configuration MSAL fetches, a JWKS, and a
 * client-credentials token endpoint that checks tenant, client id and secret. Access tokens are real
 * RS256 JWTs; Graph routes verify them (signature, issuer, audience, tenant, expiry).
 */
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK } from "jose";

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
export const GRAPH_ROLES = ["User.Read.All", "Calendars.ReadWrite", "MailboxSettings.Read", "OnlineMeetings.ReadWrite.All"];

export interface AppCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export class TokenAuthority {
  private constructor(
    private readonly creds: AppCredentials,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
    private readonly now: () => number,
  ) {}

  static async create(creds: AppCredentials, now: () => number): Promise<TokenAuthority> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "opsco-graph-simulator", use: "sig", alg: "RS256" };
    return new TokenAuthority(creds, privateKey, publicKey, jwk, now);
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.creds.tenantId}/`;
  }

  openIdConfiguration(baseUrl: string): Record<string, unknown> {
    const t = this.creds.tenantId;
    return {
      token_endpoint: `${baseUrl}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${baseUrl}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${baseUrl}/${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${baseUrl}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${baseUrl}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${baseUrl}/${t}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"],
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
    };
  }

  /** Answers POST /{tenant}/oauth2/v2.0/token with AAD's success or error shape. */
  async token(tenantInPath: string, form: URLSearchParams): Promise<{ status: number; body: Record<string, unknown> }> {
    const fail = (status: number, error: string, aadsts: number, description: string) => ({
      status,
      body: {
        error,
        error_description: `AADSTS${aadsts}: ${description}`,
        error_codes: [aadsts],
        timestamp: new Date(this.now()).toISOString(),
        trace_id: globalThis.crypto.randomUUID(),
        correlation_id: globalThis.crypto.randomUUID(),
      },
    });
    if (tenantInPath.toLowerCase() !== this.creds.tenantId.toLowerCase()) {
      return fail(400, "invalid_request", 90002, `Tenant '${tenantInPath}' not found.`);
    }
    if (form.get("grant_type") !== "client_credentials") {
      return fail(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    if (form.get("client_id") !== this.creds.clientId) {
      return fail(400, "unauthorized_client", 700016, `Application with identifier '${form.get("client_id") ?? ""}' was not found in the directory.`);
    }
    if (form.get("client_secret") !== this.creds.clientSecret) {
      return fail(401, "invalid_client", 7000215, "Invalid client secret provided.");
    }
    const scope = form.get("scope") ?? "";
    if (!scope.split(" ").includes(`${GRAPH_AUDIENCE}/.default`)) {
      return fail(400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed.`);
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    const accessToken = await new SignJWT({ tid: this.creds.tenantId, appid: this.creds.clientId, roles: GRAPH_ROLES, ver: "1.0", idtyp: "app" })
      .setProtectedHeader({ alg: "RS256", kid: this.jwk.kid as string, typ: "JWT" })
      .setIssuer(this.issuer)
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(this.creds.clientId)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds - 60)
      .setExpirationTime(nowSeconds + 3600)
      .sign(this.privateKey);
    return { status: 200, body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
  }

  /** undefined when the bearer token is acceptable, else Graph's 401 error (code + message). */
  async verify(authorization: string | undefined): Promise<{ code: string; message: string } | undefined> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return { code: "InvalidAuthenticationToken", message: "Access token is empty." };
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: GRAPH_AUDIENCE,
        currentDate: new Date(this.now()),
      });
      if (payload["tid"] !== this.creds.tenantId) return { code: "InvalidAuthenticationToken", message: "Access token tenant mismatch." };
      return undefined;
    } catch (error) {
      return { code: "InvalidAuthenticationToken", message: `Access token validation failure: ${(error as Error).message}` };
    }
  }
}
