// Filling a pool before a measurement, the fastest legitimate way for each server; never timed.
// cognate: its own user repository (src/storage/repos/users.ts, the statements SignUp runs) over a
// second connection to the same SQLite file, many users per transaction. cognito-local: its pool
// file (`.cognito/db/<pool>.json`, the shape its own saveUser writes), written while it is stopped.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repositories } from "../dist/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../dist/storage/sqlite.node.js";
import { computeVerifier, padHex } from "../dist/user-pool/srp/index.js";

const CHUNK = 5000;

/** The seeded users' names and emails: `${prefix}-000042`, `${prefix}-000042@example.com`. */
export const seededName = (prefix, i) => `${prefix}-${String(i).padStart(6, "0")}`;

/**
 * Adds `count` CONFIRMED users with password `password` to a cognate pool in `dbFile`. Each gets
 * its own salt and verifier, unless `sharedVerifier` is set: then all share the first user's
 * (the rows are as large, but only the first user can sign in; for lookup benchmarks).
 */
export async function seedCognate(dbFile, poolId, { count, prefix, password, sharedVerifier = false }) {
  const db = openSqliteDatabase(dbFile);
  const base = sqliteDriver(db);
  // The repository's batch runs inside the chunk's transaction instead of one of its own.
  const driver = {
    ...base,
    async batch(statements) {
      const results = [];
      for (const s of statements) results.push({ rows: await base.all(s.sql, s.params), changes: 0 });
      return results;
    },
  };
  const users = repositories(driver).users;
  const poolName = poolId.split("_")[1];
  let shared;
  try {
    for (let start = 0; start < count; start += CHUNK) {
      db.exec("BEGIN IMMEDIATE");
      for (let i = start; i < Math.min(count, start + CHUNK); i++) {
        const username = seededName(prefix, i);
        const { salt, verifier } = shared ?? (await computeVerifier(poolName, username, password));
        if (sharedVerifier) shared ??= { salt, verifier };
        const sub = crypto.randomUUID();
        const attributes = { sub, email: `${username}@example.com`, email_verified: "true" };
        await users.create(
          {
            poolId,
            sub,
            username,
            status: "CONFIRMED",
            srpSalt: salt,
            srpVerifier: padHex(verifier),
            attributes,
          },
          Date.now(),
        );
      }
      db.exec("COMMIT");
    }
  } finally {
    await base.close();
  }
}

/** Adds `count` CONFIRMED users to a cognito-local pool; the server must be stopped. */
export function seedCognitoLocal(workDir, poolId, { count, prefix, password }) {
  const file = join(workDir, ".cognito", "db", `${poolId}.json`);
  const pool = JSON.parse(readFileSync(file, "utf8"));
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const username = seededName(prefix, i);
    pool.Users[username] = {
      Attributes: [
        { Name: "sub", Value: crypto.randomUUID() },
        { Name: "email", Value: `${username}@example.com` },
        { Name: "email_verified", Value: "true" },
      ],
      Enabled: true,
      Password: password,
      RefreshTokens: [],
      UserCreateDate: now,
      UserLastModifiedDate: now,
      Username: username,
      UserStatus: "CONFIRMED",
    };
  }
  // As cognito-local itself writes the file (stormDb.js: JSON, two-space indent).
  writeFileSync(file, JSON.stringify(pool, null, 2));
}
