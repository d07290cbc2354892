/**
 * Identity pools (migration 20): a pool's settings, its roles and role mappings, its tags, and
 * its principal-tag maps (one per identity provider). The identity-pool layer validates what it
 * stores; this repository keeps it as given, the list- and map-valued settings as JSON text.
 */
import type { SqlDriver, SqlRow } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { parseObject, type JsonObject } from "./rows.js";

/** A user pool app client an identity pool accepts ID tokens of (CognitoIdentityProvider). */
export interface CognitoIdentityProviderRecord {
  /** `cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  ProviderName: string;
  ClientId: string;
  /** Check that the token's user is still signed in (not globally signed out, not deleted). */
  ServerSideTokenCheck: boolean;
}

/** A stored identity pool. */
export interface IdentityPoolRecord {
  /** `{region}:{uuid}`. */
  id: string;
  name: string;
  allowUnauthenticated: boolean;
  allowClassicFlow: boolean;
  /** Set once, never changed (CreateIdentityPool or UpdateIdentityPool); `null` until then. */
  developerProviderName: string | null;
  /** Public provider (`accounts.google.com`, `graph.facebook.com`, ...) to its app id. */
  supportedLoginProviders: Record<string, string>;
  openIdConnectProviderArns: string[];
  cognitoIdentityProviders: CognitoIdentityProviderRecord[];
  samlProviderArns: string[];
  tags: Record<string, string>;
  /** `authenticated` / `unauthenticated` to a role ARN (SetIdentityPoolRoles). */
  roles: Record<string, string>;
  /** AWS's RoleMappings, provider key to `{Type, AmbiguousRoleResolution, RulesConfiguration}`, as given. */
  roleMappings: JsonObject;
  createdAt: number;
  updatedAt: number;
}

/** How a pool turns one provider's claims into principal tags (SetPrincipalTagAttributeMap). */
export interface PrincipalTagMapRecord {
  poolId: string;
  providerName: string;
  useDefaults: boolean;
  /** Tag key to the claim it takes its value from. */
  tags: Record<string, string>;
}

const COLUMNS =
  "id, name, allow_unauthenticated, allow_classic_flow, developer_provider_name, supported_login_providers, open_id_connect_provider_arns, cognito_identity_providers, saml_provider_arns, tags, roles, role_mappings, created_at, updated_at";
/** ListIdentityPools' MaxResults is 1 to 60. */
const MAX_PAGE = 60;

function toPool(row: SqlRow): IdentityPoolRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    allowUnauthenticated: Number(row.allow_unauthenticated) === 1,
    allowClassicFlow: Number(row.allow_classic_flow) === 1,
    developerProviderName: row.developer_provider_name === null ? null : String(row.developer_provider_name),
    supportedLoginProviders: parseObject(row.supported_login_providers),
    openIdConnectProviderArns: parseObject(row.open_id_connect_provider_arns),
    cognitoIdentityProviders: parseObject(row.cognito_identity_providers),
    samlProviderArns: parseObject(row.saml_provider_arns),
    tags: parseObject(row.tags),
    roles: parseObject(row.roles),
    roleMappings: parseObject(row.role_mappings),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * The identity-pool repository.
 *
 * @example
 * ```ts
 * const pools = identityPoolRepository(driver);
 * await pools.create({ id: `us-east-1:${crypto.randomUUID()}`, name: "app", allowUnauthenticated: true, ... });
 * await pools.setRoles(id, { authenticated: "arn:aws:iam::000000000000:role/Auth" }, {});
 * ```
 */
