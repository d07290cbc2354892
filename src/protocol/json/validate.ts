/**
 * Checks an operation's input against its shape and answers as Cognito does: wrong JSON types are
 * a `SerializationException` (see deserialize.ts); broken constraints are one
 * `InvalidParameterException` listing them in AWS's words:
 *
 * `2 validation errors detected: Value null at 'clientId' failed to satisfy constraint: Member must
 * not be null; Value at 'password' failed to satisfy constraint: Member must have length greater
 * than or equal to 6`
 *
 * Cognito reports these as InvalidParameterException (not the ValidationException other services
 * use). Members are named in lowerCamel, list elements as `userAttributes.1.member.name` (from 1);
 * values are echoed in quotes except `null` and those of sensitive shapes; at most 10 are listed.
 */
import { readStructure } from "./deserialize.js";
import { InvalidParameterException } from "./errors.js";
import type {
  Infer,
  ListShape,
  MapShape,
  NumberShape,
  Shape,
  StringShape,
  StructureShape,
} from "./shapes.js";

const MAX_REPORTED = 10;

/**
 * The typed input, or a thrown `SerializationException` / `InvalidParameterException`.
 *
 * @example
 * ```ts
 * const Input = structure({ Username: string({ required: true, min: 1, max: 128, sensitive: true }) });
 * validateInput(Input, {}); // throws InvalidParameterException:
 * // "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null"
 * ```
 */
export function validateInput<S extends StructureShape>(shape: S, input: Record<string, unknown>): Infer<S> {
  const value = readStructure(shape, input);
  const problems: string[] = [];
  checkMembers(shape, value, "", problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED);
    const noun = shown.length === 1 ? "error" : "errors";
    throw new InvalidParameterException(`${shown.length} validation ${noun} detected: ${shown.join("; ")}`);
  }
  return value as Infer<S>;
}

function checkMembers(
  shape: StructureShape,
  value: Record<string, unknown>,
  path: string,
  problems: string[],
): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const memberPath = `${path}${path === "" ? "" : "."}${name.charAt(0).toLowerCase()}${name.slice(1)}`;
    check(member, value[name], memberPath, problems);
  }
}

function check(shape: Shape, value: unknown, path: string, problems: string[]): void {
  if (value === undefined || value === null) {
    if (shape.required)
      problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return;
  }
  const report = (constraint: string) =>
    problems.push(`Value${shown(shape, value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  switch (shape.kind) {
    case "string":
    case "integer":
    case "long":
      for (const constraint of broken(shape, value as string | number)) report(constraint);
      return;
    case "list":
      checkList(shape, value as unknown[], path, problems, report);
      return;
    case "map":
      checkMap(shape, value as Record<string, unknown>, path, problems, report);
      return;
    case "structure":
      checkMembers(shape, value as Record<string, unknown>, path, problems);
      return;
    case "boolean":
    case "document":
      return;
  }
}

function checkList(
  shape: ListShape,
  value: unknown[],
  path: string,
  problems: string[],
  report: (c: string) => void,
): void {
  lengthOf(shape, value.length).forEach(report);
  const member = shape.member;
  if (member.kind === "string" || member.kind === "integer" || member.kind === "long") {
    // A scalar element is reported on the list, with every constraint its shape has.
    if (value.some((element) => element === null || broken(member, element as string | number).length > 0)) {
      report(
        `Member must satisfy constraint: [${[...constraintsOf(member), ...(value.includes(null) ? ["Member must not be null"] : [])].join(", ")}]`,
      );
    }
    return;
  }
  value.forEach((element, i) => {
    if (element === null)
      problems.push(
        `Value null at '${path}.${i + 1}.member' failed to satisfy constraint: Member must not be null`,
      );
    else check(member, element, `${path}.${i + 1}.member`, problems);
  });
}

function checkMap(
  shape: MapShape,
  value: Record<string, unknown>,
  path: string,
  problems: string[],
  report: (c: string) => void,
): void {
  const entries = Object.entries(value);
  lengthOf(shape, entries.length).forEach(report);
  if (entries.some(([key]) => broken(shape.key, key).length > 0)) {
    report(`Map keys must satisfy constraint: [${constraintsOf(shape.key).join(", ")}]`);
  }
  const v = shape.value;
  const scalar = v.kind === "string" || v.kind === "integer" || v.kind === "long";
  const bad = entries.some(
    ([, element]) => element === null || (scalar && broken(v, element as string | number).length > 0),
  );
  if (bad)
    report(
      `Map value must satisfy constraint: [${[...(scalar ? constraintsOf(v) : []), "Member must not be null"].join(", ")}]`,
    );
  // A structure (or list, or map) value is checked whole, its members named under the map's path
  // (Cognito Identity's RoleMappings: `roleMappings.type`).
  if (!scalar) for (const [, element] of entries) if (element !== null) check(v, element, path, problems);
}

type Scalar = StringShape | NumberShape;

/** The constraints `value` breaks, in the order Cognito was seen to report them (length before pattern). */
function broken(shape: Scalar, value: string | number): string[] {
  const out: string[] = [];
  if (shape.kind === "string") {
    const text = value as string;
    if (shape.min !== undefined && text.length < shape.min) out.push(minLength(shape.min));
    if (shape.max !== undefined && text.length > shape.max) out.push(maxLength(shape.max));
    // Past its maximum length a value is not matched: a model pattern such as `[\S]+.*[\S]+`
    // backtracks quadratically, and a 1 MiB body would hold the worker for minutes.
    const matchable = shape.max === undefined || text.length <= shape.max;
    if (shape.regex !== undefined && matchable && !shape.regex.test(text))
      out.push(patternOf(shape.pattern!));
    if (shape.enum !== undefined && !shape.enum.includes(text)) out.push(enumOf(shape.enum));
  } else {
    const n = value as number;
    if (shape.min !== undefined && n < shape.min)
      out.push(`Member must have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && n > shape.max)
      out.push(`Member must have value less than or equal to ${shape.max}`);
  }
  return out;
}

