/**
 * Proves the local token issuer, the injected outgoing credentials and the Connector simulator against the
 * real botbuilder 4.23.3 CloudAdapter (ARCHITECTURE.md "Bot endpoint auth" and its "Tried here" note).
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";
import { startBotTokenIssuer, TestConnectorCredentialsFactory, type BotTokenIssuer } from "../simulators/botauth/index.js";
import { startConnectorSimulator, type ConnectorSimulator } from "../simulators/connector/index.js";
import { startBotHost, type BotHost } from "./botHost.js";

const APP_ID = "00000000-0000-4000-8000-00000000b07a";
const TENANT = "tenant-1";

function inbound(serviceUrl: string, text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "message",
    id: `in-${Math.random().toString(36).slice(2, 10)}`,
    channelId: "msteams",
    serviceUrl,
    text,
    from: { id: "29:alice", name: "Alice", aadObjectId: "aad-alice" },
    recipient: { id: `28:${APP_ID}`, name: "opsco" },
    conversation: { id: "a:1chat-with-alice", conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...overrides,
  };
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

const echo = async (context: TurnContext): Promise<void> => {
  if (context.activity.type === "message") await context.sendActivity(`echo: ${context.activity.text}`);
};

describe("Bot endpoint auth with the local token issuer (real CloudAdapter)", () => {
  let issuer: BotTokenIssuer;
  let connector: ConnectorSimulator;
  let credentials: TestConnectorCredentialsFactory;
  let host: BotHost;
  // botbuilder console.error()s every rejected token; keep them to assert on instead of flooding the output.
  const logged: string[] = [];
  const realConsoleError = console.error;

  beforeAll(async () => {
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
    issuer = await startBotTokenIssuer();
    connector = await startConnectorSimulator({ requireAuth: issuer.connectorAuth(APP_ID) });
    credentials = new TestConnectorCredentialsFactory({ appId: APP_ID, token: (appId) => issuer.signConnectorToken({ appId }) });
    const auth = new ConfigurationBotFrameworkAuthentication(issuer.botAuthConfig(APP_ID), credentials);
    host = await startBotHost(new CloudAdapter(auth), echo);
  });
  afterAll(async () => {
    console.error = realConsoleError;
    await Promise.all([host.close(), connector.close(), issuer.close()]);
  });
  beforeEach(() => {
    connector.reset();
    logged.length = 0;
  });

  const tokenFor = (overrides: Partial<Parameters<BotTokenIssuer["sign"]>[0]> = {}) =>
    issuer.sign({ appId: APP_ID, serviceUrl: connector.url, ...overrides });

  it("serves OpenID metadata and a JWKS whose key is endorsed for msteams", async () => {
    const meta = (await (await fetch(issuer.openIdMetadataUrl)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUrl, id_token_signing_alg_values_supported: ["RS256"] });
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "RSA", kid: issuer.keyId, use: "sig", endorsements: ["msteams"] })]);
    expect(jwks.keys[0]).not.toHaveProperty("d"); // never the private part
  });

  it("valid token → 200, and the reply reaches the Connector with the injected credentials", async () => {
    const res = await post(host.messagesUrl, inbound(connector.url, "hello"), await tokenFor());
    expect(res.status).toBe(200);
    expect(connector.messages).toHaveLength(1);
    expect(connector.messages[0]).toMatchObject({ op: "reply", conversationId: "a:1chat-with-alice", appId: APP_ID, tenantId: TENANT });
    expect(connector.messages[0]?.activity.text).toBe("echo: hello");
    expect(connector.stats().unauthorized).toBe(0);
    expect(credentials.minted).toBeGreaterThanOrEqual(1);
  });

  it("tolerates 5 minutes of clock skew (expired 1 minute ago still passes)", async () => {
    const res = await post(host.messagesUrl, inbound(connector.url, "skew"), await tokenFor({ expiresIn: -60 }));
    expect(res.status).toBe(200);
  });

  it.each<[string, () => Promise<string | undefined>]>([
    ["no token", async () => undefined],
    ["wrong audience", () => tokenFor({ appId: "some-other-bot" })],
    ["expired beyond the skew", () => tokenFor({ expiresIn: -600 })],
    ["wrong serviceurl claim", () => tokenFor({ serviceUrl: "https://smba.trafficmanager.net/amer/" })],
    ["another issuer", () => tokenFor({ issuer: "https://api.botframework.com" })],
    ["unpublished kid", () => issuer.signWithUnknownKey({ appId: APP_ID, serviceUrl: connector.url }, { kid: "not-in-jwks" })],
    ["garbage", async () => "not.a.jwt"],
  ])("%s → 401, bot logic never runs", async (_name, makeToken) => {
    const res = await post(host.messagesUrl, inbound(connector.url, "hi"), await makeToken());
    expect(res.status).toBe(401);
    expect(connector.messages).toHaveLength(0);
  });

  it("a channel the key is not endorsed for → 401", async () => {
    const res = await post(host.messagesUrl, inbound(connector.url, "hi", { channelId: "webchat" }), await tokenFor());
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/endorsement/i);
  });

  // botbuilder 4.23.3 maps only jsonwebtoken's TokenExpiredError to 401; any other verify error (bad
  // signature, nbf in the future) escapes as a plain error and CloudAdapter.process answers 500. The bot
  // host must answer 401 for these (e.g. treat a 500 whose error is a jsonwebtoken error as 401).
  it.each<[string, () => Promise<string>, RegExp, RegExp]>([
    [
      "forged with an unknown key under the published kid",
      () => issuer.signWithUnknownKey({ appId: APP_ID, serviceUrl: connector.url }),
      /invalid signature/,
      /JsonWebTokenError/,
    ],
    ["not valid yet (nbf 10 min ahead, beyond the skew)", () => tokenFor({ notBefore: 600 }), /jwt not active/, /NotBeforeError/],
  ])("%s → 500 from the raw adapter (the host must map it to 401)", async (_name, makeToken, body, log) => {
    const res = await post(host.messagesUrl, inbound(connector.url, "hi"), await makeToken());
    expect(res.status).toBe(500);
    expect(res.text).toMatch(body);
    expect(logged.join("\n")).toMatch(log);
    expect(connector.messages).toHaveLength(0);
  });

  it("the Connector refuses the bot's reply when its outgoing token is not accepted (turn fails → 500)", async () => {
    const impostor = new TestConnectorCredentialsFactory({ appId: APP_ID, token: "not-a-connector-token" });
    const other = await startBotHost(new CloudAdapter(new ConfigurationBotFrameworkAuthentication(issuer.botAuthConfig(APP_ID), impostor)), echo);
    try {
      const res = await post(other.messagesUrl, inbound(connector.url, "hello"), await tokenFor());
      expect(res.status).toBe(500);
      expect(connector.stats().unauthorized).toBeGreaterThanOrEqual(1);
      expect(connector.messages).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("without ToBotFromChannelTokenIssuer even a valid token is 401 (both keys are required)", async () => {
    const { ToBotFromChannelTokenIssuer: _dropped, ...config } = issuer.botAuthConfig(APP_ID);
    const other = await startBotHost(new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config, credentials)), echo);
    try {
      const res = await post(other.messagesUrl, inbound(connector.url, "hello"), await tokenFor());
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe("Dev mode (no app id): what `npm start` runs", () => {
  it("accepts unauthenticated activities and replies to the Connector without a token", async () => {
    const connector = await startConnectorSimulator();
    const host = await startBotHost(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), echo);
    try {
      const res = await post(host.messagesUrl, inbound(connector.url, "dev"));
      expect(res.status).toBe(200);
      const [reply] = await connector.waitForMessages(1, 2_000);
      expect(reply).toMatchObject({ appId: "anonymous", tenantId: TENANT });
      expect(reply?.activity.text).toBe("echo: dev");
    } finally {
      await Promise.all([host.close(), connector.close()]);
    }
  });
});
