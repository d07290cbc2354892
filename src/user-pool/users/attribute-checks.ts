/** The pool's schema and the formats of email and phone_number, as attribute writes must fit them. */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import { schemaAttributes, type SchemaAttribute } from "../schema-attributes.js";
import { NAMED } from "../messages.js";

/** A phone number as Cognito takes it: E.164, `+` and digits. */
export const PHONE_NUMBER = /^\+[0-9]{4,17}$/;
// One address: no whitespace or control character (a CR/LF would inject mail headers), one @,
// nothing that separates or quotes addresses.
const ONE_ADDRESS = /^[^\s\p{Cc}@,;<>()"[\]\\]+@[^\s\p{Cc}@,;<>()"[\]\\]+$/u;

/**
 * Checks attribute names and values against the pool's schema: known names only, `sub` and
 * `cognito:*` never written, required ones present when `creating`.
 *
 * @example
 * ```ts
 * checkAttributes(pool, { "custom:nope": "1" }, true); // throws InvalidParameterException
 * ```
 */
export function checkAttributes(
  pool: PoolRecord,
  attributes: Record<string, string>,
  creating: boolean,
): void {
  const schema = new Map(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]),
  );
  for (const [name, value] of Object.entries(attributes)) {
    // `cognito:*` names are the tokens' own claims (groups, roles, username): never an attribute,
    // whatever a schema says.
    const attribute = name.startsWith("cognito:") ? undefined : schema.get(name);
    if (attribute === undefined)
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
      );
    if (name === "sub" || (!creating && attribute.Mutable === false))
      throw new InvalidParameterException(NAMED.immutableAttribute(name));
    if (attribute.AttributeDataType === "Boolean" && value !== "true" && value !== "false")
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute value must be true or false`,
      ); // [?]
    checkFormat(name, value);
  }
  if (!creating) return;
  for (const attribute of schema.values()) {
    if (attribute.Required === true && attribute.Name !== "sub" && !(attribute.Name in attributes)) {
      throw new InvalidParameterException(NAMED.requiredAttribute(attribute.Name));
    }
  }
}

/**
 * Refuses an email that is not one address and a phone number that is not E.164 (`+` and
 * digits), as Cognito does; an empty value (which removes the attribute) passes.
 *
 * @example
 * ```ts
 * checkFormat("email", "a@x.io\r\nBcc: b@x.io"); // throws InvalidParameterException("Invalid email address format.")
 * ```
 */
export function checkFormat(name: string, value: string): void {
  if (value === "") return;
  if (name === "email" && !ONE_ADDRESS.test(value))
    throw new InvalidParameterException("Invalid email address format."); // [?] words as issue 19 gives them
  if (name === "phone_number" && !PHONE_NUMBER.test(value))
    throw new InvalidParameterException("Invalid phone number format."); // [?] words as issue 19 gives them
}
