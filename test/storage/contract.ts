/**
 * The storage contract: one suite, run against every engine (better-sqlite3 on Node in
 * test/storage/sqlite.test.ts, D1 inside workerd in test/workers/storage.test.ts). It covers
 * every repository operation, and the exactly-once cases under concurrency: two confirmations
 * with one code, two sign-ups of one username, two refreshes under rotation.
 */
import { afterEach, beforeEach, describe } from "vitest";
import { migrate, type SqlDriver } from "../../src/storage/index.js";
import { aliasesContract } from "./contract/aliases.js";
import { authEventsContract } from "./contract/auth-events.js";
import { browserSessionsContract } from "./contract/browser-sessions.js";
import { caseSensitiveContract } from "./contract/case-sensitive.js";
import { clientSecretsContract } from "./contract/client-secrets.js";
import { brandingsContract } from "./contract/brandings.js";
import { uiCustomizationsContract } from "./contract/ui-customizations.js";
import { codesContract } from "./contract/codes.js";
import { devicesContract } from "./contract/devices.js";
import { domainsContract } from "./contract/domains.js";
import { federationStatesContract } from "./contract/federation-states.js";
import { clearAll, fixture, type Fixture } from "./contract/fixtures.js";
import { groupsContract } from "./contract/groups.js";
import { federatedIdentitiesContract } from "./contract/federated-identities.js";
import { identityProvidersContract } from "./contract/identity-providers.js";
import { identityPoolsContract } from "./contract/identity-pools.js";
import { identitiesContract } from "./contract/identities.js";
import { migrationsContract } from "./contract/migrations.js";
import { nameLockoutContract } from "./contract/name-lockout.js";
import { oauthCodesContract } from "./contract/oauth-codes.js";
import { passwordHistoryContract } from "./contract/password-history.js";
import { pendingAttributesContract } from "./contract/pending-attributes.js";
import { poolsContract } from "./contract/pools.js";
import { refreshTokensContract } from "./contract/refresh-tokens.js";
import { resourceServersContract } from "./contract/resource-servers.js";
import { retentionContract } from "./contract/retention.js";
import { revocationsContract } from "./contract/revocations.js";
import { samlCertificatesContract } from "./contract/saml-certificates.js";
import { samlAssertionsContract } from "./contract/saml-assertions.js";
import { sessionsContract } from "./contract/sessions.js";
import { signInNamesContract } from "./contract/sign-in-names.js";
import { userListContract } from "./contract/user-list.js";
import { userMfaContract } from "./contract/user-mfa.js";
import { usersContract } from "./contract/users.js";
import { verifiersContract } from "./contract/verifiers.js";
import { unicodeNamesContract } from "./contract/unicode-names.js";

/** Makes the driver a test runs on; each test gets a migrated, emptied database. */
export type MakeDriver = () => SqlDriver | Promise<SqlDriver>;

/**
 * Defines the whole contract suite for one engine.
 *
 * @example
 * ```ts
 * describeStorageContract("d1", () => d1Driver(env.DB));
 * ```
 */
export function describeStorageContract(
  name: string,
  makeDriver: MakeDriver,
  options: { closeAfterEach?: boolean } = {},
): void {
  describe(`storage contract: ${name}`, () => {
    let current: Fixture | undefined;
    const ctx = (): Fixture => {
      if (current === undefined) throw new Error("no storage fixture: beforeEach has not run");
      return current;
    };

    beforeEach(async () => {
      const driver = await makeDriver();
      await migrate(driver);
      await clearAll(driver);
      current = fixture(driver);
    });

    afterEach(async () => {
      if (options.closeAfterEach) await current?.driver.close?.();
      current = undefined;
    });

    migrationsContract(ctx);
    poolsContract(ctx);
    clientSecretsContract(ctx);
    uiCustomizationsContract(ctx);
    brandingsContract(ctx);
    usersContract(ctx);
    verifiersContract(ctx);
    userListContract(ctx);
    aliasesContract(ctx);
    signInNamesContract(ctx);
    groupsContract(ctx);
    codesContract(ctx);
    nameLockoutContract(ctx);
    sessionsContract(ctx);
    refreshTokensContract(ctx);
    oauthCodesContract(ctx);
    revocationsContract(ctx);
    caseSensitiveContract(ctx);
    unicodeNamesContract(ctx);
    passwordHistoryContract(ctx);
    pendingAttributesContract(ctx);
    authEventsContract(ctx);
    devicesContract(ctx);
    userMfaContract(ctx);
    domainsContract(ctx);
    browserSessionsContract(ctx);
    resourceServersContract(ctx);
    identityProvidersContract(ctx);
    federationStatesContract(ctx);
    federatedIdentitiesContract(ctx);
    samlCertificatesContract(ctx);
    samlAssertionsContract(ctx);
    identityPoolsContract(ctx);
    identitiesContract(ctx);
    retentionContract(ctx);
  });
}
