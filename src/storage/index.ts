/**
 * Storage: the SQL driver port, the schema and its migrations, and one repository per domain.
 * Runtime-neutral; the engines are `sqliteDriver` (./sqlite.node.ts, `openSqlite` in
 * ./open.node.ts) on Node and `d1Driver` (./d1.ts) in workerd.
 */
import type { SqlDriver } from "./driver.js";
import { aliasRepository } from "./repos/aliases.js";
import { authEventRepository } from "./repos/auth-events.js";
import { browserSessionRepository } from "./repos/browser-sessions.js";
import { clientRepository, type SecretBox } from "./repos/clients.js";
import { clientSecretRepository } from "./repos/client-secrets.js";
import { brandingRepository } from "./repos/brandings.js";
import { uiCustomizationRepository } from "./repos/ui-customizations.js";
import { codeLimitRepository } from "./repos/code-limits.js";
import { codeRepository } from "./repos/codes.js";
import { deviceRepository } from "./repos/devices.js";
import { domainRepository } from "./repos/domains.js";
import { federationStateRepository } from "./repos/federation-states.js";
import { groupRepository } from "./repos/groups.js";
import { federatedIdentityRepository } from "./repos/federated-identities.js";
import { identityProviderRepository } from "./repos/identity-providers.js";
import { identityPoolRepository } from "./repos/identity-pools.js";
import { identityRepository } from "./repos/identities.js";
import { identitySigningKeyRepository } from "./repos/identity-signing-keys.js";
import { oauthCodeRepository } from "./repos/oauth-codes.js";
import { poolRepository } from "./repos/pools.js";
import { passwordHistoryRepository } from "./repos/password-history.js";
import { pendingAttributeRepository } from "./repos/pending-attributes.js";
import { refreshTokenRepository } from "./repos/refresh-tokens.js";
import { resourceServerRepository } from "./repos/resource-servers.js";
import { samlCertificateRepository } from "./repos/saml-certificates.js";
import { samlAssertionRepository } from "./repos/saml-assertions.js";
import { revocationRepository } from "./repos/revocations.js";
import { sessionRepository } from "./repos/sessions.js";
import { signingKeyRepository } from "./repos/signing-keys.js";
import { userRepository } from "./repos/users.js";
import { userMfaRepository } from "./repos/user-mfa.js";
import { usernameKeys } from "./repos/username-keys.js";

export {
  sql,
  SqlConstraintError,
  type BatchResult,
  type ConstraintKind,
  type SqlDriver,
  type SqlRow,
  type SqlStatement,
  type SqlValue,
} from "./driver.js";
export { d1Driver, type D1DatabaseLike } from "./d1.js";
export {
  AliasExistsError,
  InvalidPaginationTokenError,
  StorageError,
  UsernameExistsError,
} from "./errors.js";
export { migrate, migrateOnce, MIGRATIONS, type Migration } from "./migrations.js";
export type { Page } from "./page.js";
export type { AliasRecord } from "./repos/aliases.js";
export { MAX_FAILED_SIGN_INS_KEPT, type AuthEventRecord } from "./repos/auth-events.js";
export type { BrowserSessionRecord, NewBrowserSession } from "./repos/browser-sessions.js";
export { NO_SECRET_BOX, type ClientRecord, type SecretBox } from "./repos/clients.js";
export {
  clientSecretId,
  MAX_CLIENT_SECRETS,
  type ClientSecretRecord,
} from "./repos/client-secrets.js";
export type { CodeCheck, CodeRecord, NewCode } from "./repos/codes.js";
export type { CodeLimitRecord, CodeLimits } from "./repos/code-limits.js";
export {
  BROWSER_DEVICES_KEPT,
  type DeviceRecord,
  type DeviceRememberedStatus,
  UNCONFIRMED_DEVICE_MS,
  UNCONFIRMED_DEVICES_KEPT,
} from "./repos/devices.js";
export type { DomainKind, DomainRecord } from "./repos/domains.js";
export type { BrandingAsset, BrandingContent, BrandingRecord } from "./repos/brandings.js";
export { ALL_CLIENTS, type UiCustomizationRecord } from "./repos/ui-customizations.js";
export type { GroupFields, GroupRecord } from "./repos/groups.js";
export {
  SEALED_DETAILS,
  type IdentityProviderFields,
  type IdentityProviderRecord,
} from "./repos/identity-providers.js";
export {
  identitiesAttribute,
  MAX_LINKED_IDENTITIES,
  SUBJECT,
  type FederatedIdentityRecord,
  type IdentityFields,
  type LinkOutcome,
} from "./repos/federated-identities.js";
export type {
  CognitoIdentityProviderRecord,
  IdentityPoolRecord,
  PrincipalTagMapRecord,
} from "./repos/identity-pools.js";
export type { LinkResult } from "./repos/identities.js";
export type { MergeResult } from "./repos/identity-merge.js";
export {
  MAX_IDENTITY_LOGINS,
  type IdentityLogin,
  type IdentityRecord,
} from "./repos/identity-record.js";
export type { IdentitySigningKeyRecord } from "./repos/identity-signing-keys.js";
export type { CodeConsumption, NewOAuthCode, OAuthCodeRecord } from "./repos/oauth-codes.js";
export type { PoolChanges, PoolRecord } from "./repos/pools.js";
export type { NewRefreshToken, RefreshTokenRecord } from "./repos/refresh-tokens.js";
export type { ResourceScope, ResourceServerRecord } from "./repos/resource-servers.js";
export type { SamlCertificateRecord, SamlKeyPurpose } from "./repos/saml-certificates.js";
export type { RevocationPage } from "./repos/revocations.js";
export type { MfaFactor, UserMfaRecord } from "./repos/user-mfa.js";
export { MAX_PASSWORD_HISTORY, type PasswordHistoryEntry } from "./repos/password-history.js";
export type { PendingAttribute } from "./repos/pending-attributes.js";
export type { NewSession, SessionRecord } from "./repos/sessions.js";
export type { SigningKeyRecord } from "./repos/signing-keys.js";
export type { UserListFilter, UserListOptions } from "./repos/user-list.js";
export type { UserRecord, UserStatus } from "./repos/user-record.js";
export type { LockoutSchedule } from "./repos/sign-in-attempts.js";
export type { NewUser, UserChanges, WriteOptions } from "./repos/users.js";
export type { JsonObject } from "./repos/rows.js";
export {
  aliasRepository,
  authEventRepository,
  browserSessionRepository,
  brandingRepository,
  clientRepository,
  clientSecretRepository,
  codeLimitRepository,
  codeRepository,
  deviceRepository,
  domainRepository,
  federationStateRepository,
  groupRepository,
  federatedIdentityRepository,
  identityProviderRepository,
  identityPoolRepository,
  identityRepository,
  identitySigningKeyRepository,
  oauthCodeRepository,
  poolRepository,
  passwordHistoryRepository,
  pendingAttributeRepository,
  refreshTokenRepository,
  resourceServerRepository,
  revocationRepository,
  samlCertificateRepository,
  samlAssertionRepository,
  sessionRepository,
  signingKeyRepository,
  uiCustomizationRepository,
  userMfaRepository,
  userRepository,
};

