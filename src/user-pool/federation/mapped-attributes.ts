/**
 * A provider's claims as pool attributes, through its AttributeMapping only (federation.md §1.4,
 * §4.4, §4.5): each mapped claim the provider sent, as a string of at most 2,048 characters.
 */
import type { IdentityProviderRecord, PoolRecord } from "../../storage/index.js";
import { checkFormat } from "../users/attribute-checks.js";
import { type SchemaAttribute, schemaAttributes } from "../schema-attributes.js";

/** The longest value a mapped attribute takes [doc]. */
export const MAX_MAPPED_VALUE = 2048;

/** The verification flags, each beside the attribute it vouches for. */
export const VERIFIED_FLAGS: Readonly<Record<string, string>> = {
  email: "email_verified",
  phone_number: "phone_number_verified",
};
const FLAGS = new Set(Object.values(VERIFIED_FLAGS));

// Attributes no provider may write, whatever a stored mapping says.
const NEVER_MAPPED = new Set(["sub", "username", "identities"]);

// [doc] A value of a multi-valued SAML attribute is URL-form-encoded when it has a character
// outside this set. The join, `[a, b]`, is [?]: it is what Cognito's users report seeing.
const PLAIN = /^[A-Za-z0-9.*_-]*$/;
const formEncoded = (value: string) =>
  PLAIN.test(value) ? value : encodeURIComponent(value).replace(/%20/g, "+");

/**
 * A claim's value as a pool attribute's string; `undefined` when it carries none (absent, `null`,
 * an empty list). Strings stay as sent; booleans and numbers are written out; a list of strings
 * (a SAML attribute's values) is its one value, or `[a, b]` of the form-encoded values; anything
 * else (Google's `names`) is its JSON. A verification flag is `"true"` for `true` or `"true"`
 * (Apple sends a string), else `"false"`.
 *
 * @example
 * ```ts
 * attributeValue("custom:groups", ["admins", "sales team"]); // "[admins, sales+team]"
 * attributeValue("email_verified", "true"); // "true"
 * ```
 */
export function attributeValue(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (FLAGS.has(name)) {
    const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
    return one === true || (typeof one === "string" && one.trim().toLowerCase() === "true")
      ? "true"
      : "false";
  }
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "bigint")
    return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    const values = value as string[];
    return values.length === 1 ? values[0]! : `[${values.map(formEncoded).join(", ")}]`;
  }
  return JSON.stringify(value);
}

/** What the mapping gives, or why the sign-in is refused (the `error_description`). */
export type MappedAttributes = { attributes: Record<string, string> } | { invalid: string };

/**
 * The pool attributes the provider's claims give through its mapping. A claim the provider did
 * not send gives nothing (the user keeps the value it had). A value the pool cannot take refuses
 * the sign-in: longer than 2,048 characters, a character outside the Basic Multilingual Plane
 * (4-byte UTF-8, e.g. an emoji) [doc], an email or phone number of the wrong form, a Boolean that
 * is not `true`/`false`, a Number that is not one. [?] words: `Invalid user attributes: <name>:
 * <reason>`, as Cognito's older required-attribute message has them.
 */
export function mapClaims(
  pool: PoolRecord,
  provider: IdentityProviderRecord,
  claims: Readonly<Record<string, unknown>>,
): MappedAttributes {
  const schema = new Map(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]),
  );
  const attributes: Record<string, string> = {};
  for (const [name, claim] of Object.entries(provider.attributeMapping)) {
    if (NEVER_MAPPED.has(name) || name.startsWith("cognito:")) continue;
    const attribute = schema.get(name);
    // A mapping is checked when it is stored; a custom attribute cannot leave the schema.
    if (attribute === undefined) continue;
    if (!Object.hasOwn(claims, claim)) continue;
    const value = attributeValue(name, claims[claim]);
    if (value === undefined) continue;
    const reason = invalidValue(attribute, value);
    if (reason !== undefined) return { invalid: `Invalid user attributes: ${name}: ${reason}` };
    attributes[name] = value;
  }
  return { attributes };
}

function invalidValue(attribute: SchemaAttribute, value: string): string | undefined {
  if (value.length > MAX_MAPPED_VALUE) return `Attribute value is longer than ${MAX_MAPPED_VALUE} characters`;
  if (/[\u{10000}-\u{10FFFF}]/u.test(value)) return "Attribute value has unsupported characters";
  const max = Number(attribute.StringAttributeConstraints?.MaxLength);
  if (attribute.AttributeDataType === "String" && Number.isFinite(max) && value.length > max)
    return `Attribute value is longer than ${max} characters`;
  if (attribute.AttributeDataType === "Boolean" && value !== "true" && value !== "false")
    return "Attribute value must be true or false";
  if (attribute.AttributeDataType === "Number" && (value.trim() === "" || !Number.isFinite(Number(value))))
    return "Attribute value must be a number";
  try {
    checkFormat(attribute.Name, value);
  } catch (error) {
    return (error as Error).message.replace(/\.$/, "");
  }
  return undefined;
}

/**
 * The pool's required attributes that `attributes` lacks (a first sign-in without them fails:
 * `attributes required: [email]`, federation.md §4.3).
 */
export function missingRequired(pool: PoolRecord, attributes: Readonly<Record<string, string>>): string[] {
  return schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined)
    .filter((a) => a.Required === true && a.Name !== "sub" && (attributes[a.Name] ?? "") === "")
    .map((a) => a.Name);
}

/**
 * A user's attributes after a sign-in's mapped ones: each mapped value replaces the old one,
 * except, for an existing user, on an immutable attribute (set once, at the first sign-in [?]);
 * an email or phone number that changes is unverified unless the provider also sent its flag.
 */
export function applyMapped(
  pool: PoolRecord,
  before: Readonly<Record<string, string>>,
  mapped: Readonly<Record<string, string>>,
  creating: boolean,
): Record<string, string> {
  const schema = new Map(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]),
  );
  const after: Record<string, string> = { ...before };
  for (const [name, value] of Object.entries(mapped)) {
    if (!creating && schema.get(name)?.Mutable === false) continue;
    after[name] = value;
  }
  for (const [name, flag] of Object.entries(VERIFIED_FLAGS)) {
    if (mapped[flag] !== undefined || after[name] === undefined) continue;
    if (creating || after[name] !== before[name]) after[flag] = "false";
  }
  return after;
}
