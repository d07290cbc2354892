/**
 * User pool domains: where a pool's hosted UI and OAuth endpoints answer by host. A pool holds at
 * most one prefix domain (`{prefix}.{suffix}`) and one custom domain (a full host name), each
 * unique across pools; the rest of the domain's description (CustomDomainConfig,
 * ManagedLoginVersion, the CloudFront name) is one JSON document the user-pool layer owns.
 */
import { SqlConstraintError, type SqlDriver, type SqlRow } from "../driver.js";
import { parseObject, type JsonObject } from "./rows.js";

/** A domain's kind: a prefix of the configured suffix, or a host name of its own. */
export type DomainKind = "prefix" | "custom";

/** A stored domain. */
export interface DomainRecord<C extends object = JsonObject> {
  /** The prefix (`my-app`) or the custom host name (`auth.example.com`), lower-case. */
  domain: string;
  poolId: string;
  kind: DomainKind;
  config: C;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = "domain, pool_id, kind, config, created_at, updated_at";

/**
 * The domain repository.
 *
 * @example
 * ```ts
 * const domains = domainRepository(driver);
 * await domains.create({ domain: "my-app", poolId, kind: "prefix", config: { ManagedLoginVersion: 1 } }, now);
 * (await domains.get("my-app"))?.poolId; // poolId
 * ```
 */
export function domainRepository<C extends object = JsonObject>(driver: SqlDriver) {
  const toDomain = (row: SqlRow): DomainRecord<C> => ({
    domain: String(row.domain),
    poolId: String(row.pool_id),
    kind: String(row.kind) as DomainKind,
    config: parseObject<C>(row.config),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });

  return {
    /**
     * Claims a domain for a pool in one statement. Returns `"taken"` when another pool (or this
     * one) holds the name, `"kind-taken"` when the pool already has a domain of that kind.
     */
    async create(
      domain: Pick<DomainRecord<C>, "domain" | "poolId" | "kind" | "config">,
      now: number,
    ): Promise<DomainRecord<C> | "taken" | "kind-taken"> {
      try {
        const row = await driver.first(
          `INSERT INTO user_pool_domains (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (domain) DO NOTHING RETURNING ${COLUMNS}`,
          [domain.domain, domain.poolId, domain.kind, JSON.stringify(domain.config), now, now],
        );
        return row === null ? "taken" : toDomain(row);
      } catch (error) {
        if (error instanceof SqlConstraintError && error.kind === "unique") return "kind-taken";
        throw error;
      }
    },

    /** The domain of that name (prefix or host name), or `null`. */
    async get(domain: string): Promise<DomainRecord<C> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM user_pool_domains WHERE domain = ?`, [domain]);
      return row === null ? null : toDomain(row);
    },

    /** The pool's domains: none, a prefix, a custom one, or both. */
    async ofPool(poolId: string): Promise<DomainRecord<C>[]> {
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM user_pool_domains WHERE pool_id = ? ORDER BY kind DESC`,
        [poolId],
      );
      return rows.map(toDomain);
    },

    /** Replaces the domain's description, if the pool holds it. */
    async update(domain: string, poolId: string, config: C, now: number): Promise<DomainRecord<C> | null> {
      const row = await driver.first(
        `UPDATE user_pool_domains SET config = ?, updated_at = ? WHERE domain = ? AND pool_id = ? RETURNING ${COLUMNS}`,
        [JSON.stringify(config), now, domain, poolId],
      );
      return row === null ? null : toDomain(row);
    },

    /** Releases the domain, if the pool holds it. */
    async delete(domain: string, poolId: string): Promise<boolean> {
      return (
        (await driver.run("DELETE FROM user_pool_domains WHERE domain = ? AND pool_id = ?", [domain, poolId]))
          .changes > 0
      );
    },
  };
}

/** The domain repository's type. */
export type DomainRepository<C extends object = JsonObject> = ReturnType<typeof domainRepository<C>>;