export function identityPoolRepository(driver: SqlDriver) {
  return {
    /** Creates a pool (one statement); an id in use throws SqlConstraintError (`unique`). */
    async create(record: IdentityPoolRecord): Promise<void> {
      await driver.run(
        `INSERT INTO identity_pools (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.id,
          record.name,
          record.allowUnauthenticated ? 1 : 0,
          record.allowClassicFlow ? 1 : 0,
          record.developerProviderName,
          JSON.stringify(record.supportedLoginProviders),
          JSON.stringify(record.openIdConnectProviderArns),
          JSON.stringify(record.cognitoIdentityProviders),
          JSON.stringify(record.samlProviderArns),
          JSON.stringify(record.tags),
          JSON.stringify(record.roles),
          JSON.stringify(record.roleMappings),
          record.createdAt,
          record.updatedAt,
        ],
      );
    },

    /** The pool, or `null`. */
    async get(id: string): Promise<IdentityPoolRecord | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM identity_pools WHERE id = ?`, [id]);
      return row === null ? null : toPool(row);
    },

    /** ListIdentityPools: pools in id order, `maxResults` (1-60) at a time. */
    async list(maxResults: number, nextToken?: string): Promise<Page<IdentityPoolRecord>> {
      const limit = pageLimit(maxResults, MAX_PAGE);
      const [after] = decodePageToken("identity-pools", nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM identity_pools WHERE id > ? ORDER BY id LIMIT ?`,
        [after ?? "", limit + 1],
      );
      return pageOf(rows.map(toPool), limit, (last) => encodePageToken("identity-pools", [last.id]));
    },

    /** How many pools there are (the account's quota). */
    async count(): Promise<number> {
      const row = await driver.first<{ n: number }>("SELECT COUNT(*) AS n FROM identity_pools");
      return Number(row?.n ?? 0);
    },

    /**
     * UpdateIdentityPool: replaces every setting but the tags, roles and role mappings (which
     * have operations of their own) in one statement; `false` when the pool is gone.
     */
    async update(record: IdentityPoolRecord): Promise<boolean> {
      const rows = await driver.all(
        `UPDATE identity_pools SET name = ?, allow_unauthenticated = ?, allow_classic_flow = ?, developer_provider_name = ?,
           supported_login_providers = ?, open_id_connect_provider_arns = ?, cognito_identity_providers = ?,
           saml_provider_arns = ?, updated_at = ?
         WHERE id = ? RETURNING id`,
        [
          record.name,
          record.allowUnauthenticated ? 1 : 0,
          record.allowClassicFlow ? 1 : 0,
          record.developerProviderName,
          JSON.stringify(record.supportedLoginProviders),
          JSON.stringify(record.openIdConnectProviderArns),
          JSON.stringify(record.cognitoIdentityProviders),
          JSON.stringify(record.samlProviderArns),
          record.updatedAt,
          record.id,
        ],
      );
      return rows.length > 0;
    },

    /** SetIdentityPoolRoles: replaces the roles and the role mappings together; `false` when the pool is gone. */
    async setRoles(id: string, roles: Record<string, string>, roleMappings: JsonObject): Promise<boolean> {
      const rows = await driver.all(
        "UPDATE identity_pools SET roles = ?, role_mappings = ? WHERE id = ? RETURNING id",
        [JSON.stringify(roles), JSON.stringify(roleMappings), id],
      );
      return rows.length > 0;
    },

    /** Replaces the whole tag map (TagResource and UntagResource compute it); `false` when the pool is gone. */
    async setTags(id: string, tags: Record<string, string>): Promise<boolean> {
      const rows = await driver.all("UPDATE identity_pools SET tags = ? WHERE id = ? RETURNING id", [
        JSON.stringify(tags),
        id,
      ]);
      return rows.length > 0;
    },

    /** Deletes the pool and, by cascade, its identities, their logins, and its principal-tag maps. */
    async delete(id: string): Promise<boolean> {
      return (await driver.all("DELETE FROM identity_pools WHERE id = ? RETURNING id", [id])).length > 0;
    },

    /** The pool's principal-tag map for one provider, or `null` when none was set. */
    async getPrincipalTags(poolId: string, providerName: string): Promise<PrincipalTagMapRecord | null> {
      const row = await driver.first(
        "SELECT pool_id, provider_name, use_defaults, tags FROM identity_principal_tags WHERE pool_id = ? AND provider_name = ?",
        [poolId, providerName],
      );
      return row === null
        ? null
        : {
            poolId: String(row.pool_id),
            providerName: String(row.provider_name),
            useDefaults: Number(row.use_defaults) === 1,
            tags: parseObject(row.tags),
          };
    },

    /** Sets (or replaces) a provider's principal-tag map in one statement; `false` when the pool is gone. */
    async putPrincipalTags(record: PrincipalTagMapRecord): Promise<boolean> {
      const rows = await driver.all(
        `INSERT INTO identity_principal_tags (pool_id, provider_name, use_defaults, tags)
         SELECT id, ?, CAST(? AS INTEGER), ? FROM identity_pools WHERE id = ?
         ON CONFLICT (pool_id, provider_name) DO UPDATE SET use_defaults = excluded.use_defaults, tags = excluded.tags
         RETURNING pool_id`,
        [record.providerName, record.useDefaults ? 1 : 0, JSON.stringify(record.tags), record.poolId],
      );
      return rows.length > 0;
    },
  };
}

/** The identity-pool repository's type. */
export type IdentityPoolRepository = ReturnType<typeof identityPoolRepository>;
