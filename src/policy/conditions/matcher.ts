import type { Context } from "../context.js";

/**
 * What every operator family provides to the modifiers: its policy values, compiled once per
 * clause, and a test of one request value against all of them.
 */

/** `test` found no policy value that the request value matches. */
export const NONE = -1;
/** `test` could not compare: the request value (or a policy value) is not of the family's shape. */
export const INVALID = -2;
/**
 * `test` found no match, and a policy value's variable cannot be resolved. Like `INVALID`, it fails
 * positive and negated operators alike: an unresolved value never counts towards a statement applying.
 */
export const UNRESOLVED = -3;

/** How a relation reads in a reason, e.g. for IpAddress: "is in", "is in none of", "in". */
export interface Words {
  /** `198.51.100.7 is in 198.51.100.0/24` */
  readonly yes: string;
  /** `198.51.100.7 is in none of 203.0.113.0/24`; without a trailing "of", "any of" is added for lists. */
  readonly no: string;
  /** `has no value in 203.0.113.0/24` */
  readonly adj: string;
}

/** A clause's policy values compiled for its base operator, read in its positive form (NotIpAddress as IpAddress). */
export interface Matcher {
  /**
   * The index of the first policy value that `value` matches, `NONE`, `INVALID` when `value`
   * cannot be compared, or `UNRESOLVED` when no value matched and one's variable is unresolved.
   */
  test(value: string, context: Context): number;
  readonly words: Words;
  /** Why `value` cannot be compared, e.g. "is not a number". */
  invalid(value: string): string;
  /** Policy value `index` as a reason shows it (with its variables' resolution, if any). */
  show(index: number, context: Context): string;
}

/**
 * Scans parsed policy values for the first that `matches`; a value that did not parse
 * (`undefined`) makes the result `INVALID` unless another value matches.
 */
export function firstMatch<T>(policy: readonly (T | undefined)[], matches: (parsed: T) => boolean): number {
  let invalid = false;
  for (let i = 0; i < policy.length; i++) {
    const parsed = policy[i];
    if (parsed === undefined) invalid = true;
    else if (matches(parsed)) return i;
  }
  return invalid ? INVALID : NONE;
}

/** Words for the operators whose reasons read "is X" / "is not X" (numbers, dates, booleans). */
export function comparison(adj: string): Words {
  return { yes: `is ${adj}`, no: `is not ${adj}`, adj };
}

/** Words for the operators whose reasons read "is X" / "is X none of" (sets of strings, CIDRs, ARNs). */
export function membership(yes: string, adj: string): Words {
  return { yes, no: `${yes} none of`, adj };
}
