/**
 * A pool's `SchemaAttributes` as DescribeUserPool lists them: Cognito's standard attributes (with
 * what CreateUserPool's `Schema` changed about them) followed by the custom ones, `custom:`-named.
 */
import { InvalidParameterException } from "../protocol/json/index.js";

/** One attribute of a pool's schema, as the model's SchemaAttributeType. */
export interface SchemaAttribute {
  Name: string;
  AttributeDataType?: "String" | "Number" | "DateTime" | "Boolean";
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
}

const text = (Name: string, more: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  Name,
  AttributeDataType: "String",
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
  StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
  ...more,
});
const flag = (Name: string): SchemaAttribute => ({
  Name,
  AttributeDataType: "Boolean",
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
});

/** Cognito's standard attributes, in the order DescribeUserPool lists them. */
export const STANDARD_ATTRIBUTES: readonly SchemaAttribute[] = [
  text("sub", {
    Mutable: false,
    Required: true,
    StringAttributeConstraints: { MinLength: "1", MaxLength: "2048" },
  }),
  ...[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
  ].map((n) => text(n)),
  flag("email_verified"),
  text("gender"),
  text("birthdate", { StringAttributeConstraints: { MinLength: "10", MaxLength: "10" } }),
  ...["zoneinfo", "locale", "phone_number"].map((n) => text(n)),
  flag("phone_number_verified"),
  text("address"),
  {
    Name: "updated_at",
    AttributeDataType: "Number",
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: "0" },
  },
];

const STANDARD = new Set(STANDARD_ATTRIBUTES.map((a) => a.Name));

/**
 * Checks CreateUserPool's `Schema` and returns the full `SchemaAttributes` list.
 *
 * @throws {InvalidParameterException} for a required custom attribute or a name given twice.
 * @example
 * ```ts
 * schemaAttributes([{ Name: "email", Required: true }, { Name: "tenant", AttributeDataType: "String" }]);
 * // [...standard (email Required), { Name: "custom:tenant", ... }]
 * ```
 */
export function schemaAttributes(schema: readonly SchemaAttribute[] = []): SchemaAttribute[] {
  const seen = new Set<string>();
  const changed = new Map<string, SchemaAttribute>();
  const custom: SchemaAttribute[] = [];
  for (const attribute of schema) {
    const given = attribute.Name ?? "";
    const name =
      STANDARD.has(given) || given.startsWith("custom:") || given.startsWith("dev:")
        ? given
        : `custom:${given}`;
    if (seen.has(name)) throw new InvalidParameterException(`Duplicate attribute name: ${name}`); // [?] words
    seen.add(name);
    if (STANDARD.has(name)) {
      changed.set(name, attribute);
      continue;
    }
    if (attribute.Required === true)
      throw new InvalidParameterException("Required custom attributes are not supported currently.");
    const type = attribute.AttributeDataType ?? "String";
    custom.push({
      Name: name,
      AttributeDataType: type,
      DeveloperOnlyAttribute: attribute.DeveloperOnlyAttribute ?? false,
      Mutable: attribute.Mutable ?? true,
      Required: false,
      ...(type === "String" && { StringAttributeConstraints: attribute.StringAttributeConstraints ?? {} }),
      ...(type === "Number" && { NumberAttributeConstraints: attribute.NumberAttributeConstraints ?? {} }),
    });
  }
  const standard = STANDARD_ATTRIBUTES.map((base) => {
    const given = changed.get(base.Name);
    if (given === undefined) return base;
    return {
      ...base,
      Mutable: given.Mutable ?? base.Mutable,
      Required: given.Required ?? base.Required,
      ...(given.StringAttributeConstraints &&
        base.StringAttributeConstraints && {
          StringAttributeConstraints: {
            ...base.StringAttributeConstraints,
            ...given.StringAttributeConstraints,
          },
        }),
    };
  });
  return [...standard, ...custom];
}
