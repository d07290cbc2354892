/**
 * Users' external identities (migration 16): which user of the pool an identity of a provider
 * signs in as, and the `identities` attribute that lists them on the user. Every write is one
 * statement or one batch, and rewrites the holder's `identities` attribute in the same batch, so
 * the attribute and the rows never disagree.
 */
import { sql, type SqlDriver, type SqlRow, type SqlStatement, type SqlValue } from "../driver.js";
import { newRevision } from "./rows.js";
import type { UserRecord } from "./user-record.js";
import type { NewUser, UserRepository } from "./users.js";
import { usernameKeys, type UsernameKeys } from "./username-keys.js";

/** The `attribute_name` of an identity known by the provider's subject. */
export const SUBJECT = "Cognito_Subject";

/** Linked identities a user may hold besides its own (federation.md §1.2). */
export const MAX_LINKED_IDENTITIES = 5;

/** A stored external identity. */
export interface FederatedIdentityRecord {
  poolId: string;
  providerName: string;
  providerType: string;
  /** SAML: the IdP's entity ID; `null` for the others (as Cognito's `identities` shows). */
  issuer: string | null;
  /** {@link SUBJECT}, or the pool attribute a link was made by before the identity's first use. */
  attributeName: string;
  /** The provider's subject, or that attribute's value. */
  value: string;
  /** The user the identity signs in as. */
  sub: string;
  /** The identity created its user (first sign-in); `false` for a link. */
  primary: boolean;
  createdAt: number;
}

/** An identity as a write names it. */
export interface IdentityFields {
  providerName: string;
  providerType: string;
  issuer: string | null;
}

/** How a link ended (AdminLinkProviderForUser). */
export type LinkOutcome =
  | "linked"
  /** The identity is held already: by `sub` (the destination itself, or another user). */
  | { heldBy: string }
  /** The source identity is a user of its own (`{Provider}_{subject}` exists). */
  | "signed-up"
  /** The destination holds {@link MAX_LINKED_IDENTITIES} links. */
  | "limit"
  /** The destination user is gone. */
  | "gone";

const COLUMNS =
  "pool_id, provider_name, attribute_name, value, sub, provider_type, issuer, is_primary, created_at";

function toIdentity(row: SqlRow): FederatedIdentityRecord {
  return {
    poolId: String(row.pool_id),
    providerName: String(row.provider_name),
    providerType: String(row.provider_type),
    issuer: row.issuer === null ? null : String(row.issuer),
    attributeName: String(row.attribute_name),
    value: String(row.value),
    sub: String(row.sub),
    primary: Number(row.is_primary) === 1,
    createdAt: Number(row.created_at),
  };
}

/**
 * The `identities` attribute of a user holding these identities, in Cognito's shape: a JSON
 * string of `[{userId, providerName, providerType, issuer, primary, dateCreated}]` (booleans and
 * epoch ms here; the ID token's copy has them as strings, tokens/claims.ts).
 */
export function identitiesAttribute(identities: readonly FederatedIdentityRecord[]): string {
  return JSON.stringify(
    identities.map((i) => ({
      userId: i.value,
      providerName: i.providerName,
      providerType: i.providerType,
      issuer: i.issuer,
      primary: i.primary,
      dateCreated: i.createdAt,
    })),
  );
}

// Rewrites the user's `identities` attribute from the rows, in SQL, so it is right whatever else
// the batch did; the `'' ||` keeps the array a JSON string inside the attributes object, and a user
// left with no identity loses the attribute. Each such write is a new revision.
function refreshIdentities(
  sub: string,
  now: number,
  only: [string, SqlValue[]] = ["1 = 1", []],
): SqlStatement {
  return sql(
    `UPDATE users SET
       attributes = CASE WHEN EXISTS (SELECT 1 FROM federated_identities WHERE sub = ?)
         THEN json_set(attributes, '$.identities', '' || (
           SELECT json_group_array(json_object('userId', value, 'providerName', provider_name,
             'providerType', provider_type, 'issuer', issuer,
             'primary', json(CASE WHEN is_primary = 1 THEN 'true' ELSE 'false' END), 'dateCreated', created_at))
           FROM (SELECT * FROM federated_identities WHERE sub = ? ORDER BY is_primary DESC, created_at, provider_name, value)))
         ELSE json_remove(attributes, '$.identities') END,
       revision = ?, updated_at = CAST(? AS BIGINT)
     WHERE sub = ? AND ${only[0]}`,
    sub,
    sub,
    newRevision(),
    now,
    sub,
    ...only[1],
  );
}

/**
 * The federated-identity repository.
 *
 * @example
 * ```ts
 * const identities = federatedIdentityRepository(driver, users);
 * const user = await identities.createUser(newUser, { providerName: "Google", providerType: "Google", issuer: null }, "1026", group, now);
 * (await identities.get(poolId, "Google", "1026"))?.sub === user.sub; // true
 * ```
 */
