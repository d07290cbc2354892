/**
 * Identity providers of a user pool (Google, Facebook, Login with Amazon, Sign in with Apple,
 * OIDC, SAML): a name, a type, the ProviderDetails and AttributeMapping string maps, and the
 * identifiers (IdpIdentifiers) that name the provider in the pool. The secrets among the details
 * (`client_secret`, Apple's `private_key`) are sealed with the store's {@link SecretBox}, bound
 * to the pool, the provider and the key, and handed out opened.
 */
import { sql, SqlConstraintError, type SqlDriver, type SqlRow, type SqlStatement } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { NO_SECRET_BOX, type SecretBox } from "./clients.js";

/** A stored identity provider, its secrets opened. */
export interface IdentityProviderRecord {
  poolId: string;
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  /** Its AcrMapping (`Level1`..`Level4` to an `acr` value), when it has one. */
  acrMapping?: Record<string, string>;
  /** Its IdpIdentifiers, sorted. */
  identifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/** What a create or an update writes. */
export type IdentityProviderFields = Pick<
  IdentityProviderRecord,
  "poolId" | "name" | "type" | "details" | "attributeMapping" | "acrMapping" | "identifiers"
>;

/** The ProviderDetails keys kept sealed at rest. */
export const SEALED_DETAILS: ReadonlySet<string> = new Set(["client_secret", "private_key"]);

const COLUMNS =
  "pool_id, provider_name, provider_type, details, attribute_mapping, acr_mapping, created_at, updated_at";
const MAX_PAGE = 60;

const secretContext = (poolId: string, name: string, key: string) => `idp-secret:${poolId}:${name}:${key}`;

function stringMap(text: unknown): Record<string, string> {
  const parsed = JSON.parse(String(text)) as unknown;
  const out: Record<string, string> = {};
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
    for (const [key, value] of Object.entries(parsed)) out[key] = String(value);
  return out;
}

const acrText = (acr: Record<string, string> | undefined) => (acr === undefined ? null : JSON.stringify(acr));

/**
 * The identity-provider repository.
 *
 * @example
 * ```ts
 * const idps = identityProviderRepository(driver, box);
 * await idps.create({ poolId, name: "Google", type: "Google", details, attributeMapping: { username: "sub" }, identifiers: [] }, now, 300);
 * (await idps.get(poolId, "Google"))?.details.client_secret; // opened
 * ```
 */
export function identityProviderRepository(driver: SqlDriver, box: SecretBox = NO_SECRET_BOX) {
  async function sealDetails(poolId: string, name: string, details: Record<string, string>) {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(details))
      out[key] = SEALED_DETAILS.has(key) ? await box.seal(secretContext(poolId, name, key), value) : value;
    return JSON.stringify(out);
  }