/** Every constraint of a scalar shape, in Coral's order: maximum, minimum, pattern, enum. */
function constraintsOf(shape: Scalar): string[] {
  const out: string[] = [];
  if (shape.kind === "string") {
    if (shape.max !== undefined) out.push(maxLength(shape.max));
    if (shape.min !== undefined) out.push(minLength(shape.min));
    if (shape.pattern !== undefined) out.push(patternOf(shape.pattern));
    if (shape.enum !== undefined) out.push(enumOf(shape.enum));
  } else {
    if (shape.max !== undefined) out.push(`Member must have value less than or equal to ${shape.max}`);
    if (shape.min !== undefined) out.push(`Member must have value greater than or equal to ${shape.min}`);
  }
  return out;
}

function lengthOf(shape: ListShape | MapShape, length: number): string[] {
  const out: string[] = [];
  if (shape.min !== undefined && length < shape.min) out.push(minLength(shape.min));
  if (shape.max !== undefined && length > shape.max) out.push(maxLength(shape.max));
  return out;
}

const minLength = (n: number) => `Member must have length greater than or equal to ${n}`;
const maxLength = (n: number) => `Member must have length less than or equal to ${n}`;
const patternOf = (pattern: string) => `Member must satisfy regular expression pattern: ${pattern}`;
const enumOf = (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(", ")}]`;

/** The value as AWS echoes it after "Value": ` 'abc'`, ` '[a, b]'`, ` '{k=v}'`; nothing when sensitive. */
function shown(shape: Shape, value: unknown): string {
  const sensitive =
    (shape.kind === "string" && shape.sensitive) ||
    (shape.kind === "map" && shape.sensitive) ||
    (shape.kind === "list" && shape.member.kind === "string" && shape.member.sensitive);
  return sensitive ? "" : ` '${javaString(value)}'`;
}

// Java's toString of the deserialized value: lists [a, b], maps {k=v}. A document inside can be
// nested arbitrarily deep, so the depth is bounded.
function javaString(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return "null";
  if (typeof value !== "object") return String(value);
  if (depth >= 8) return "...";
  if (Array.isArray(value)) return `[${value.map((v) => javaString(v, depth + 1)).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}=${javaString(v, depth + 1)}`)
    .join(", ")}}`;
}
