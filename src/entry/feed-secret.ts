import { ConfigError } from "../config.js";
import { MIN_FEED_SECRET_LENGTH } from "../user-pool/index.js";

/**
 * `COGNATE_REVOCATION_FEED_SECRET` from the environment (Node) or the bindings (Workers): unset
 * or empty leaves the feeds public. The error names the variable, never the value.
 */
export function feedSecretFrom(env: Record<string, unknown>): string | undefined {
  const value = env.COGNATE_REVOCATION_FEED_SECRET;
  if (value === undefined || value === "") return undefined;
  if (
    typeof value !== "string" ||
    !new RegExp(`^[\\x21-\\x7e]{${MIN_FEED_SECRET_LENGTH},512}$`).test(value)
  ) {
    throw new ConfigError(
      "environment",
      "COGNATE_REVOCATION_FEED_SECRET",
      `must be ${MIN_FEED_SECRET_LENGTH} to 512 printable ASCII characters without spaces`,
    );
  }
  return value;
}