  async function toRecord(row: SqlRow, identifiers: string[]): Promise<IdentityProviderRecord> {
    const poolId = String(row.pool_id);
    const name = String(row.provider_name);
    const details = stringMap(row.details);
    for (const key of Object.keys(details))
      if (SEALED_DETAILS.has(key))
        details[key] = await box.open(secretContext(poolId, name, key), details[key]!);
    return {
      poolId,
      name,
      type: String(row.provider_type),
      details,
      attributeMapping: stringMap(row.attribute_mapping),
      ...(row.acr_mapping !== null && { acrMapping: stringMap(row.acr_mapping) }),
      identifiers,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  async function identifiersOf(poolId: string, name: string): Promise<string[]> {
    const rows = await driver.all<{ identifier: string }>(
      "SELECT identifier FROM idp_identifiers WHERE pool_id = ? AND provider_name = ? ORDER BY identifier",
      [poolId, name],
    );
    return rows.map((r) => String(r.identifier));
  }

  const insertIdentifiers = (poolId: string, name: string, identifiers: readonly string[]): SqlStatement[] =>
    identifiers.map((identifier) =>
      sql(
        "INSERT INTO idp_identifiers (pool_id, identifier, provider_name) VALUES (?, ?, ?)",
        poolId,
        identifier,
        name,
      ),
    );

  async function get(poolId: string, name: string): Promise<IdentityProviderRecord | null> {
    const row = await driver.first(
      `SELECT ${COLUMNS} FROM identity_providers WHERE pool_id = ? AND provider_name = ?`,
      [poolId, name],
    );
    return row === null ? null : toRecord(row, await identifiersOf(poolId, name));
  }

  /** The first of `identifiers` another provider of the pool holds, if any. */
  async function takenIdentifier(poolId: string, name: string, identifiers: readonly string[]) {
    for (const identifier of identifiers) {
      const row = await driver.first<{ provider_name: string }>(
        "SELECT provider_name FROM idp_identifiers WHERE pool_id = ? AND identifier = ?",
        [poolId, identifier],
      );
      if (row !== null && String(row.provider_name) !== name) return identifier;
    }
    return undefined;
  }

  return {
    /**
     * Adds a provider and its identifiers in one batch: all of it, or nothing. `"exists"` when
     * the pool has a provider of that name, `{ identifierTaken }` when another provider holds one
     * of the identifiers, `"limit"` when the pool already has `maxPerPool` providers (counted in
     * the inserting statement), `"no-pool"` when the pool is gone.
     */
    async create(
      provider: IdentityProviderFields,
      now: number,
      maxPerPool: number,
    ): Promise<IdentityProviderRecord | "exists" | "limit" | "no-pool" | { identifierTaken: string }> {
      const { poolId, name } = provider;
      const details = await sealDetails(poolId, name, provider.details);
      try {
        // A plain INSERT: a taken name fails the batch; at the limit it inserts nothing, and the
        // identifiers' foreign key then fails the batch (or, without identifiers, nothing was written).
        const [inserted] = await driver.batch([
          sql(
            `INSERT INTO identity_providers (${COLUMNS})
             SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM identity_providers WHERE pool_id = ?) < ?`,
            poolId,
            name,
            provider.type,
            details,
            JSON.stringify(provider.attributeMapping),
            acrText(provider.acrMapping),
            now,
            now,
            poolId,
            maxPerPool,
          ),
          ...insertIdentifiers(poolId, name, provider.identifiers),
        ]);
        if (inserted !== undefined && inserted.changes > 0)
          return {
            ...provider,
            identifiers: [...provider.identifiers].sort(),
            createdAt: now,
            updatedAt: now,
          };
      } catch (error) {
        if (!(error instanceof SqlConstraintError)) throw error;
      }
      // Why nothing was written, read afterwards.
      if ((await driver.first("SELECT id FROM user_pools WHERE id = ?", [poolId])) === null) return "no-pool";
      if ((await get(poolId, name)) !== null) return "exists";
      const taken = await takenIdentifier(poolId, name, provider.identifiers);
      if (taken !== undefined) return { identifierTaken: taken };
      return "limit";
    },

    /** The pool's provider of that name, or `null`. */
    get,

    /** The provider an identifier names, or `null`. */
    async byIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | null> {
      const row = await driver.first<{ provider_name: string }>(
        "SELECT provider_name FROM idp_identifiers WHERE pool_id = ? AND identifier = ?",
        [poolId, identifier],
      );
      return row === null ? null : get(poolId, String(row.provider_name));
    },

    /**
     * Replaces the details, the mapping and (when given) the identifiers, whole, in one batch.
     * `null` when there is no such provider; `{ identifierTaken }` when another provider holds one
     * of the identifiers (nothing is written then).
     */
    async update(
      poolId: string,
      name: string,
      changes: Pick<IdentityProviderRecord, "details" | "attributeMapping" | "acrMapping"> & {
        identifiers?: readonly string[];
      },
      now: number,
    ): Promise<IdentityProviderRecord | null | { identifierTaken: string }> {
      const details = await sealDetails(poolId, name, changes.details);
      const statements = [
        sql(
          "UPDATE identity_providers SET details = ?, attribute_mapping = ?, acr_mapping = ?, updated_at = ? WHERE pool_id = ? AND provider_name = ?",
          details,
          JSON.stringify(changes.attributeMapping),
          acrText(changes.acrMapping),
          now,
          poolId,
          name,
        ),
      ];
      if (changes.identifiers !== undefined)
        statements.push(
          sql("DELETE FROM idp_identifiers WHERE pool_id = ? AND provider_name = ?", poolId, name),
          ...insertIdentifiers(poolId, name, changes.identifiers),
        );
      try {
        const [updated] = await driver.batch(statements);
        if (updated === undefined || updated.changes === 0) return null;
      } catch (error) {
        if (!(error instanceof SqlConstraintError)) throw error;
        if ((await get(poolId, name)) === null) return null;
        const taken = await takenIdentifier(poolId, name, changes.identifiers ?? []);
        if (taken !== undefined) return { identifierTaken: taken };
        throw error;
      }
      return get(poolId, name);
    },

    /** Deletes the provider and its identifiers; `false` when there was none. */
    async delete(poolId: string, name: string): Promise<boolean> {
      const [, deleted] = await driver.batch([
        sql("DELETE FROM idp_identifiers WHERE pool_id = ? AND provider_name = ?", poolId, name),
        sql("DELETE FROM identity_providers WHERE pool_id = ? AND provider_name = ?", poolId, name),
      ]);
      return (deleted?.changes ?? 0) > 0;
    },

    /** The pool's providers by name, `limit` (1-60, default 60) at a time; no secret is opened. */
    async list(
      poolId: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<Pick<IdentityProviderRecord, "poolId" | "name" | "type" | "createdAt" | "updatedAt">>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("identity-providers", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT pool_id, provider_name, provider_type, created_at, updated_at FROM identity_providers
         WHERE pool_id = ? AND provider_name > ? ORDER BY provider_name LIMIT ?`,
        [poolId, after ?? "", limit + 1],
      );
      const items = rows.map((row) => ({
        poolId: String(row.pool_id),
        name: String(row.provider_name),
        type: String(row.provider_type),
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      }));
      return pageOf(items, limit, (last) => encodePageToken("identity-providers", [last.name]));
    },

    /** The names of the pool's providers. */
    async names(poolId: string): Promise<Set<string>> {
      const rows = await driver.all<{ provider_name: string }>(
        "SELECT provider_name FROM identity_providers WHERE pool_id = ?",
        [poolId],
      );
      return new Set(rows.map((r) => String(r.provider_name)));
    },
  };
}

/** The identity-provider repository's type. */
export type IdentityProviderRepository = ReturnType<typeof identityProviderRepository>;
