/**
 * What a pool's sign-up form asks: whether self sign-up is allowed at all, the username (an email
 * or phone number in pools that sign in with one), the pool's required attributes, and the
 * password rules the page states beside the password.
 */
import type { PoolRecord } from "../../storage/index.js";
import { passwordPolicyOf } from "../../user-pool/pool-view.js";
import { schemaAttributes, type SchemaAttribute } from "../../user-pool/schema-attributes.js";
import { usernameAttributesOf } from "../../user-pool/users/identity.js";
import { en } from "../pages/messages/en.js";
import { type Catalogue, format, type MessageKey } from "../pages/messages/index.js";

/** Whether the pool lets people sign themselves up (not AdminCreateUserConfig.AllowAdminCreateUserOnly). */
export function signUpAllowed(pool: PoolRecord): boolean {
  const config = pool.config.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined;
  return config?.AllowAdminCreateUserOnly !== true;
}

/** One required attribute's input. */
export interface AttributeInput {
  attribute: string;
  /** The form field: `requiredAttributes[email]`, as Cognito's classic page names it. */
  name: string;
  label: string;
  type: string;
  autocomplete?: string;
}

const INPUTS: Readonly<Record<string, { label: MessageKey; type?: string; autocomplete?: string }>> = {
  email: { label: "attrEmail", type: "email", autocomplete: "email" },
  phone_number: { label: "attrPhoneWithCode", type: "tel", autocomplete: "tel" },
  name: { label: "attrName", autocomplete: "name" },
  given_name: { label: "attrGivenName", autocomplete: "given-name" },
  family_name: { label: "attrFamilyName", autocomplete: "family-name" },
  middle_name: { label: "attrMiddleName", autocomplete: "additional-name" },
  nickname: { label: "attrNickname", autocomplete: "nickname" },
  preferred_username: { label: "attrPreferredUsername", autocomplete: "username" },
  birthdate: { label: "attrBirthdate", type: "date", autocomplete: "bday" },
  gender: { label: "attrGender", autocomplete: "sex" },
  address: { label: "attrAddress", autocomplete: "street-address" },
  website: { label: "attrWebsite", type: "url", autocomplete: "url" },
  profile: { label: "attrProfile", type: "url" },
  picture: { label: "attrPicture", type: "url" },
  locale: { label: "attrLocale", autocomplete: "language" },
  zoneinfo: { label: "attrZoneinfo" },
  updated_at: { label: "attrUpdatedAt" },
};

/** The field name of an attribute's input. */
export const attributeField = (attribute: string) => `requiredAttributes[${attribute}]`;

/**
 * The required attributes the form asks for besides the username: the attribute a pool signs in
 * with (UsernameAttributes of exactly one kind) is the username itself and is not asked twice.
 */
export function requiredAttributeInputs(pool: PoolRecord, t: Catalogue = en): AttributeInput[] {
  const kinds = usernameAttributesOf(pool);
  const schema = schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined);
  return schema
    .filter((a) => a.Required === true && a.Name !== "sub" && a.DeveloperOnlyAttribute !== true)
    .filter((a) => !(kinds.length === 1 && kinds[0] === a.Name))
    .map((a) => {
      const known = INPUTS[a.Name];
      return {
        attribute: a.Name,
        name: attributeField(a.Name),
        label: known === undefined ? a.Name.replace(/^custom:/, "") : t[known.label],
        type: known?.type ?? "text",
        ...(known?.autocomplete !== undefined && { autocomplete: known.autocomplete }),
      };
    });
}

/**
 * The attribute the username is, where the pool signs in with exactly one kind (`email` or
 * `phone_number`) and requires it: the form asks for it once, and sends it as both.
 */
export function usernameIsAttribute(pool: PoolRecord): string | undefined {
  const kinds = usernameAttributesOf(pool);
  if (kinds.length !== 1) return undefined;
  const schema = schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined);
  return schema.some((a) => a.Name === kinds[0] && a.Required === true) ? kinds[0] : undefined;
}

/** The username's label: "Email" in a pool that signs in with the email, and so on. */
export function usernameLabel(pool: PoolRecord, t: Catalogue = en): string {
  const kinds = usernameAttributesOf(pool);
  if (kinds.length === 2) return t.emailOrPhone;
  if (kinds[0] === "email") return t.attrEmail;
  if (kinds[0] === "phone_number") return t.attrPhoneWithCode;
  return t.username;
}

/** The pool's password rules in words, in the policy's order. */
export function passwordRules(pool: PoolRecord, t: Catalogue = en): string[] {
  const policy = passwordPolicyOf(pool.config);
  return [
    format(t.ruleMinLength, { length: String(policy.MinimumLength) }),
    ...(policy.RequireUppercase ? [t.ruleUppercase] : []),
    ...(policy.RequireLowercase ? [t.ruleLowercase] : []),
    ...(policy.RequireNumbers ? [t.ruleNumber] : []),
    ...(policy.RequireSymbols ? [t.ruleSymbol] : []),
  ];
}
