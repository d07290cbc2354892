import type { OperatorFamily } from "./types.js";

/**
 * IAM's condition operators (section 4.4 of the IAM reference): the complete table, and the
 * reading of an operator name with its `ForAllValues:`/`ForAnyValue:` prefix and `IfExists` suffix.
 * Shared by the parser and the evaluator.
 */

/** What a base operator is: its family, and whether it is negated (matches when no value matches). */
export interface OperatorInfo {
  readonly family: OperatorFamily;
  readonly negated: boolean;
}

/** An operator name read into its parts. */
export interface ParsedOperator extends OperatorInfo {
  /** The base operator, e.g. `StringLike` for `ForAnyValue:StringLikeIfExists`. */
  readonly base: string;
  readonly ifExists: boolean;
  readonly set: "ForAllValues" | "ForAnyValue" | undefined;
}

const op = (family: OperatorFamily, negated = false): OperatorInfo => Object.freeze({ family, negated });

/**
 * Every base operator, by its canonical (case-sensitive) name.
 *
 * @example
 * ```ts
 * OPERATORS.NotIpAddress; // { family: "Ip", negated: true }
 * ```
 */
export const OPERATORS: Readonly<Record<string, OperatorInfo>> = Object.freeze({
  StringEquals: op("String"),
  StringNotEquals: op("String", true),
  StringEqualsIgnoreCase: op("String"),
  StringNotEqualsIgnoreCase: op("String", true),
  StringLike: op("String"),
  StringNotLike: op("String", true),
  NumericEquals: op("Numeric"),
  NumericNotEquals: op("Numeric", true),
  NumericLessThan: op("Numeric"),
  NumericLessThanEquals: op("Numeric"),
  NumericGreaterThan: op("Numeric"),
  NumericGreaterThanEquals: op("Numeric"),
  DateEquals: op("Date"),
  DateNotEquals: op("Date", true),
  DateLessThan: op("Date"),
  DateLessThanEquals: op("Date"),
  DateGreaterThan: op("Date"),
  DateGreaterThanEquals: op("Date"),
  Bool: op("Bool"),
  BinaryEquals: op("Binary"),
  IpAddress: op("Ip"),
  NotIpAddress: op("Ip", true),
  ArnEquals: op("Arn"),
  ArnLike: op("Arn"),
  ArnNotEquals: op("Arn", true),
  ArnNotLike: op("Arn", true),
  Null: op("Null"),
});

const SET_PREFIXES = ["ForAllValues", "ForAnyValue"] as const;
const IF_EXISTS = "IfExists";

/**
 * Reads an operator name exactly as AWS does (case-sensitively): an optional `ForAllValues:` or
 * `ForAnyValue:` prefix, a base operator, and an optional `IfExists` suffix (not on `Null`).
 * Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseOperator("ForAnyValue:StringNotLikeIfExists");
 * // { base: "StringNotLike", family: "String", negated: true, ifExists: true, set: "ForAnyValue" }
 * parseOperator("stringequals"); // undefined
 * parseOperator("NullIfExists"); // undefined
 * ```
 */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator["set"];
  const colon = rest.indexOf(":");
  if (colon !== -1) {
    const prefix = rest.slice(0, colon);
    set = SET_PREFIXES.find((p) => p === prefix);
    if (set === undefined) return undefined;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith(IF_EXISTS);
  if (ifExists) rest = rest.slice(0, -IF_EXISTS.length);
  // Own properties only: `toString` or `constructor` must not read as operators.
  if (!Object.hasOwn(OPERATORS, rest)) return undefined;
  const info = OPERATORS[rest]!;
  if (ifExists && info.family === "Null") return undefined;
  return Object.freeze({ base: rest, family: info.family, negated: info.negated, ifExists, set });
}
