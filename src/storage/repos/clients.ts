/**
 * App clients of a user pool: id, name, optional secret, and the client's settings as one JSON
 * document (ExplicitAuthFlows, token validity, read/write attributes, ...). The secret is kept
 * sealed (a {@link SecretBox}, the master key's AES-GCM in the user-pool context) and handed
 * out opened, so no caller ever sees the stored form.
 */
import type { SqlDriver, SqlRow, SqlValue } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { newRevision, parseObject, type JsonObject } from "./rows.js";

/** A stored app client. */
export interface ClientRecord<C extends object = JsonObject> {
  id: string;
  poolId: string;
  name: string;
  /**
   * A secret the client accepts (its original one while kept, else the oldest added one), or
   * `null` for a public client: non-null exactly while the client is confidential, so a check
   * `secret === null` never takes a rotated client for a public one. To check a secret given,
   * compare with every one of {@link ClientRecord.secrets}.
   */
  secret: string | null;
  /**
   * The secret the client was created with, while kept (DescribeUserPoolClient's ClientSecret);
   * `null` for a public client and after DeleteUserPoolClientSecret removed it.
   */
  originalSecret: string | null;
  /**
   * Every secret the client accepts now, opened: the original (if kept) and those added by
   * AddUserPoolClientSecret, oldest first. Empty for a public client.
   */
  secrets: readonly string[];
  config: C;
  revision: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * How secrets are kept at rest: sealed under a key the database never holds, bound to the
 * record by `context` (a sealed value moved to another client does not open).
 */
export interface SecretBox {
  seal(context: string, plaintext: string): Promise<string>;
  /** Opens what `seal` made for the same context; throws otherwise. */
  open(context: string, stored: string): Promise<string>;
  /** Whether a stored value is sealed (else it is a clear value an older version stored). */
  isSealed(stored: string): boolean;
}

const NO_MASTER_KEY = "a client secret is sealed under the master key, and none is configured";

/** The box of a store that has no master key: it seals nothing, and so cannot store a secret. */
export const NO_SECRET_BOX: SecretBox = {
  seal: () => Promise.reject(new Error(NO_MASTER_KEY)),
  open: () => Promise.reject(new Error(NO_MASTER_KEY)),
  isSealed: (stored) => stored.startsWith("v1."),
};

/** The additional data a client's secret is sealed with. */
const secretContext = (poolId: string, clientId: string) => `client-secret:${poolId}:${clientId}`;

/** The additional data an added secret (a rotation's) is sealed with: bound to its row too. */
export const addedSecretContext = (poolId: string, clientId: string, secretId: string) =>
  `client-secret:${poolId}:${clientId}:${secretId}`;

// The added secrets of the row's client, as a JSON array of [id, sealed secret, created_at].
const ADDED = `(SELECT json_group_array(json_array(s.id, s.secret, s.created_at)) FROM client_secrets s WHERE s.client_id = user_pool_clients.id) AS added`;

const COLUMNS = "id, pool_id, name, secret, config, revision, created_at, updated_at";
const MAX_PAGE = 60;

/**
 * The app-client repository. Every call names the pool, so a client id from another pool is
 * simply not found.
 *
 * @example
 * ```ts
 * const clients = clientRepository(driver);
 * await clients.create({ id: "26charclientid", poolId, name: "web", secret: null, config: { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] } }, now);
 * const client = await clients.get(poolId, "26charclientid");
 * ```
 */
export function clientRepository<C extends object = JsonObject>(
  driver: SqlDriver,
  box: SecretBox = NO_SECRET_BOX,
) {
  /**
   * The stored secret, opened. A clear one (stored before secrets were sealed) is sealed in
   * place on this first read, compare-and-set on the clear value, so it does not stay in clear.
   */
  const secretOf = async (row: SqlRow): Promise<string | null> => {
    if (row.secret === null) return null;
    const stored = String(row.secret);
    const context = secretContext(String(row.pool_id), String(row.id));
    if (box.isSealed(stored)) return box.open(context, stored);
    if (box !== NO_SECRET_BOX)
      await driver.run("UPDATE user_pool_clients SET secret = ? WHERE id = ? AND secret = ?", [
        await box.seal(context, stored),
        String(row.id),
        stored,
      ]);
    return stored;
  };
  /** The added secrets, opened, oldest first (read with the row, or after a write that returned none). */
  const addedOf = async (row: SqlRow): Promise<string[]> => {
    const poolId = String(row.pool_id);
    const id = String(row.id);
    const added =
      row.added === undefined
        ? (
            await driver.all("SELECT id, secret, created_at FROM client_secrets WHERE client_id = ?", [id])
          ).map((r) => [r.id, r.secret, r.created_at])
        : (JSON.parse(String(row.added ?? "[]")) as unknown[][]);
    added.sort((a, b) => Number(a[2]) - Number(b[2]) || String(a[0]).localeCompare(String(b[0])));
    return Promise.all(
      added.map(([sid, sealed]) => box.open(addedSecretContext(poolId, id, String(sid)), String(sealed))),
    );
  };
  const toClient = async (row: SqlRow): Promise<ClientRecord<C>> => {
    const original = await secretOf(row);
    const secrets = original === null ? await addedOf(row) : [original, ...(await addedOf(row))];
    return {
      id: String(row.id),
      poolId: String(row.pool_id),
      name: String(row.name),
      secret: secrets[0] ?? null,
      originalSecret: original,
      secrets,
      config: parseObject<C>(row.config),
      revision: String(row.revision),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  };

  return {
    /**
     * Creates a client, its secret sealed; `null` when the id is taken (one statement). Fails if
     * the pool does not exist.
     */
    async create(
      client: { id: string; poolId: string; name: string; secret: string | null; config: C },
      now: number,
    ): Promise<ClientRecord<C> | null> {
      const sealed =
        client.secret === null
          ? null
          : await box.seal(secretContext(client.poolId, client.id), client.secret);
      const row = await driver.first(
        `INSERT INTO user_pool_clients (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
        [
          client.id,
          client.poolId,
          client.name,
          sealed,
          JSON.stringify(client.config),
          newRevision(),
          now,
          now,
        ],
      );
      return row === null ? null : toClient(row);
    },

    /**
     * Seals every secret still stored in clear (by a version before secrets were sealed), each
     * compare-and-set on its clear value; returns how many. Run once per process on first use.
     */
    async sealClearSecrets(): Promise<number> {
      if (box === NO_SECRET_BOX) return 0;
      const rows = await driver.all(
        "SELECT id, pool_id, secret FROM user_pool_clients WHERE secret IS NOT NULL AND secret NOT LIKE 'v1.%'",
      );
      let sealed = 0;
      for (const row of rows) {
        const stored = String(row.secret);
        if (box.isSealed(stored)) continue;
        const next = await box.seal(secretContext(String(row.pool_id), String(row.id)), stored);
        sealed += (
          await driver.run("UPDATE user_pool_clients SET secret = ? WHERE id = ? AND secret = ?", [
            next,
            String(row.id),
            stored,
          ])
        ).changes;
      }
      return sealed;
    },

    /** The client of that pool, or `null`. */
    async get(poolId: string, id: string): Promise<ClientRecord<C> | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS}, ${ADDED} FROM user_pool_clients WHERE id = ? AND pool_id = ?`,
        [id, poolId],
      );
      return row === null ? null : toClient(row);
    },

    /** The client by id alone (InitiateAuth names only the client), or `null`. */
    async find(id: string): Promise<ClientRecord<C> | null> {
      const row = await driver.first(`SELECT ${COLUMNS}, ${ADDED} FROM user_pool_clients WHERE id = ?`, [id]);
      return row === null ? null : toClient(row);
    },

    /** Changes name and/or config in one statement, optionally compare-and-set on `ifRevision`. */
    async update(
      poolId: string,
      id: string,
      changes: { name?: string; config?: C },
      options: { now: number; ifRevision?: string },
    ): Promise<ClientRecord<C> | null> {
      const params: SqlValue[] = [
        changes.name ?? null,
        changes.config === undefined ? null : JSON.stringify(changes.config),
        newRevision(),
        options.now,
        id,
        poolId,
      ];
      let where = "id = ? AND pool_id = ?";
      if (options.ifRevision !== undefined) {
        where += " AND revision = ?";
        params.push(options.ifRevision);
      }
      const row = await driver.first(
        `UPDATE user_pool_clients SET name = COALESCE(?, name), config = COALESCE(?, config), revision = ?, updated_at = ? WHERE ${where} RETURNING ${COLUMNS}`,
        params,
      );
      return row === null ? null : toClient(row);
    },

    /** Deletes the client and, by cascade, the refresh tokens issued to it. */
    async delete(poolId: string, id: string): Promise<boolean> {
      return (
        (await driver.run("DELETE FROM user_pool_clients WHERE id = ? AND pool_id = ?", [id, poolId]))
          .changes > 0
      );
    },

    /** The pool's clients in id order, `limit` (1-60, default 60) at a time. */
    async list(
      poolId: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<ClientRecord<C>>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("clients", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS}, ${ADDED} FROM user_pool_clients WHERE pool_id = ? AND id > ? ORDER BY id LIMIT ?`,
        [poolId, after ?? "", limit + 1],
      );
      return pageOf(await Promise.all(rows.map(toClient)), limit, (last) =>
        encodePageToken("clients", [last.id]),
      );
    },
  };
}

/** The app-client repository's type. */
export type ClientRepository<C extends object = JsonObject> = ReturnType<typeof clientRepository<C>>;
