import { expect } from "vitest";
import {
  repositories,
  type Repositories,
  type SecretBox,
  type SqlDriver,
  type UserRecord,
} from "../../../src/storage/index.js";
import { generateMasterKey, importMasterKey } from "../../../src/runtime/master-key.js";
import { isSealed, open, seal } from "../../../src/runtime/sealed.js";

/** What each contract test gets: a migrated, empty database and its repositories. */
export interface Fixture {
  driver: SqlDriver;
  store: Repositories;
}

/** A getter, because the fixture is made afresh in each test's beforeEach. */
export type Context = () => Fixture;

export const NOW = 1_750_000_000_000;
export const POOL = "us-east-1_Contract1";
export const CLIENT = "contractclient0000000000001";

// Children before parents, so foreign keys never object.
const TABLES = [
  "identity_logins",
  "identities",
  "identity_principal_tags",
  "identity_pools",
  "identity_signing_keys",
  "federation_states",
  "saml_certificates",
  "saml_assertions",
  "idp_identifiers",
  "identity_providers",
  "browser_sessions",
  "oauth_codes",
  "client_secrets",
  "managed_login_brandings",
  "ui_customizations",
  "resource_servers",
  "user_pool_domains",
  "auth_events",
  "refresh_tokens",
  "auth_sessions",
  "codes",
  "code_limits",
  "federated_identities",
  "group_members",
  "user_groups",
  "user_search",
  "user_aliases",
  "password_history",
  "pending_attributes",
  "user_mfa",
  "users",
  "user_pool_clients",
  "user_pools",
];

/** Empties every table, and drops what the migration tests leave behind. */
export async function clearAll(driver: SqlDriver): Promise<void> {
  await driver.batch([
    ...TABLES.map((table) => ({ sql: `DELETE FROM ${table}` })),
    { sql: "DELETE FROM schema_migrations WHERE id >= 1000" },
    { sql: "DROP TABLE IF EXISTS contract_probe" },
  ]);
}

const master = importMasterKey(generateMasterKey());

/** The user-pool context's box for client secrets, under a master key of the test run. */
export const TEST_SECRETS: SecretBox = {
  seal: async (context, plaintext) => seal(await master, context, plaintext),
  open: async (context, stored) => open(await master, context, stored),
  isSealed,
};

export function fixture(driver: SqlDriver): Fixture {
  return { driver, store: repositories(driver, { secrets: TEST_SECRETS }) };
}

/** A pool and a client to hang users and tokens on. */
export async function seedPool(store: Repositories, poolId = POOL, clientId = CLIENT): Promise<void> {
  expect(await store.pools.create({ id: poolId, name: `pool ${poolId}`, config: {} }, NOW)).not.toBeNull();
  expect(
    await store.clients.create({ id: clientId, poolId, name: "web", secret: null, config: {} }, NOW),
  ).not.toBeNull();
}

let counter = 0;

/** A confirmed user with an email, in `POOL` unless told otherwise. */
export function seedUser(
  store: Repositories,
  username: string,
  attributes: Record<string, string> = {},
  poolId = POOL,
): Promise<UserRecord> {
  counter += 1;
  const sub = `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  return store.users.create(
    { poolId, sub, username, status: "CONFIRMED", attributes: { sub, ...attributes } },
    NOW,
  );
}

/** Settles every promise and sorts the outcomes, for the exactly-once assertions. */
export async function outcomes<T>(promises: Promise<T>[]): Promise<{ won: T[]; lost: unknown[] }> {
  const settled = await Promise.allSettled(promises);
  return {
    won: settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])),
    lost: settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : [])),
  };
}
