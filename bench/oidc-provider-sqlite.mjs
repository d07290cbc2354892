// A durable adapter for panva's oidc-provider on SQLite (better-sqlite3, the engine cognate uses on
// Node, with cognate's journal settings: WAL, synchronous=NORMAL), so that the benchmark can set
// oidc-provider's token endpoint against cognate's with both keeping their codes and refresh tokens
// on disk, as a deployment does (oidc-provider's own in-memory adapter is for development: an LRU
// of 1,000 entries, lost on restart). It follows the adapter contract of oidc-provider's README
// ("Adapter"): upsert, find, findByUid, findByUserCode, consume, destroy, revokeByGrantId, one
// table for every model keyed by (model, id), the payload as JSON, and indexes on the grant, the
// session uid and the user code, as the SQL adapters its community keeps do.
import Database from "better-sqlite3";
import { join } from "node:path";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS oidc_models (
    model TEXT NOT NULL,
    id TEXT NOT NULL,
    payload TEXT NOT NULL,
    grant_id TEXT,
    user_code TEXT,
    uid TEXT,
    expires_at INTEGER,
    consumed_at INTEGER,
    PRIMARY KEY (model, id)
  )`,
  "CREATE INDEX IF NOT EXISTS oidc_models_grant ON oidc_models (grant_id) WHERE grant_id IS NOT NULL",
  "CREATE INDEX IF NOT EXISTS oidc_models_uid ON oidc_models (uid) WHERE uid IS NOT NULL",
  "CREATE INDEX IF NOT EXISTS oidc_models_user_code ON oidc_models (user_code) WHERE user_code IS NOT NULL",
];

/**
 * An adapter factory for `new Provider(issuer, { adapter })`, on a database file in `dir`.
 * @param {string} dir
 */
export function sqliteAdapter(dir) {
  const db = new Database(join(dir, "oidc-provider.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  for (const statement of SCHEMA) db.exec(statement);
  const upsert = db.prepare(
    `INSERT INTO oidc_models (model, id, payload, grant_id, user_code, uid, expires_at, consumed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
       user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at, consumed_at = NULL`,
  );
  const find = db.prepare(
    "SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND id = ?",
  );
  const findBy = {
    uid: db.prepare("SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND uid = ?"),
    userCode: db.prepare(
      "SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND user_code = ?",
    ),
  };
  const consume = db.prepare("UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ?");
  const destroy = db.prepare("DELETE FROM oidc_models WHERE model = ? AND id = ?");
  const revoke = db.prepare("DELETE FROM oidc_models WHERE grant_id = ?");

  const payloadOf = (row) => {
    if (row === undefined || (row.expires_at !== null && row.expires_at <= Date.now())) return undefined;
    const payload = JSON.parse(row.payload);
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  };

  class SqliteAdapter {
    constructor(model) {
      this.model = model;
    }
    async upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : null;
      upsert.run(
        this.model,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresAt,
      );
    }
    async find(id) {
      return payloadOf(find.get(this.model, id));
    }
    async findByUid(uid) {
      return payloadOf(findBy.uid.get(this.model, uid));
    }
    async findByUserCode(userCode) {
      return payloadOf(findBy.userCode.get(this.model, userCode));
    }
    async consume(id) {
      consume.run(Math.floor(Date.now() / 1000), this.model, id);
    }
    async destroy(id) {
      destroy.run(this.model, id);
    }
    async revokeByGrantId(grantId) {
      revoke.run(grantId);
    }
  }
  return { adapter: SqliteAdapter, close: () => db.close() };
}
