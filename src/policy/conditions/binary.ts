import type { ConditionClause } from "../types.js";
import { firstMatch, INVALID, membership, type Matcher } from "./matcher.js";
import { clip } from "./reason.js";

const WORDS = membership("equals", "equal to");

/** The bytes of a base64 text, as a binary string; `undefined` when it is not base64. */
export function decodeBase64(text: string): string | undefined {
  try {
    return atob(text);
  } catch {
    return undefined;
  }
}

/**
 * Compiles `BinaryEquals`'s values: base64, compared byte for byte after decoding (so `QQ==` and
 * `QQ` are the same byte). A request value that is not base64 is `INVALID` (never matches).
 * iam-simulate compares the base64 texts instead.
 */
export function compileBinary(clause: ConditionClause): Matcher {
  if (clause.base !== "BinaryEquals") throw new TypeError(`not a Binary operator: ${clause.base}`);
  const policy = clause.values.map(decodeBase64);
  return {
    words: WORDS,
    test(value) {
      const request = decodeBase64(value);
      return request === undefined ? INVALID : firstMatch(policy, (p) => p === request);
    },
    invalid: (value) =>
      decodeBase64(value) === undefined ? "is not base64" : "has no valid policy value to compare with",
    show: (index) => clip(clause.values[index]!),
  };
}
