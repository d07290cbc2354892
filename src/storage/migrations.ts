/**
 * Schema migrations: an ordered list, each applied exactly once per database, recorded in
 * `schema_migrations`. Append new migrations; never edit one that has shipped.
 */
import { sql, type SqlDriver } from "./driver.js";
import { INITIAL_SCHEMA } from "./schema.js";
import { SIGNING_KEYS_SCHEMA } from "./schema-signing-keys.js";
import { REVOCATIONS_SCHEMA } from "./schema-revocations.js";
import { PASSWORD_HISTORY_SCHEMA } from "./schema-password-history.js";
import { MFA_SCHEMA } from "./schema-mfa.js";
import { DEVICES_SCHEMA } from "./schema-devices.js";
import { SIGN_IN_HISTORY_SCHEMA } from "./schema-sign-in-history.js";
import { CODE_LIMITS_SCHEMA } from "./schema-code-limits.js";
import { KEYED_CODES_SCHEMA } from "./schema-keyed-codes.js";
import { PENDING_ATTRIBUTES_SCHEMA } from "./schema-pending-attributes.js";
import { UNCONFIRMED_DEVICES_SCHEMA } from "./schema-unconfirmed-devices.js";
import { HOSTED_UI_SCHEMA } from "./schema-hosted-ui.js";
import { CODE_SPENDER_SCHEMA } from "./schema-code-spender.js";
import { REVOKED_ONLY_SCHEMA } from "./schema-revoked-only.js";
import { FEDERATION_SCHEMA } from "./schema-federation.js";
import { FEDERATION_STATE_SCHEMA } from "./schema-federation-state.js";
import { FEDERATED_IDENTITIES_SCHEMA } from "./schema-federated-identities.js";
import { SAML_SCHEMA } from "./schema-saml.js";
import { SAML_REPLAY_SCHEMA } from "./schema-saml-replay.js";
import { IDENTITY_POOLS_SCHEMA } from "./schema-identity-pools.js";
import { RETENTION_SCHEMA } from "./schema-retention.js";

/** One schema change: an id (ascending, never reused), a name for humans, its statements. */
export interface Migration {
  id: number;
  name: string;
  statements: readonly string[];
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: "user pools", statements: INITIAL_SCHEMA },
  { id: 2, name: "pool signing keys", statements: SIGNING_KEYS_SCHEMA },
  { id: 3, name: "revocation feed", statements: REVOCATIONS_SCHEMA },
  { id: 4, name: "password history", statements: PASSWORD_HISTORY_SCHEMA },
  { id: 5, name: "mfa", statements: MFA_SCHEMA },
  { id: 6, name: "devices", statements: DEVICES_SCHEMA },
  { id: 7, name: "sign-in history index", statements: SIGN_IN_HISTORY_SCHEMA },
  { id: 8, name: "code limits", statements: CODE_LIMITS_SCHEMA },
  { id: 9, name: "codes hashed under the master key", statements: KEYED_CODES_SCHEMA },
  { id: 10, name: "pending attribute updates", statements: PENDING_ATTRIBUTES_SCHEMA },
  { id: 11, name: "unconfirmed devices expire", statements: UNCONFIRMED_DEVICES_SCHEMA },
  { id: 12, name: "hosted UI and OAuth", statements: HOSTED_UI_SCHEMA },
  { id: 13, name: "authorization codes record their spender", statements: CODE_SPENDER_SCHEMA },
  { id: 14, name: "revocation feed index over revoked tokens only", statements: REVOKED_ONLY_SCHEMA },
  { id: 15, name: "identity providers", statements: FEDERATION_SCHEMA },
  { id: 16, name: "federated identities", statements: FEDERATED_IDENTITIES_SCHEMA },
  { id: 17, name: "SAML certificates", statements: SAML_SCHEMA },
  { id: 18, name: "SAML replay cache", statements: SAML_REPLAY_SCHEMA },
  {
    id: 19,
    name: "federation states and the identity provider of refresh tokens",
    statements: FEDERATION_STATE_SCHEMA,
  },
  { id: 20, name: "identity pools", statements: IDENTITY_POOLS_SCHEMA },
  { id: 21, name: "retention indexes", statements: RETENTION_SCHEMA },
];

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/**
 * Applies the pending migrations, in order, each in one batch that first records its id: a
 * plain INSERT on the ledger's primary key. When two processes or isolates race, the engine
 * serializes the two batches and the second one's INSERT fails, rolling back its DDL with it;
 * `migrate` then sees the id recorded and moves on. So each migration runs exactly once, and a
 * database is never left half-migrated.
 *
 * @returns the ids this call applied (empty when the schema was already current).
 * @example
 * ```ts
 * const driver = sqliteDriver(openSqliteDatabase(file));
 * await migrate(driver); // [1] the first time, [] afterwards
 * ```
 */
export async function migrate(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): Promise<number[]> {
  await driver.run(CREATE_LEDGER);
  const rows = await driver.all<{ id: number }>("SELECT id FROM schema_migrations");
  const done = new Set(rows.map((row) => Number(row.id)));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(migration.id)) continue;
    try {
      await driver.batch([
        sql(
          "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)",
          migration.id,
          migration.name,
          now(),
        ),
        ...migration.statements.map((text) => sql(text)),
      ]);
      applied.push(migration.id);
    } catch (error) {
      const raced = await driver.first("SELECT id FROM schema_migrations WHERE id = ?", [migration.id]);
      if (raced === null) throw error;
    }
  }
  return applied;
}

const ready = new WeakMap<SqlDriver, Promise<unknown>>();

/**
 * `migrate`, at most once per driver object: the first use of a driver in an isolate or process
 * applies the schema, later calls await the same promise. A failure is not cached, so the next
 * request tries again.
 *
 * @example
 * ```ts
 * const driver = d1Driver(env.DB);
 * await migrateOnce(driver);
 * ```
 */
export function migrateOnce(driver: SqlDriver): Promise<unknown> {
  let pending = ready.get(driver);
  if (pending === undefined) {
    pending = migrate(driver).catch((error: unknown) => {
      ready.delete(driver);
      throw error;
    });
    ready.set(driver, pending);
  }
  return pending;
}
