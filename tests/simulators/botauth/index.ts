/** Local Bot Framework token issuer + outgoing credentials for bots under test. */
export {
  CONNECTOR_AUDIENCE,
  startBotTokenIssuer,
  type BotAuthConfig,
  type BotTokenIssuer,
  type BotTokenIssuerOptions,
  type ChannelTokenRequest,
} from "./issuer.js";
export {
  TestConnectorCredentials,
  TestConnectorCredentialsFactory,
  sharedTokenAuth,
  type TestCredentialsOptions,
  type TokenSource,
} from "./credentials.js";
