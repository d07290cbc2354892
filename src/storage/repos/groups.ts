/**
 * Groups of a user pool and their members. Precedence and RoleArn feed `cognito:groups`,
 * `cognito:roles` and `cognito:preferred_role`.
 */
import type { SqlDriver, SqlRow } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { optionalNumber } from "./rows.js";
import { NO_SECRET_BOX, type SecretBox } from "./clients.js";
import { toUser, userColumns, type UserRecord } from "./user-record.js";

/** A stored group. */
export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  /** Lower wins when groups' roles compete; `null` ranks last. */
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A group's settings, as CreateGroup and UpdateGroup give them. */
export interface GroupFields {
  description?: string | null;
  roleArn?: string | null;
  precedence?: number | null;
}

const COLUMNS = "pool_id, name, description, role_arn, precedence, created_at, updated_at";
const MAX_PAGE = 60;

function toGroup(row: SqlRow): GroupRecord {
  return {
    poolId: String(row.pool_id),
    name: String(row.name),
    description: row.description === null ? null : String(row.description),
    roleArn: row.role_arn === null ? null : String(row.role_arn),
    precedence: optionalNumber(row.precedence),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * The group repository.
 *
 * @example
 * ```ts
 * const groups = groupRepository(driver);
 * await groups.create(poolId, "admins", { precedence: 1, roleArn: "arn:aws:iam::123456789012:role/admin" }, now);
 * await groups.addMember(poolId, "admins", user.sub, now);
 * (await groups.allForUser(poolId, user.sub)).map((g) => g.name); // ["admins"]
 * ```
 */
export function groupRepository(driver: SqlDriver, box: SecretBox = NO_SECRET_BOX) {
  return {
    /** Creates a group; `null` when the pool already has one of that name (one statement). */
    async create(
      poolId: string,
      name: string,
      fields: GroupFields,
      now: number,
    ): Promise<GroupRecord | null> {
      const row = await driver.first(
        `INSERT INTO user_groups (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pool_id, name) DO NOTHING RETURNING ${COLUMNS}`,
        [
          poolId,
          name,
          fields.description ?? null,
          fields.roleArn ?? null,
          fields.precedence ?? null,
          now,
          now,
        ],
      );
      return row === null ? null : toGroup(row);
    },

    async get(poolId: string, name: string): Promise<GroupRecord | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM user_groups WHERE pool_id = ? AND name = ?`, [
        poolId,
        name,
      ]);
      return row === null ? null : toGroup(row);
    },

    /** Replaces the group's settings (absent fields become null, as UpdateGroup does); `null` when there is no such group. */
    async update(
      poolId: string,
      name: string,
      fields: GroupFields,
      now: number,
    ): Promise<GroupRecord | null> {
      const row = await driver.first(
        `UPDATE user_groups SET description = ?, role_arn = ?, precedence = ?, updated_at = ? WHERE pool_id = ? AND name = ? RETURNING ${COLUMNS}`,
        [fields.description ?? null, fields.roleArn ?? null, fields.precedence ?? null, now, poolId, name],
      );
      return row === null ? null : toGroup(row);
    },

    /** Deletes the group and, by cascade, its memberships. */
    async delete(poolId: string, name: string): Promise<boolean> {
      return (
        (await driver.run("DELETE FROM user_groups WHERE pool_id = ? AND name = ?", [poolId, name])).changes >
        0
      );
    },

    /** The pool's groups by name, `limit` (1-60, default 60) at a time. */
    async list(
      poolId: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<GroupRecord>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("groups", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM user_groups WHERE pool_id = ? AND name > ? ORDER BY name LIMIT ?`,
        [poolId, after ?? "", limit + 1],
      );
      return pageOf(rows.map(toGroup), limit, (last) => encodePageToken("groups", [last.name]));
    },

    /**
     * Adds the user to the group in one statement; `false` when they already were a member, or
     * the pool has no such group or user.
     */
    async addMember(poolId: string, groupName: string, sub: string, now: number): Promise<boolean> {
      const { changes } = await driver.run(
        `INSERT INTO group_members (pool_id, group_name, sub, created_at)
         SELECT g.pool_id, g.name, u.sub, CAST(? AS BIGINT) FROM user_groups g JOIN users u ON u.pool_id = g.pool_id
         WHERE g.pool_id = ? AND g.name = ? AND u.sub = ? ON CONFLICT (pool_id, group_name, sub) DO NOTHING`,
        [now, poolId, groupName, sub],
      );
      return changes > 0;
    },

    /** Removes the user from the group; `false` when they were not a member. */
    async removeMember(poolId: string, groupName: string, sub: string): Promise<boolean> {
      return (
        (
          await driver.run("DELETE FROM group_members WHERE pool_id = ? AND group_name = ? AND sub = ?", [
            poolId,
            groupName,
            sub,
          ])
        ).changes > 0
      );
    },

    /** ListUsersInGroup: the group's members in `sub` order, `limit` (1-60) at a time. */
    async listMembers(
      poolId: string,
      groupName: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<UserRecord>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("members", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${userColumns("u")} FROM group_members m JOIN users u ON u.sub = m.sub WHERE m.pool_id = ? AND m.group_name = ? AND m.sub > ? ORDER BY m.sub LIMIT ?`,
        [poolId, groupName, after ?? "", limit + 1],
      );
      return pageOf(await Promise.all(rows.map((row) => toUser(row, box))), limit, (last) =>
        encodePageToken("members", [last.sub]),
      );
    },

    /** AdminListGroupsForUser: the user's groups by name, `limit` (1-60) at a time. */
    async listForUser(
      poolId: string,
      sub: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<GroupRecord>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("user-groups", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS.split(", ")
          .map((c) => `g.${c}`)
          .join(
            ", ",
          )} FROM group_members m JOIN user_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
         WHERE m.sub = ? AND m.pool_id = ? AND m.group_name > ? ORDER BY m.group_name LIMIT ?`,
        [sub, poolId, after ?? "", limit + 1],
      );
      return pageOf(rows.map(toGroup), limit, (last) => encodePageToken("user-groups", [last.name]));
    },

    /** Every group of the user, by precedence (lowest first, unset last), then name: the tokens' order. */
    async allForUser(poolId: string, sub: string): Promise<GroupRecord[]> {
      const rows = await driver.all(
        `SELECT ${COLUMNS.split(", ")
          .map((c) => `g.${c}`)
          .join(
            ", ",
          )} FROM group_members m JOIN user_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
         WHERE m.sub = ? AND m.pool_id = ?`,
        [sub, poolId],
      );
      return rows
        .map(toGroup)
        .sort(
          (a, b) =>
            (a.precedence ?? Infinity) - (b.precedence ?? Infinity) ||
            (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
        );
    },
  };
}

/** The group repository's type. */
export type GroupRepository = ReturnType<typeof groupRepository>;
