/**
 * AttributeMapping as Cognito checks it (federation.md §1.4): each key a pool attribute (a
 * standard one, a custom one the pool has, or `username`), each value the IdP's claim or
 * attribute name. `username` is fixed per provider type, and added when left out.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import { type SchemaAttribute, schemaAttributes } from "../schema-attributes.js";

/** The IdP attribute a federated user's username is made from, per type. [doc] amplify-cli #8278 */
export const USERNAME_SOURCE: Readonly<Record<string, string>> = {
  Google: "sub",
  SignInWithApple: "sub",
  OIDC: "sub",
  Facebook: "id",
  LoginWithAmazon: "user_id",
  SAML: "NameID", // [?] words
};

/** The words for keys that are not pool attributes. [obs] aws-cli #9729 */
export const invalidMapping = (keys: readonly string[]) =>
  `AttributeMapping contains invalid mapping: [${keys.join(", ")}]`;

/**
 * The mapping to store: checked against the pool's schema, `username` added when absent.
 *
 * @param schema the pool's `Schema` as stored (its custom attributes are the mappable ones)
 * @throws {InvalidParameterException} for a key that is no pool attribute, an immutable custom
 *   attribute, or a `username` mapped from another IdP attribute than the type's
 * @example
 * ```ts
 * attributeMapping("Google", { email: "email" }, []); // { email: "email", username: "sub" }
 * ```
 */
export function attributeMapping(
  type: string,
  given: Readonly<Record<string, string>>,
  schema: readonly SchemaAttribute[] | undefined,
): Record<string, string> {
  const attributes = new Map(schemaAttributes(schema ?? []).map((a) => [a.Name, a]));
  // `sub` is Cognito's own: never an IdP's [?].
  const invalid = Object.keys(given).filter(
    (key) => key !== "username" && (key === "sub" || !attributes.has(key) || key.startsWith("dev:")),
  );
  if (invalid.length > 0) throw new InvalidParameterException(invalidMapping(invalid));
  const immutable = Object.keys(given).find(
    (key) => key.startsWith("custom:") && attributes.get(key)?.Mutable === false,
  );
  if (immutable !== undefined)
    throw new InvalidParameterException(`Mapped attribute ${immutable} must be mutable.`); // [?] words
  const username = USERNAME_SOURCE[type] ?? "sub";
  if (given.username !== undefined && given.username !== username)
    throw new InvalidParameterException(`username must be mapped from ${username} for a ${type} provider.`); // [?] words
  return { ...given, username };
}
