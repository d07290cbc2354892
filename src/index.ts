/**
 * cognate: a self-hostable, Cognito-compatible identity service and edge authorizer on Hono.
 *
 * @example
 * ```ts
 * import { authorizer } from "cognate";
 * app.use("/api/*", authorizer({ issuers: [{ type: "cognito", userPoolId: "us-east-1_AbCdEf", clientId: null, tokenUse: "access" }] }));
 * ```
 * @packageDocumentation
 */
export {
  authorizer,
  JwtError,
  JwksUnavailableError,
  type AuthorizerEnv,
  type AuthorizerOptions,
  type CognitoIssuerOptions,
  type IamAuthorizerOptions,
  type IamCaller,
  type IamOptions,
  type IssuerOptions,
  type JwksTuning,
  type JwtErrorCode,
  type OidcIssuerOptions,
  type Principal,
} from "./authorizer/index.js";
export { createGateway, type RuntimeInfo } from "./app.js";
export {
  ConfigError,
  resolveConfig,
  type GatewayConfig,
  type ResolvedConfig,
  type TriggerFunctionConfig,
  type TriggersConfig,
} from "./config.js";
export {
  ASSERTION_HEADER,
  ASSERTION_JWKS_PATH,
  type AssertionKeyJwk,
  type GetScheme,
  type ResolvedRoute,
  type RouteConfig,
} from "./gateway/index.js";
export {
  functionInvoker,
  serveTrigger,
  type LambdaContext,
  type LambdaHandler,
  type ServeTriggerOptions,
  type TriggerEvent,
  type TriggerInvoker,
} from "./user-pool/triggers/index.js";
export { OptionsError } from "./util/validate.js";
export { VERSION } from "./version.js";
