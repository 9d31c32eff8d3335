import { startBotTokenIssuer, TestConnectorCredentialsFactory, type BotTokenIssuer } from "../simulators/botauth/index.js";
import { cardOf, messageActivity, seededUser, startE2E, type E2E } from "./harness.js";

/**
 * With an app id configured the bot validates Bot Framework JWTs (signed locally with jose, keys served
 * from a local OpenID/JWKS document) and authenticates its own calls to the Connector.
 */
describe("bot endpoint authentication", () => {
  const appId = "9d2b6a3c-1f2e-4c5d-8e9f-0a1b2c3d4e5f";
  let issuer: BotTokenIssuer;
  let e2e: E2E;

  beforeAll(async () => {
    issuer = await startBotTokenIssuer();
    e2e = await startE2E({
      env: {
        OPSCO_DEV: "0",
        MICROSOFT_APP_ID: appId,
        MICROSOFT_APP_PASSWORD: "not-used-by-the-test-credentials",
        MICROSOFT_APP_TYPE: "MultiTenant",
        BOT_OPENID_METADATA_URL: issuer.openIdMetadataUrl,
        BOT_TOKEN_ISSUER: issuer.issuer,
      },
      connector: { requireAuth: issuer.connectorAuth(appId) },
      build: { credentialsFactory: new TestConnectorCredentialsFactory({ appId, token: (id) => issuer.signConnectorToken({ appId: id }) }) },
    });
  });
  afterAll(async () => {
    await e2e.close();
    await issuer.close();
  });

  const helpActivity = () => messageActivity(e2e, seededUser(e2e, "adele.vance"), "a:auth-test", { text: "help" });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("accepts a valid token and replies through the authenticated Connector", async () => {
    const activity = helpActivity();
    const token = await issuer.sign({ appId, serviceUrl: String(activity["serviceUrl"]) });
    const res = await e2e.post(activity, bearer(token));
    expect(res.status).toBe(200);
    const [reply] = await e2e.connector.waitForMessages({ where: (m) => m.conversationId === "a:auth-test", count: 1 });
    expect(reply?.appId).toBe(appId);
    expect(JSON.stringify(cardOf(reply))).toContain("What I can do");
  });

  it.each([
    ["no token", async () => ({})],
    ["a wrong audience", async (serviceUrl: string) => bearer(await issuer.sign({ appId: "someone-else", serviceUrl }))],
    ["an expired token", async (serviceUrl: string) => bearer(await issuer.sign({ appId, serviceUrl, expiresIn: -3600 }))],
    ["a token for another serviceUrl", async () => bearer(await issuer.sign({ appId, serviceUrl: "https://smba.trafficmanager.net/evil/" }))],
    ["a token signed by an unknown key (forged)", async (serviceUrl: string) => bearer(await issuer.signWithUnknownKey({ appId, serviceUrl }))],
    ["a token not valid yet", async (serviceUrl: string) => bearer(await issuer.sign({ appId, serviceUrl, notBefore: 3600 }))],
    ["garbage", async () => bearer("not.a.jwt")],
  ])("rejects %s with 401 problem+json and no reply", async (_name, headers) => {
    const activity = helpActivity();
    const before = e2e.connector.messages.length;
    const res = await e2e.post(activity, await headers(String(activity["serviceUrl"])));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, title: "Unauthorized" });
    await e2e.bot.idle();
    expect(e2e.connector.messages.length).toBe(before);
  });
});
