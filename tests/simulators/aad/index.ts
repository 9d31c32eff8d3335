/** Local Entra ID token issuer for the add-in API (/api/v1): see issuer.ts. */
export { OTHER_TENANT, startAadIssuer, type AadIssuer, type AadIssuerOptions, type AccessTokenRequest } from "./issuer.js";
