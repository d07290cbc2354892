/** The purposes a code is stored under, which keep one kind of code from answering for another. */

/** The purpose a password-reset code is stored under. */
export const FORGOT_PASSWORD = "forgot_password";

/** The purpose an attribute verification code is stored under: `verify:email`, `verify:phone_number`. */
export const verifyPurpose = (attribute: string): string => `verify:${attribute}`;

/**
 * The purpose a name's failed UserMigration sign-ins are counted under in the code limits
 * (codes/migration-attempts.ts, through codes/limits.ts `takeNameAttempt`): a legacy password is a secret with no user record yet to
 * hold its lockout.
 */
export const USER_MIGRATION = "user_migration";

/** The purpose a pool's budget of failed UserMigration sign-ins is counted under (codes/migration-attempts.ts). */
export const USER_MIGRATION_POOL = "user_migration_pool";
