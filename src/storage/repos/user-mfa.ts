/**
 * Users' MFA factors: one row per user who has touched MFA. The TOTP secret is stored only
 * sealed (the caller seals it); a TOTP code's time step is accepted once, by one statement.
 */
import { sql, type SqlDriver, type SqlRow } from "../driver.js";
import type { Together } from "./users.js";
import { optionalNumber } from "./rows.js";

/** The factors a user can have. */
export type MfaFactor = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP";

/** A user's MFA state. */
export interface UserMfaRecord {
  sub: string;
  poolId: string;
  enabled: Record<MfaFactor, boolean>;
  preferred: MfaFactor | null;
  /** The sealed secret of the user's verified TOTP authenticator. */
  totpSecretSealed: string | null;
  /** The sealed secret associated last and not yet verified: it replaces the other once verified. */
  totpPendingSealed: string | null;
  totpVerified: boolean;
  totpFriendlyName: string | null;
  totpLastStep: number | null;
}

const COLUMNS =
  "sub, pool_id, sms_enabled, totp_enabled, email_enabled, preferred, totp_secret_sealed, totp_pending_sealed, totp_verified, totp_friendly_name, totp_last_step";

function toRecord(row: SqlRow): UserMfaRecord {
  return {
    sub: String(row.sub),
    poolId: String(row.pool_id),
    enabled: {
      SMS_MFA: Number(row.sms_enabled) === 1,
      SOFTWARE_TOKEN_MFA: Number(row.totp_enabled) === 1,
      EMAIL_OTP: Number(row.email_enabled) === 1,
    },
    preferred: row.preferred === null ? null : (String(row.preferred) as MfaFactor),
    totpSecretSealed: row.totp_secret_sealed === null ? null : String(row.totp_secret_sealed),
    totpPendingSealed: row.totp_pending_sealed === null ? null : String(row.totp_pending_sealed),
    totpVerified: Number(row.totp_verified) === 1,
    totpFriendlyName: row.totp_friendly_name === null ? null : String(row.totp_friendly_name),
    totpLastStep: optionalNumber(row.totp_last_step),
  };
}

// Creates the user's row when missing (selected from users, so a user of another pool gets none).
const ENSURE = `INSERT INTO user_mfa (sub, pool_id, updated_at) SELECT sub, pool_id, CAST(? AS BIGINT) FROM users WHERE sub = ? AND pool_id = ? ON CONFLICT (sub) DO NOTHING`;

/**
 * The user-MFA repository.
 *
 * @example
 * ```ts
 * await mfa.associateTotp(poolId, sub, sealedSecret, now);
 * if (await mfa.acceptTotpStep(sub, result.timeStep, now)) { ... } // false for a replayed code
 * ```
 */
export function userMfaRepository(driver: SqlDriver) {
  return {
    /** The user's MFA state, or `null` when they never had any. */
    async get(sub: string): Promise<UserMfaRecord | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM user_mfa WHERE sub = ?`, [sub]);
      return row === null ? null : toRecord(row);
    },

    /** Sets which factors are enabled and which is preferred. `false` when there is no such user. */
    async setPreferences(
      poolId: string,
      sub: string,
      enabled: Record<MfaFactor, boolean>,
      preferred: MfaFactor | null,
      now: number,
    ): Promise<boolean> {
      const [, updated] = await driver.batch([
        { sql: ENSURE, params: [now, sub, poolId] },
        {
          sql: "UPDATE user_mfa SET sms_enabled = ?, totp_enabled = ?, email_enabled = ?, preferred = ?, updated_at = ? WHERE sub = ? AND pool_id = ?",
          params: [
            enabled.SMS_MFA ? 1 : 0,
            enabled.SOFTWARE_TOKEN_MFA ? 1 : 0,
            enabled.EMAIL_OTP ? 1 : 0,
            preferred,
            now,
            sub,
            poolId,
          ],
        },
      ]);
      return updated!.changes > 0;
    },

    /**
     * The MFA settings of a user being created, written in the create's batch (`NewUser.together`
     * of users.create): with the user, or not at all.
     */
    withNewUser(
      poolId: string,
      enabled: Record<MfaFactor, boolean>,
      preferred: MfaFactor | null,
      now: number,
    ): Together {
      return {
        guards: [],
        statements: ({ key, revision }) => [
          sql(
            `INSERT INTO user_mfa (sub, pool_id, sms_enabled, totp_enabled, email_enabled, preferred, updated_at)
             SELECT sub, pool_id, ?, ?, ?, ?, CAST(? AS BIGINT) FROM users WHERE pool_id = ? AND username_lower = ? AND revision = ?`,
            enabled.SMS_MFA ? 1 : 0,
            enabled.SOFTWARE_TOKEN_MFA ? 1 : 0,
            enabled.EMAIL_OTP ? 1 : 0,
            preferred,
            now,
            poolId,
            key,
            revision,
          ),
        ],
      };
    },

    /** Keeps a new TOTP secret as pending; a verified authenticator stays in use until it is verified. */
    async associateTotp(poolId: string, sub: string, sealedSecret: string, now: number): Promise<boolean> {
      const [, updated] = await driver.batch([
        { sql: ENSURE, params: [now, sub, poolId] },
        {
          sql: "UPDATE user_mfa SET totp_pending_sealed = ?, updated_at = ? WHERE sub = ? AND pool_id = ?",
          params: [sealedSecret, now, sub, poolId],
        },
      ]);
      return updated!.changes > 0;
    },

    /**
     * Makes the pending secret the user's authenticator, with the time step of the code that
     * proved it, once: only if that secret is still the pending one.
     */
    async verifyTotp(
      sub: string,
      sealedSecret: string,
      step: number,
      friendlyName: string | null,
      now: number,
    ): Promise<boolean> {
      const result = await driver.run(
        `UPDATE user_mfa SET totp_secret_sealed = totp_pending_sealed, totp_pending_sealed = NULL, totp_verified = 1, totp_friendly_name = ?, totp_last_step = ?, updated_at = ?
         WHERE sub = ? AND totp_pending_sealed = ?`,
        [friendlyName, step, now, sub, sealedSecret],
      );
      return result.changes > 0;
    },

    /**
     * Forgets the user's TOTP authenticator (verified or pending) and any preference for it; the
     * other factors stay as they are. `false` when the user never had MFA state.
     */
    async deleteTotp(poolId: string, sub: string, now: number): Promise<boolean> {
      const result = await driver.run(
        `UPDATE user_mfa SET totp_secret_sealed = NULL, totp_pending_sealed = NULL, totp_verified = 0, totp_friendly_name = NULL, totp_last_step = NULL, totp_enabled = 0,
           preferred = CASE WHEN preferred = 'SOFTWARE_TOKEN_MFA' THEN NULL ELSE preferred END, updated_at = ?
         WHERE sub = ? AND pool_id = ?`,
        [now, sub, poolId],
      );
      return result.changes > 0;
    },

    /** Accepts a TOTP code's time step once: `false` for a step already used (a replay) or an older one. */
    async acceptTotpStep(sub: string, step: number, now: number): Promise<boolean> {
      const result = await driver.run(
        "UPDATE user_mfa SET totp_last_step = ?, updated_at = ? WHERE sub = ? AND totp_verified = 1 AND (totp_last_step IS NULL OR totp_last_step < ?)",
        [step, now, sub, step],
      );
      return result.changes > 0;
    },
  };
}

/** The user-MFA repository's type. */
export type UserMfaRepository = ReturnType<typeof userMfaRepository>;
