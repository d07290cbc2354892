import { ConfigError } from "../config.js";

/** The shortest admin secret accepted: AWS's own secret access keys have 40 characters. */
export const MIN_ADMIN_SECRET_LENGTH = 32;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/**
 * The admin key pair from `COGNATE_ADMIN_ACCESS_KEY_ID` and `COGNATE_ADMIN_SECRET_ACCESS_KEY`,
 * the same on Node and Workers: neither set is `undefined` (no admin from the environment); one
 * without the other, an access key id that is not 16-128 upper-case letters and digits, or a secret
 * under 32 characters is a {@link ConfigError} naming the setting, never its value. Turning admin
 * off silently, or accepting a secret that can be guessed, would be worse than refusing to run.
 */
export function adminKeyPair(
  env: Record<string, unknown>,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  const id = env.COGNATE_ADMIN_ACCESS_KEY_ID;
  const secret = env.COGNATE_ADMIN_SECRET_ACCESS_KEY;
  const given = (value: unknown) => value !== undefined && value !== "";
  if (!given(id) && !given(secret)) return undefined;
  if (!given(id))
    throw new ConfigError(
      "environment",
      "COGNATE_ADMIN_ACCESS_KEY_ID",
      "must be set together with COGNATE_ADMIN_SECRET_ACCESS_KEY",
    );
  if (!given(secret))
    throw new ConfigError(
      "environment",
      "COGNATE_ADMIN_SECRET_ACCESS_KEY",
      "must be set together with COGNATE_ADMIN_ACCESS_KEY_ID",
    );
  if (typeof id !== "string" || !ACCESS_KEY_ID.test(id))
    throw new ConfigError(
      "environment",
      "COGNATE_ADMIN_ACCESS_KEY_ID",
      "must be 16 to 128 upper-case letters and digits, like AWS's (AKIA...)",
    );
  if (typeof secret !== "string" || secret.length < MIN_ADMIN_SECRET_LENGTH || /\s/.test(secret)) {
    throw new ConfigError(
      "environment",
      "COGNATE_ADMIN_SECRET_ACCESS_KEY",
      `must be at least ${MIN_ADMIN_SECRET_LENGTH} characters without spaces (AWS's have 40)`,
    );
  }
  return { accessKeyId: id, secretAccessKey: secret };
}
