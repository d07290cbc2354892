import type { PolicyError } from "./errors.js";
import { parseOperator } from "./operators.js";
import { malformedVariable } from "./pattern.js";
import type { ConditionClause, OperatorFamily } from "./types.js";

/**
 * The `Condition` element: `{ Operator: { key: value | [values] } }`, read into one clause per
 * operator and key, with each value checked against its operator's family when the policy loads.
 */

/** Makes the error for a path within the document being parsed. */
export type Problem = (path: string, problem: string) => PolicyError;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a statement's `Condition` element (absent: no clauses). `variables` is whether the policy
 * resolves `${...}` variables (Version 2012-10-17).
 *
 * @example
 * ```ts
 * parseCondition({ Bool: { "aws:SecureTransport": true } }, "Statement[0].Condition", true, bad);
 * // [{ operator: "Bool", base: "Bool", family: "Bool", key: "aws:SecureTransport", values: ["true"], ... }]
 * ```
 */
export function parseCondition(
  condition: unknown,
  path: string,
  variables: boolean,
  bad: Problem,
): ConditionClause[] {
  if (condition === undefined) return [];
  if (!isObject(condition)) throw bad(path, "must be an object of condition operators");
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    const at = `${path}.${operator}`;
    const parsed = parseOperator(operator);
    if (parsed === undefined) {
      throw bad(
        at,
        /^(?:\w+:)?NullIfExists$/.test(operator)
          ? "IfExists is not allowed on Null"
          : "unknown condition operator",
      );
    }
    if (!isObject(block)) throw bad(at, "must be an object of condition keys and their values");
    const entries = Object.entries(block);
    if (entries.length === 0) throw bad(at, "must name at least one condition key");
    for (const [key, raw] of entries) {
      const keyPath = `${at}.${key}`;
      if (key.trim() === "") throw bad(keyPath, "condition key must not be empty");
      const values = conditionValues(raw, keyPath, bad);
      values.forEach((value, i) => {
        const problem = valueProblem(parsed.family, value, variables);
        if (problem !== undefined) throw bad(Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath, problem);
      });
      const { base, family, negated, ifExists, set } = parsed;
      clauses.push(
        Object.freeze({
          operator,
          base,
          family,
          negated,
          ifExists,
          set,
          key,
          keyLower: key.toLowerCase(),
          values: Object.freeze(values),
        }),
      );
    }
  }
  return clauses;
}

function conditionValues(raw: unknown, path: string, bad: Problem): string[] {
  if (!Array.isArray(raw))
    return [scalar(raw, path, bad, "must be a string, number or boolean, or an array of them")];
  if (raw.length === 0) throw bad(path, "must not be an empty array");
  return raw.map((value, i) => scalar(value, `${path}[${i}]`, bad, "must be a string, number or boolean"));
}

// IAM compares strings: quotes around numbers and booleans are optional.
function scalar(value: unknown, path: string, bad: Problem, problem: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))
    return String(value);
  throw bad(path, problem);
}

const VARIABLE = /\$\{[^}]*\}/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const BOOLEAN = /^(?:true|false)$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Under Version 2012-10-17, why `text` (a Resource, NotResource or String/Arn condition value) holds
 * a `${...}` that can never resolve, or `undefined`. Such a statement could never apply: a typo
 * would silently switch a Deny off, so the policy is refused when it loads.
 */
export function variableProblem(text: string): string | undefined {
  const malformed = malformedVariable(text);
  return malformed === undefined
    ? undefined
    : `${malformed} is not a well-formed policy variable: write \${key} or \${key, 'default'} (letters, digits and :/_.@+=- in the key), or the escapes \${*} \${?} \${$}`;
}

/** Why `value` cannot be a value of the `family` operators, or `undefined` when it can. */
function valueProblem(family: OperatorFamily, value: string, variables: boolean): string | undefined {
  // String and Arn values are compared (or globbed) as written; variables in them are resolved later.
  if (family === "String" || family === "Arn") return variables ? variableProblem(value) : undefined;
  if (variables && VARIABLE.test(value))
    return "policy variables are allowed only in String and Arn operators";
  switch (family) {
    case "Numeric":
      return NUMBER.test(value) ? undefined : "must be an integer or decimal number";
    case "Date":
      return isDate(value)
        ? undefined
        : "must be an ISO 8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z) or epoch seconds";
    case "Bool":
    case "Null":
      return BOOLEAN.test(value) ? undefined : 'must be "true" or "false"';
    case "Binary":
      return value !== "" && BASE64.test(value) ? undefined : "must be base64";
    case "Ip":
      return isIpOrCidr(value) ? undefined : "must be an IPv4 or IPv6 address or CIDR block";
  }
}

// W3C-DTF (ISO 8601 profile): a date, or a date-time whose time zone is explicit, so it never depends on the host's zone.
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

function isDate(value: string): boolean {
  if (/^\d+$/.test(value)) return true;
  const m = DATE.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = m
    .slice(1)
    .map((part) => Number(part ?? 0)) as number[];
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  // Range checks here; Date.parse at the end because the evaluator reads dates with it.
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1];
  return (
    days !== undefined &&
    day! >= 1 &&
    day! <= days &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetHour! <= 23 &&
    offsetMinute! <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function isIpv6(value: string): boolean {
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const last = halves.length === 2 ? tail : head;
  let count = head.length + tail.length;
  // A dotted IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  if (last.at(-1)?.includes(".")) {
    if (!IPV4.test(last.pop()!)) return false;
    count += 1;
  }
  if (![...head, ...tail].every((group) => HEXTET.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isIpOrCidr(value: string): boolean {
  const [address = "", prefix, extra] = value.split("/");
  if (extra !== undefined) return false;
  const v4 = IPV4.test(address);
  if (!v4 && !isIpv6(address)) return false;
  if (prefix === undefined) return true;
  return /^(?:0|[1-9]\d{0,2})$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}