export function federatedIdentityRepository(
  driver: SqlDriver,
  users: UserRepository,
  keyOf: UsernameKeys = usernameKeys(driver),
) {
  const held = (poolId: string, providerName: string, attributeName: string, value: string) =>
    driver
      .first(
        `SELECT ${COLUMNS} FROM federated_identities WHERE pool_id = ? AND provider_name = ? AND attribute_name = ? AND value = ?`,
        [poolId, providerName, attributeName, value],
      )
      .then((row) => (row === null ? null : toIdentity(row)));

  return {
    /** The identity of this provider's `subject`, or `null`. */
    get(poolId: string, providerName: string, subject: string): Promise<FederatedIdentityRecord | null> {
      return held(poolId, providerName, SUBJECT, subject);
    },

    /** The identity known by this attribute (`Cognito_Subject` or a pool attribute), or `null`. */
    getBy(
      poolId: string,
      providerName: string,
      attributeName: string,
      value: string,
    ): Promise<FederatedIdentityRecord | null> {
      return held(poolId, providerName, attributeName, value);
    },

    /** The user's identities: its own first, then its links by age. */
    async forUser(poolId: string, sub: string): Promise<FederatedIdentityRecord[]> {
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM federated_identities WHERE pool_id = ? AND sub = ? ORDER BY is_primary DESC, created_at, provider_name, value`,
        [poolId, sub],
      );
      return rows.map(toIdentity);
    },

    /** The provider's links still known by a pool attribute (made before their first sign-in). */
    async pendingLinks(poolId: string, providerName: string): Promise<FederatedIdentityRecord[]> {
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM federated_identities WHERE pool_id = ? AND provider_name = ? AND attribute_name <> ? ORDER BY created_at LIMIT 1000`,
        [poolId, providerName, SUBJECT],
      );
      return rows.map(toIdentity);
    },

    /**
     * A first sign-in: creates the user (users.create, its username `{Provider}_{subject}`),
     * its identity (primary), and its membership of the provider's automatic group (the group
     * made if missing), all in one batch, and only if no user holds the identity yet. Of two
     * concurrent first sign-ins of one subject exactly one creates; the other, like a create
     * whose identity is linked meanwhile, throws UsernameExistsError (then read the identity).
     * `user.attributes.identities` is set here.
     */
    async createUser(
      user: NewUser,
      identity: IdentityFields,
      subject: string,
      group: { name: string; description: string },
      now: number,
    ): Promise<UserRecord> {
      const record: FederatedIdentityRecord = {
        ...identity,
        poolId: user.poolId,
        attributeName: SUBJECT,
        value: subject,
        sub: user.sub,
        primary: true,
        createdAt: now,
      };
      const inserted = ({ key, revision }: { key: string; revision: string }): [string, SqlValue[]] => [
        "FROM users WHERE pool_id = ? AND username_lower = ? AND revision = ?",
        [user.poolId, key, revision],
      ];
      return users.create(
        {
          ...user,
          attributes: { ...user.attributes, identities: identitiesAttribute([record]) },
          together: {
            guards: [
              [
                "NOT EXISTS (SELECT 1 FROM federated_identities WHERE pool_id = ? AND provider_name = ? AND attribute_name = ? AND value = ?)",
                [user.poolId, identity.providerName, SUBJECT, subject],
              ],
            ],
            statements: (row) => {
              const [from, params] = inserted(row);
              return [
                sql(
                  `INSERT INTO federated_identities (${COLUMNS})
                   SELECT pool_id, ?, ?, ?, sub, ?, ?, 1, CAST(? AS BIGINT) ${from}`,
                  identity.providerName,
                  SUBJECT,
                  subject,
                  identity.providerType,
                  identity.issuer,
                  now,
                  ...params,
                ),
                sql(
                  `INSERT INTO user_groups (pool_id, name, description, role_arn, precedence, created_at, updated_at)
                   SELECT pool_id, ?, ?, NULL, NULL, CAST(? AS BIGINT), CAST(? AS BIGINT) ${from}
                   ON CONFLICT (pool_id, name) DO NOTHING`,
                  group.name,
                  group.description,
                  now,
                  now,
                  ...params,
                ),
                sql(
                  `INSERT INTO group_members (pool_id, group_name, sub, created_at)
                   SELECT pool_id, ?, sub, CAST(? AS BIGINT) ${from}
                   ON CONFLICT DO NOTHING`,
                  group.name,
                  now,
                  ...params,
                ),
              ];
            },
          },
        },
        now,
      );
    },

    /**
     * AdminLinkProviderForUser: the identity (by its subject, or by a pool attribute for SAML and
     * OIDC) now signs in as the destination user. One statement inserts it only if the
     * destination exists and holds fewer than {@link MAX_LINKED_IDENTITIES} links, no user is
     * named `sourceUsername` (the source signed up; `null` for a link by a pool attribute), and no
     * user holds the identity; the
     * destination's `identities` attribute is rewritten in the same batch.
     */
    async link(
      poolId: string,
      destinationSub: string,
      identity: IdentityFields & { attributeName: string; value: string; sourceUsername: string | null },
      now: number,
    ): Promise<LinkOutcome> {
      // No user can be named by a link made by a pool attribute: the key is one no name has.
      const sourceKey = identity.sourceUsername === null ? "" : await keyOf(poolId, identity.sourceUsername);
      const [inserted] = await driver.batch([
        sql(
          `INSERT INTO federated_identities (${COLUMNS})
           SELECT pool_id, ?, ?, ?, sub, ?, ?, 0, CAST(? AS BIGINT) FROM users
           WHERE pool_id = ? AND sub = ?
             AND (SELECT COUNT(*) FROM federated_identities WHERE sub = ? AND is_primary = 0) < ?
             AND NOT EXISTS (SELECT 1 FROM users WHERE pool_id = ? AND username_lower = ?)
           ON CONFLICT DO NOTHING RETURNING sub`,
          identity.providerName,
          identity.attributeName,
          identity.value,
          identity.providerType,
          identity.issuer,
          now,
          poolId,
          destinationSub,
          destinationSub,
          MAX_LINKED_IDENTITIES,
          poolId,
          sourceKey,
        ),
        // Only when this batch's row went in (a refused link leaves the user's revision alone).
        refreshIdentities(destinationSub, now, [
          "EXISTS (SELECT 1 FROM federated_identities WHERE pool_id = ? AND provider_name = ? AND attribute_name = ? AND value = ? AND sub = ? AND created_at = ?)",
          [poolId, identity.providerName, identity.attributeName, identity.value, destinationSub, now],
        ]),
      ]);
      if (inserted!.rows.length > 0) return "linked";
      const holder = await held(poolId, identity.providerName, identity.attributeName, identity.value);
      if (holder !== null) return { heldBy: holder.sub };
      if (
        (await driver.first("SELECT 1 AS n FROM users WHERE pool_id = ? AND username_lower = ?", [
          poolId,
          sourceKey,
        ])) !== null
      )
        return "signed-up";
      if ((await users.getBySub(poolId, destinationSub)) === null) return "gone";
      return "limit";
    },

    /**
     * The first sign-in of an identity linked by a pool attribute: its row turns into its
     * subject form (and takes the `issuer` the sign-in saw, when given) (one statement, so two sign-ins claim it once). Returns the user it signs in
     * as, or `null` when the link is gone or the subject is held already.
     */
    async claim(
      poolId: string,
      providerName: string,
      attributeName: string,
      value: string,
      subject: string,
      now: number,
      issuer?: string | null,
    ): Promise<string | null> {
      const link = await held(poolId, providerName, attributeName, value);
      if (link === null) return null;
      const [claimed] = await driver.batch([
        sql(
          `UPDATE federated_identities SET attribute_name = ?, value = ?, issuer = COALESCE(?, issuer)
           WHERE pool_id = ? AND provider_name = ? AND attribute_name = ? AND value = ? AND sub = ?
             AND NOT EXISTS (SELECT 1 FROM federated_identities WHERE pool_id = ? AND provider_name = ? AND attribute_name = ? AND value = ?)
           RETURNING sub`,
          SUBJECT,
          subject,
          issuer ?? null,
          poolId,
          providerName,
          attributeName,
          value,
          link.sub,
          poolId,
          providerName,
          SUBJECT,
          subject,
        ),
        refreshIdentities(link.sub, now),
      ]);
      return claimed!.rows.length > 0 ? link.sub : null;
    },

    /**
     * AdminDisableProviderForUser: the identity is no longer anyone's (its holder's `identities`
     * rewritten in the same batch). Returns the holder's sub, or `null` when nobody held it.
     */
    async remove(
      poolId: string,
      providerName: string,
      attributeName: string,
      value: string,
      now: number,
    ): Promise<string | null> {
      const holder = await held(poolId, providerName, attributeName, value);
      if (holder === null) return null;
      const [deleted] = await driver.batch([
        sql(
          "DELETE FROM federated_identities WHERE pool_id = ? AND provider_name = ? AND attribute_name = ? AND value = ? AND sub = ? RETURNING sub",
          poolId,
          providerName,
          attributeName,
          value,
          holder.sub,
        ),
        refreshIdentities(holder.sub, now),
      ]);
      return deleted!.rows.length > 0 ? holder.sub : null;
    },
  };
}

/** The federated-identity repository's type. */
export type FederatedIdentityRepository = ReturnType<typeof federatedIdentityRepository>;
