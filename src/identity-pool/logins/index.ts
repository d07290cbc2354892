/**
 * Logins validation: which providers an identity pool accepts and whether each token is good,
 * the verified logins' `amr`, and the providers' names.
 */
export {
  amrFor,
  developerAmr,
  oidcAmr,
  UNAUTHENTICATED_AMR,
  userPoolAmr,
  type DeveloperLogin,
} from "./amr.js";
export { OIDC_LEEWAY_SECONDS, oidcLoginVerifiers, type OidcLoginOptions } from "./oidc-login.js";
export {
  APPLE_PROVIDER,
  canonicalProvider,
  COGNITO_IDENTITY_PROVIDER,
  GOOGLE_PROVIDER,
  oidcProviderKey,
  oidcProviderUrl,
  userPoolProvider,
  type UserPoolProvider,
} from "./providers.js";
export type {
  CognitoIdentityProviderEntry,
  LoginsDeps,
  LoginsOptions,
  LoginsPool,
  OidcLoginVerifiers,
  OidcProviderConfig,
  VerifiedLogin,
} from "./types.js";
export { loginsMap, verifyLogins } from "./verify-logins.js";
