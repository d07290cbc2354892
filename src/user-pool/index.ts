/**
 * The user pools' front door: what the app (src/app.ts) and the entry points need to serve the
 * Cognito IdP API, the pools' JWKS and discovery documents, the revocation feeds and the
 * threat-protection feedback page. Everything else in src/user-pool/ is the folder's own.
 */
export { userPoolContext, type UserPoolContext, type UserPoolContextOptions } from "./context.js";
export { userPoolOperations, userPoolService, type UserPoolServiceOptions } from "./service.js";
export { mountDiscovery, type DiscoveryOptions } from "./discovery.js";
export {
  MIN_FEED_SECRET_LENGTH,
  mountRevocationFeed,
  type RevocationFeedOptions,
} from "./revocation-feed.js";
export { mountFeedbackPage } from "./risk/feedback-page.js";
export { addressSet, type AddressSet } from "./risk/risky-addresses.js";
export { importMasterKey, MasterKeyError } from "../runtime/master-key.js";
