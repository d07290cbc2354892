/**
 * An app client's secrets during a rotation (AddUserPoolClientSecret and its two siblings): the
 * original secret stays in `user_pool_clients.secret`, each added one is a row of
 * `client_secrets`, sealed like the original but bound to its own id. A client holds at most
 * {@link MAX_CLIENT_SECRETS} at once and never fewer than one once it had one; both limits are
 * kept by single statements, so two concurrent calls cannot overshoot them.
 */
import type { SqlDriver, SqlRow } from "../driver.js";
import { addedSecretContext, NO_SECRET_BOX, type SecretBox } from "./clients.js";
import { newRevision } from "./rows.js";

/** The most secrets a client holds at once (the original one included). */
export const MAX_CLIENT_SECRETS = 2;

/** One of a client's secrets, without its value (ListUserPoolClientSecrets' descriptor). */
export interface ClientSecretRecord {
  /** `{clientId}--{epoch ms of creation}`; the original secret's uses the client's creation time. */
  id: string;
  createdAt: number;
  /** The secret the client was created with (DescribeUserPoolClient's ClientSecret). */
  original: boolean;
}

/** The id of a secret created at `createdAt` (epoch ms). */
export const clientSecretId = (clientId: string, createdAt: number) => `${clientId}--${createdAt}`;

// The number of secrets client `c` holds, in SQL: its original (if kept) and its added ones.
const COUNT = `((CASE WHEN c.secret IS NULL THEN 0 ELSE 1 END) + (SELECT COUNT(*) FROM client_secrets s WHERE s.client_id = c.id))`;

/**
 * The client-secret repository. Every call names the pool, so a client of another pool is not found.
 *
 * @example
 * ```ts
 * const secrets = clientSecretRepository(driver, box);
 * const added = await secrets.add(poolId, clientId, "a-new-secret-of-24-chars-or-more", now);
 * await secrets.delete(poolId, clientId, clientSecretId(clientId, client.createdAt)); // the original
 * ```
 */
export function clientSecretRepository(driver: SqlDriver, box: SecretBox = NO_SECRET_BOX) {
  const clientRow = (poolId: string, clientId: string) =>
    driver.first<SqlRow>(
      `SELECT c.created_at, c.secret IS NOT NULL AS original, ${COUNT} AS held FROM user_pool_clients c WHERE c.id = ? AND c.pool_id = ?`,
      [clientId, poolId],
    );

  /** The client's secrets, the original first, then the added ones oldest first; `null` for no such client. */
  const list = async (poolId: string, clientId: string): Promise<ClientSecretRecord[] | null> => {
    const client = await clientRow(poolId, clientId);
    if (client === null) return null;
    const rows = await driver.all(
      "SELECT id, created_at FROM client_secrets WHERE client_id = ? AND pool_id = ? ORDER BY created_at, id",
      [clientId, poolId],
    );
    const createdAt = Number(client.created_at);
    return [
      ...(Number(client.original) === 1
        ? [{ id: clientSecretId(clientId, createdAt), createdAt, original: true }]
        : []),
      ...rows.map((row) => ({ id: String(row.id), createdAt: Number(row.created_at), original: false })),
    ];
  };

  return {
    list,

    /**
     * Adds a secret, sealed: `"limit"` when the client already holds two, `"public"` when it has
     * none (a public client), `null` when there is no such client. The limit is checked in the
     * INSERT itself.
     */
    async add(
      poolId: string,
      clientId: string,
      secret: string,
      now: number,
    ): Promise<ClientSecretRecord | "limit" | "public" | null> {
      for (let attempt = 0; attempt < 8; attempt++) {
        const client = await clientRow(poolId, clientId);
        if (client === null) return null;
        const held = Number(client.held);
        if (held === 0) return "public";
        if (held >= MAX_CLIENT_SECRETS) return "limit";
        // Ids are per millisecond; one taken (the original's, a sibling's) moves on a millisecond.
        const createdAt = Math.max(now, Number(client.created_at) + 1) + attempt;
        const id = clientSecretId(clientId, createdAt);
        const sealed = await box.seal(addedSecretContext(poolId, clientId, id), secret);
        const row = await driver.first(
          `INSERT INTO client_secrets (id, pool_id, client_id, secret, created_at)
           SELECT ?, c.pool_id, c.id, ?, ? FROM user_pool_clients c
           WHERE c.id = ? AND c.pool_id = ? AND ${COUNT} BETWEEN 1 AND ${MAX_CLIENT_SECRETS - 1}
           ON CONFLICT (id) DO NOTHING RETURNING id, created_at`,
          [id, sealed, createdAt, clientId, poolId],
        );
        if (row !== null) return { id, createdAt, original: false };
      }
      return "limit";
    },

    /**
     * Deletes one secret (the original one too: it is then gone from the client for good):
     * `"last"` when it is the client's only secret (kept), `"not-found"` when the client has no
     * such secret, `null` for no such client. One statement each, guarded by the count.
     */
    async delete(
      poolId: string,
      clientId: string,
      secretId: string,
      now: number,
    ): Promise<"deleted" | "last" | "not-found" | null> {
      const client = await clientRow(poolId, clientId);
      if (client === null) return null;
      const isOriginal =
        Number(client.original) === 1 && secretId === clientSecretId(clientId, Number(client.created_at));
      const changes = isOriginal
        ? (
            await driver.run(
              `UPDATE user_pool_clients SET secret = NULL, revision = ?, updated_at = ?
               WHERE id = ? AND pool_id = ? AND secret IS NOT NULL
               AND EXISTS (SELECT 1 FROM client_secrets s WHERE s.client_id = user_pool_clients.id)`,
              [newRevision(), now, clientId, poolId],
            )
          ).changes
        : (
            await driver.run(
              `DELETE FROM client_secrets WHERE id = ? AND client_id = ? AND pool_id = ?
               AND (SELECT ${COUNT} FROM user_pool_clients c WHERE c.id = client_secrets.client_id) > 1`,
              [secretId, clientId, poolId],
            )
          ).changes;
      if (changes > 0) return "deleted";
      const after = await list(poolId, clientId);
      if (after === null) return null;
      return after.some((s) => s.id === secretId) ? "last" : "not-found";
    },
  };
}

/** The client-secret repository's type. */
export type ClientSecretRepository = ReturnType<typeof clientSecretRepository>;
