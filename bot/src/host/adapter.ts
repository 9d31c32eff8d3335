import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from "botbuilder";
import { AuthenticationError, type ServiceClientCredentialsFactory } from "botframework-connector";
import type { OpscoConfig } from "@opsco/shared";

/**
 * CloudAdapter whose activity processing we call directly, so the host decides the HTTP answer:
 * botbuilder's own `process()` answers 500 for a token signed by an unknown key (a JsonWebTokenError
 * escapes its auth check) and logs every failure with console.error.
 */
export class OpscoCloudAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** jsonwebtoken errors (bad signature, expired, not yet valid) mean "not authenticated", not "server error". */
export function isAuthFailure(error: unknown): boolean {
  if (error instanceof AuthenticationError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === "JsonWebTokenError" || name === "TokenExpiredError" || name === "NotBeforeError" || name === "AuthenticationError";
}

export function createAdapter(bot: OpscoConfig["bot"], credentialsFactory?: ServiceClientCredentialsFactory): OpscoCloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId ?? "",
    MicrosoftAppPassword: bot.appPassword ?? "",
    // With no app id (dev), botbuilder insists on "MultiTenant": SingleTenant requires an id and tenant.
    MicrosoftAppType: bot.appId ? bot.appType : "MultiTenant",
    MicrosoftAppTenantId: bot.appTenantId ?? "",
  };
  // Both are needed for a non-default token source (tests, sovereign clouds): without the issuer every
  // token — even a valid one — is refused (ARCHITECTURE.md "Tried here").
  if (bot.openIdMetadataUrl) options["ToBotFromChannelOpenIdMetadataUrl"] = bot.openIdMetadataUrl;
  if (bot.tokenIssuer) options["ToBotFromChannelTokenIssuer"] = bot.tokenIssuer;
  const auth = new ConfigurationBotFrameworkAuthentication(options, credentialsFactory);
  return new OpscoCloudAdapter(auth);
}
