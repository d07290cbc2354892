/** The stored shape of a user, and the row mapping the user repositories share. */
import type { SqlRow } from "../driver.js";
import type { SecretBox } from "./clients.js";
import { optionalNumber, parseObject } from "./rows.js";
import { openVerifier, userVerifierContext } from "./verifiers.js";
import { nameKey } from "./username-keys.js";

/** Cognito's user statuses (UserStatusType). */
export type UserStatus =
  | "UNCONFIRMED"
  | "CONFIRMED"
  | "FORCE_CHANGE_PASSWORD"
  | "RESET_REQUIRED"
  | "EXTERNAL_PROVIDER"
  | "ARCHIVED"
  | "COMPROMISED"
  | "UNKNOWN";

/** A stored user. Attribute values are strings, as Cognito's AttributeType has them. */
export interface UserRecord {
  /** The user's immutable id (a UUID), distinct from the username. */
  sub: string;
  poolId: string;
  /** As given at sign-up; lookups compare it case-insensitively. */
  username: string;
  status: UserStatus;
  enabled: boolean;
  attributes: Record<string, string>;
  /**
   * SRP salt and verifier (hex); never a password or any other hash of it. The verifier is
   * stored sealed (repos/verifiers.ts) and is here opened.
   */
  srpSalt: string | null;
  srpVerifier: string | null;
  /** When a temporary password stops working (epoch ms), or `null`. */
  passwordExpiresAt: number | null;
  passwordUpdatedAt: number | null;
  /** Failed sign-ins in a row, and when the last was: the lockout's input. */
  failedSignIns: number;
  lastFailedSignInAt: number | null;
  /** Tokens issued before this instant are revoked (GlobalSignOut, AdminUserGlobalSignOut). */
  signedOutAt: number | null;
  revision: string;
  createdAt: number;
  updatedAt: number;
}

/** The columns of `users`, in the order `toUser` reads them. */
export const USER_COLUMNS =
  "sub, pool_id, username, status, enabled, attributes, srp_salt, srp_verifier, password_expires_at, password_updated_at, " +
  "failed_sign_ins, last_failed_sign_in_at, signed_out_at, revision, created_at, updated_at";

/** The same columns qualified with a table alias, for joins. */
export function userColumns(alias: string): string {
  return USER_COLUMNS.split(", ")
    .map((column) => `${alias}.${column}`)
    .join(", ");
}

/** A `users` row as a record, its verifier opened with `box`. */
export async function toUser(row: SqlRow, box: SecretBox): Promise<UserRecord> {
  const sub = String(row.sub);
  const poolId = String(row.pool_id);
  return {
    sub,
    poolId,
    username: String(row.username),
    status: String(row.status) as UserStatus,
    enabled: Number(row.enabled) === 1,
    attributes: parseObject<Record<string, string>>(row.attributes),
    srpSalt: row.srp_salt === null ? null : String(row.srp_salt),
    srpVerifier: await openVerifier(
      box,
      userVerifierContext(poolId, sub),
      row.srp_verifier === null ? null : String(row.srp_verifier),
    ),
    passwordExpiresAt: optionalNumber(row.password_expires_at),
    passwordUpdatedAt: optionalNumber(row.password_updated_at),
    failedSignIns: Number(row.failed_sign_ins),
    lastFailedSignInAt: optionalNumber(row.last_failed_sign_in_at),
    signedOutAt: optionalNumber(row.signed_out_at),
    revision: String(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The case-insensitive key of a username: most pools' (see username-keys.ts for a pool's own). */
export function usernameKey(username: string): string {
  return nameKey(username, false);
}

/** The attributes ListUsers can search besides username, status and sub: kept in `user_search`. */
export const SEARCHED_ATTRIBUTES = [
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
] as const;
