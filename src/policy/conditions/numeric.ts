import type { ConditionClause } from "../types.js";
import { comparison, firstMatch, INVALID, type Matcher, type Words } from "./matcher.js";
import { clip } from "./reason.js";

/** A decimal, exactly: no float rounding, so `9007199254740993` and `0.1` compare as written. */
interface Decimal {
  readonly negative: boolean;
  /** Integer digits without leading zeros ("" for zero). */
  readonly whole: string;
  /** Fraction digits without trailing zeros. */
  readonly fraction: string;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Reads an integer or decimal (`42`, `-7`, `+1.50`, `.5`, `5.`); `undefined` for anything else,
 * including exponents, spaces, `NaN` and `Infinity`.
 */
export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const whole = m[2]!.replace(/^0+/, "");
  const fraction = (m[3] ?? "").replace(/0+$/, "");
  return { negative: m[1] === "-" && (whole !== "" || fraction !== ""), whole, fraction };
}

/** Orders two decimals: negative when `a < b`, 0 when equal, positive when `a > b`. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const magnitude =
    a.whole.length !== b.whole.length
      ? a.whole.length - b.whole.length
      : a.whole !== b.whole
        ? a.whole < b.whole
          ? -1
          : 1
        : a.fraction === b.fraction
          ? 0
          : a.fraction < b.fraction
            ? -1
            : 1;
  return a.negative ? -magnitude : magnitude;
}

/** The request value compared with the policy value: true when the operator holds. */
type Check = (order: number) => boolean;

// Negated operators are read in their positive form; the modifiers negate.
const CHECKS: Readonly<Record<string, [Check, Words]>> = {
  NumericEquals: [(o) => o === 0, comparison("equal to")],
  NumericNotEquals: [(o) => o === 0, comparison("equal to")],
  NumericLessThan: [(o) => o < 0, comparison("less than")],
  NumericLessThanEquals: [(o) => o <= 0, comparison("less than or equal to")],
  NumericGreaterThan: [(o) => o > 0, comparison("greater than")],
  NumericGreaterThanEquals: [(o) => o >= 0, comparison("greater than or equal to")],
};

/**
 * Compiles the Numeric operators' values (integers or decimals, compared exactly). A request
 * value that is not a number is `INVALID`: it fails positive and negated operators alike, as in
 * iam-simulate.
 */
export function compileNumeric(clause: ConditionClause): Matcher {
  const entry = CHECKS[clause.base];
  if (entry === undefined) throw new TypeError(`not a Numeric operator: ${clause.base}`);
  const [check, words] = entry;
  const policy = clause.values.map(parseDecimal);
  return {
    words,
    test(value) {
      const request = parseDecimal(value);
      if (request === undefined) return INVALID;
      return firstMatch(policy, (p) => check(compareDecimal(request, p)));
    },
    invalid: (value) =>
      parseDecimal(value) === undefined ? "is not a number" : "has no valid policy value to compare with",
    show: (index) => clip(clause.values[index]!),
  };
}
