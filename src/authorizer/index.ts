export { authorizer, type AuthorizerEnv } from "./middleware.js";
export type {
  AuthorizerOptions,
  CognitoIssuerOptions,
  OidcIssuerOptions,
  IssuerOptions,
  JwksTuning,
} from "./options.js";
export type { Principal } from "./principal.js";
export type { IamCaller } from "./iam/caller.js";
export type { IamAuthorizerOptions, IamOptions } from "./iam/options.js";
export { JwtError, JwksUnavailableError, type JwtErrorCode } from "./verify/errors.js";
