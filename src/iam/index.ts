/**
 * Roles, temporary credentials and their sessions: what Cognito Identity and STS issue, and what
 * the gateway checks a SigV4-signed request against. Pure modules (Web APIs only); the role files
 * are read by `loadRoleFiles` in roles.node.ts.
 *
 * @module
 */
export {
  type IssuedSession,
  issueSession,
  newAccessKeyId,
  newSecretKey,
  type SessionFacts,
} from "./credentials.js";
export {
  explainSessionDecision,
  parseSessionPolicy,
  SESSION_POLICY_SOURCE,
  type SessionDecision,
  sessionDecision,
} from "./permissions.js";
export { isoSeconds, type RequestFacts, requestFactsContext } from "./request-facts.js";
export {
  assumedRoleArn,
  COGNATE_ACCOUNT_ID,
  parseRoleArn,
  ROLE_NAME,
  type RoleArnParts,
  roleArn,
  roleId,
} from "./role-arn.js";
export {
  type MappingRule,
  type RoleMapping,
  type RoleRefusal,
  type RoleSelection,
  type RoleSelectionInput,
  selectRole,
  userPoolMappingKey,
} from "./role-mapping.js";
export {
  DEFAULT_MAX_SESSION_DURATION,
  distinctRoles,
  type Role,
  type RoleDocument,
  RoleRegistry,
  resolveRole,
  resolveRoles,
} from "./roles.js";
export { COGNITO_SESSION_NAME, type SessionClaims } from "./session.js";
export { sessionContext } from "./session-context.js";
export {
  DEFAULT_SESSION_CACHE_SIZE,
  MAX_SESSION_TOKEN_LENGTH,
  openSession,
  SessionTokenCache,
  SessionTooLargeError,
  sealSession,
  sessionTokenAccessKeyId,
} from "./session-token.js";
export {
  ASSUME_ROLE_WITH_WEB_IDENTITY,
  TAG_SESSION,
  type TrustDecision,
  trustsWebIdentity,
  type WebIdentityTrustRequest,
  webIdentityTrustContext,
} from "./trust.js";
export {
  COGNITO_IDENTITY,
  providerName,
  sessionProvider,
  type WebIdentityFacts,
  webIdentityKeys,
} from "./web-identity.js";