/**
 * Every repository over one driver. `secrets` seals app-client secrets and SRP verifiers at rest
 * (the user-pool context's is the master key's); without it, a client with a secret can be
 * neither stored nor read, and verifiers are kept as given (no pool can be made without the key).
 *
 * @example
 * ```ts
 * const store = repositories(await openSqlite(".cognate"));
 * const user = await store.users.get("us-east-1_AbC123", "alice");
 * ```
 */
export function repositories(driver: SqlDriver, options: { secrets?: SecretBox } = {}) {
  const keyOf = usernameKeys(driver);
  const codeLimits = codeLimitRepository(driver, keyOf);
  const users = userRepository(driver, keyOf, options.secrets);
  return {
    driver,
    pools: poolRepository(driver),
    clients: clientRepository(driver, options.secrets),
    clientSecrets: clientSecretRepository(driver, options.secrets),
    signingKeys: signingKeyRepository(driver),
    users,
    aliases: aliasRepository(driver, keyOf),
    groups: groupRepository(driver, options.secrets),
    codes: codeRepository(driver, keyOf, codeLimits),
    codeLimits,
    sessions: sessionRepository(driver),
    refreshTokens: refreshTokenRepository(driver),
    revocations: revocationRepository(driver),
    passwordHistory: passwordHistoryRepository(driver, options.secrets),
    pendingAttributes: pendingAttributeRepository(driver),
    mfa: userMfaRepository(driver),
    authEvents: authEventRepository(driver),
    devices: deviceRepository(driver, options.secrets),
    domains: domainRepository(driver),
    browserSessions: browserSessionRepository(driver),
    oauthCodes: oauthCodeRepository(driver),
    uiCustomizations: uiCustomizationRepository(driver),
    brandings: brandingRepository(driver),
    resourceServers: resourceServerRepository(driver),
    identityProviders: identityProviderRepository(driver, options.secrets),
    federationStates: federationStateRepository(driver),
    federatedIdentities: federatedIdentityRepository(driver, users, keyOf),
    samlCertificates: samlCertificateRepository(driver),
    samlAssertions: samlAssertionRepository(driver),
    identityPools: identityPoolRepository(driver),
    identities: identityRepository(driver),
    identitySigningKeys: identitySigningKeyRepository(driver),
  };
}

/** All repositories over one driver. */
export type Repositories = ReturnType<typeof repositories>;
