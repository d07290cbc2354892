/**
 * Identity pools (Cognito Identity): the service, its context and constants.
 *
 * @module
 */
export {
  COGNITO_IDENTITY_SIGNING_NAME,
  COGNITO_IDENTITY_TARGET_PREFIX,
  COGNITO_IDENTITY_UNSIGNED_OPERATIONS,
  identityPoolService,
  type IdentityPoolServiceOptions,
} from "./service.js";
export {
  identityPoolContext,
  requireIdentityPool,
  type IdentityPoolContext,
  type IdentityPoolOptions,
} from "./context.js";
export { mountIdentityDiscovery } from "./discovery.js";
