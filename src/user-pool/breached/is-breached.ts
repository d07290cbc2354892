import { isInRange, type RangeOptions } from "./range-client.js";
import { isOnShippedList } from "./shipped-list.js";

/** Where a password is looked for. With no options: the shipped list only, offline. */
export interface BreachedCheckOptions {
  /** Look in the breached-password list shipped with cognate. Default true. */
  readonly shippedList?: boolean;
  /** Also ask a k-anonymity range API of the Pwned Passwords kind; unset: no network lookup. */
  readonly range?: RangeOptions;
}

/**
 * Whether `password` is known to be compromised: on the shipped list, or (when `range` is set)
 * known to the range API. The password is taken exactly as given. A hit on the shipped list
 * answers at once, without a network lookup. When the API cannot be asked, its share of the
 * answer follows `range.failMode` (default "open": not breached).
 *
 * Cognito refuses such a password on sign-up, change, reset and admin set with
 * `InvalidPasswordException: Provided password cannot be used for security reasons.`
 *
 * @example
 * await isBreached("password123"); // true, from the shipped list
 * await isBreached(candidate, {
 *   range: { url: "https://api.pwnedpasswords.com", failMode: "open", timeoutMs: 1_500 },
 * });
 */
export async function isBreached(password: string, options: BreachedCheckOptions = {}): Promise<boolean> {
  if (typeof password !== "string") throw new TypeError("password must be a string");
  if (options.shippedList !== false && isOnShippedList(password)) return true;
  if (!options.range) return false;
  return isInRange(password, options.range);
}
