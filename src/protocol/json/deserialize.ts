/**
 * Reads a parsed JSON body into an input shape, as AWS's (Coral's) deserializer does: a member of
 * the wrong JSON type is a `SerializationException` with Coral's own words, `null` is the same as
 * absent, unknown members are ignored (and dropped), integers lose their fraction.
 *
 * The words were taken from kinesalite and dynalite, which assert them against Kinesis and
 * DynamoDB (Coral services on the same protocol), and match what Cognito users report
 * ("Start of structure or map found where not expected.", "Expected map or null").
 */
import { SerializationException } from "./errors.js";
import type { Shape, StructureShape } from "./shapes.js";

const NUMBER_CLASS = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
const INT32 = 2 ** 31;

/**
 * The value of `shape` read from `value`, or a thrown `SerializationException` naming the first
 * member (in body order) whose JSON type does not fit.
 *
 * @example
 * ```ts
 * readStructure(structure({ MaxResults: integer() }), { MaxResults: 60.7, Other: 1 }); // { MaxResults: 60 }
 * readStructure(structure({ MaxResults: integer() }), { MaxResults: "60" }); // throws "class java.lang.String can not be converted to an Integer"
 * ```
 */
export function readStructure(
  shape: StructureShape,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    // undefined (never in parsed JSON, but from a caller re-checking an absent member) is absent too.
    if (!Object.hasOwn(shape.members, name) || member === null || member === undefined) continue;
    out[name] = read(shape.members[name]!, member);
  }
  return out;
}

function read(shape: Shape, value: unknown): unknown {
  switch (shape.kind) {
    case "string":
      if (typeof value === "string") return value;
      throw mismatch(value, {
        boolean: "class java.lang.Boolean can not be converted to an String",
        number: `${NUMBER_CLASS} can not be converted to an String`,
      });
    case "integer":
    case "long":
      return readNumber(shape.kind, value);
    case "boolean":
      if (typeof value === "boolean") return value;
      // Coral converts the strings it can read and names the others.
      if (value === "true" || value === "false") return value === "true";
      throw mismatch(value, {
        string: `'${String(value)}' can not be converted to an Boolean`,
        number: `${NUMBER_CLASS} can not be converted to an Boolean`,
      });
    case "document":
      return value;
    case "list":
      if (!Array.isArray(value)) throw mismatch(value, { scalar: "Expected list or null" });
      // A null element stays null: the validator reports it ("Member must not be null").
      return value.map((element) => (element === null ? null : read(shape.member, element)));
    case "map": {
      if (!isObject(value)) throw mismatch(value, { scalar: "Expected map or null" });
      const out: Record<string, unknown> = {};
      for (const [key, element] of Object.entries(value)) {
        // defineProperty: a "__proto__" key stays a key, never the prototype.
        Object.defineProperty(out, key, {
          value: element === null ? null : read(shape.value, element),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "structure":
      if (!isObject(value)) throw mismatch(value, { scalar: "Expected null" });
      return readStructure(shape, value);
  }
}

function readNumber(kind: "integer" | "long", value: unknown): number {
  const javaType = kind === "integer" ? "Integer" : "Long";
  if (typeof value !== "number") {
    throw mismatch(value, {
      boolean: `class java.lang.Boolean can not be converted to an ${javaType}`,
      string: `class java.lang.String can not be converted to an ${javaType}`,
    });
  }
  const truncated = Math.trunc(value);
  const fits =
    kind === "integer" ? truncated >= -INT32 && truncated < INT32 : Number.isSafeInteger(truncated);
  // cognate's words: AWS's for an out-of-range number are not known.
  if (!fits)
    throw new SerializationException(
      `Numeric value (${value}) out of range of ${kind === "integer" ? "int" : "long"}`,
    );
  return truncated === 0 ? 0 : truncated;
}

/** Coral's words for a JSON array where an object or a scalar is expected. */
export const START_OF_LIST = "Start of list found where not expected";

interface Words {
  boolean?: string;
  number?: string;
  string?: string;
  /** For any scalar, where the type is a collection or a structure. */
  scalar?: string;
}

function mismatch(value: unknown, words: Words): InstanceType<typeof SerializationException> {
  if (Array.isArray(value)) return new SerializationException(START_OF_LIST);
  if (isObject(value))
    return new SerializationException("Start of structure or map found where not expected.");
  const specific =
    typeof value === "boolean" ? words.boolean : typeof value === "number" ? words.number : words.string;
  return new SerializationException(specific ?? words.scalar);
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
