import type { ConditionClause } from "../types.js";
import { firstMatch, INVALID, type Matcher, type Words } from "./matcher.js";
import { clip } from "./reason.js";

const WORDS: Words = { yes: "is", no: "is not", adj: "equal to" };

function parseBool(text: string): boolean | undefined {
  const lowered = text.toLowerCase();
  return lowered === "true" ? true : lowered === "false" ? false : undefined;
}

/**
 * Compiles `Bool`'s values: "true" or "false", case-insensitively, on both sides. A request value
 * that is neither is `INVALID` (never matches).
 *
 * Policy variables are not substituted here: the parser rejects them outside String and Arn
 * operators (iam-simulate would substitute them in Bool values).
 */
export function compileBool(clause: ConditionClause): Matcher {
  if (clause.base !== "Bool") throw new TypeError(`not a Bool operator: ${clause.base}`);
  const policy = clause.values.map(parseBool);
  return {
    words: WORDS,
    test(value) {
      const request = parseBool(value);
      return request === undefined ? INVALID : firstMatch(policy, (p) => p === request);
    },
    invalid: (value) =>
      parseBool(value) === undefined ? "is not a boolean" : "has no valid policy value to compare with",
    show: (index) => clip(clause.values[index]!),
  };
}
