/**
 * Compromised-credential detection: a breached-password list shipped with cognate (a Bloom
 * filter, offline and synchronous) and, where configured, a k-anonymity range API of the Pwned
 * Passwords kind. Web APIs only: runs on Node and in workerd.
 */
export { isBreached, type BreachedCheckOptions } from "./is-breached.js";
export { isOnShippedList } from "./shipped-list.js";
export {
  isInRange,
  rangeCount,
  RangeUnavailableError,
  type FailMode,
  type RangeOptions,
  type UnavailableReason,
} from "./range-client.js";
