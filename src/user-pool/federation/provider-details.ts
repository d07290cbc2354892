/**
 * ProviderDetails as Cognito checks and completes them, per ProviderType (federation.md §1.3):
 * the keys the caller must send, the keys Cognito adds and Describe shows ("auto"), the social
 * name rule, authorize_scopes per provider, the OIDC issuer and request method, SAML's metadata
 * keys. Pure: the operations hand in what is stored and get back what to store.
 */
import { isLoopback } from "../../authorizer/verify/fetch.js";
import { InvalidParameterException } from "../../protocol/json/index.js";
import { metadataUrlAllowed } from "./saml-metadata.js";

/** The model's IdentityProviderTypeType. */
export const PROVIDER_TYPES = [
  "SAML",
  "Facebook",
  "Google",
  "LoginWithAmazon",
  "SignInWithApple",
  "OIDC",
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** The social types, each of which must be named after itself. */
export const SOCIAL_TYPES: ReadonlySet<string> = new Set([
  "Facebook",
  "Google",
  "LoginWithAmazon",
  "SignInWithApple",
]);

/** Facebook's Graph API version when none is given. [?] CDK picks Facebook's oldest supported one. */
export const DEFAULT_FACEBOOK_API_VERSION = "v17.0";

type Details = Record<string, string>;

interface TypeRule {
  required: readonly string[];
  /** Keys the caller may send besides the required ones. */
  optional: readonly string[];
  /** What Cognito adds; it overrides what the caller sent for the same key. */
  auto: (details: Details) => Details;
  /** The scopes the provider knows; `undefined`: any. */
  scopes?: (scope: string) => boolean;
  /** How authorize_scopes separates scopes. */
  separator: "," | " ";
  /** The words for a missing required key. */
  missing: string;
}

const OAUTH_REQUIRED = ["client_id", "client_secret", "authorize_scopes"];
// [obs] amplify-cli #8266.
const OAUTH_MISSING = "client_id, client_secret and authorize_scopes are all required idp details";

const RULES: Record<ProviderType, TypeRule> = {
  Google: {
    required: OAUTH_REQUIRED,
    optional: [],
    auto: () => ({
      authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
      token_url: "https://www.googleapis.com/oauth2/v4/token",
      token_request_method: "POST",
      attributes_url: "https://people.googleapis.com/v1/people/me?personFields=",
      attributes_url_add_attributes: "true",
      oidc_issuer: "https://accounts.google.com",
    }),
    // [?] Google's OpenID scopes and its own scope URLs.
    scopes: (s) =>
      ["openid", "email", "profile"].includes(s) || s.startsWith("https://www.googleapis.com/auth/"),
    separator: " ",
    missing: OAUTH_MISSING,
  },
  Facebook: {
    required: OAUTH_REQUIRED,
    optional: ["api_version"],
    auto: (d) => {
      const v = d.api_version ?? DEFAULT_FACEBOOK_API_VERSION;
      return {
        api_version: v,
        authorize_url: `https://www.facebook.com/${v}/dialog/oauth`,
        token_url: `https://graph.facebook.com/${v}/oauth/access_token`,
        token_request_method: "GET",
        attributes_url: `https://graph.facebook.com/${v}/me?fields=`,
        attributes_url_add_attributes: "true",
      };
    },
    // [?] Facebook's login permissions: public_profile, email and the user_* ones.
    scopes: (s) => s === "public_profile" || s === "email" || /^user_[a-z_]+$/.test(s),
    separator: ",",
    missing: OAUTH_MISSING,
  },
  LoginWithAmazon: {
    required: OAUTH_REQUIRED,
    optional: [],
    auto: () => ({
      authorize_url: "https://www.amazon.com/ap/oa",
      token_url: "https://api.amazon.com/auth/o2/token",
      token_request_method: "POST",
      attributes_url: "https://api.amazon.com/user/profile",
      attributes_url_add_attributes: "false",
    }),
    scopes: (s) => ["profile", "profile:user_id", "postal_code"].includes(s),
    separator: " ",
    missing: OAUTH_MISSING,
  },
  SignInWithApple: {
    required: ["client_id", "team_id", "key_id", "private_key", "authorize_scopes"],
    optional: [],
    auto: () => ({
      authorize_url: "https://appleid.apple.com/auth/authorize",
      token_url: "https://appleid.apple.com/auth/token",
      token_request_method: "POST",
      oidc_issuer: "https://appleid.apple.com",
      attributes_url_add_attributes: "false",
    }),
    scopes: (s) => s === "email" || s === "name",
    separator: " ",
    missing: "client_id, team_id, key_id, private_key and authorize_scopes are all required idp details", // [?] words
  },
  OIDC: {
    required: [...OAUTH_REQUIRED, "attributes_request_method", "oidc_issuer"],
    optional: ["authorize_url", "token_url", "attributes_url", "jwks_uri"],
    auto: () => ({ attributes_url_add_attributes: "false" }),
    separator: " ",
    missing:
      "client_id, client_secret, authorize_scopes, attributes_request_method and oidc_issuer are all required idp details", // [?] words
  },
  SAML: {
    required: [],
    optional: [
      "MetadataFile",
      "MetadataURL",
      "IDPSignout",
      "IDPInit",
      "EncryptedResponses",
      "RequestSigningAlgorithm",
    ],
    auto: () => ({}),
    separator: " ",
    // [obs] terraform-provider-aws #4815.
    missing: "At least one of the MetadataURL or MetadataFile should be provided.",
  },
};

/** Keys Cognito itself writes for any type: tolerated when sent back (Describe's output re-sent). */
const READ_ONLY = new Set(["SSORedirectBindingURI", "SLORedirectBindingURI", "ActiveEncryptionCertificate"]);

/** The words for a social provider not named after its type. [obs] terraform-provider-aws #4822. */
export const socialNameProblem = (name: string, type: string) =>
  `Provider ${name} cannot be of type ${type}.`;

/**
 * Checks a provider's name against its type: a social type's provider is named after the type.
 *
 * @throws {InvalidParameterException}
 */
export function checkProviderName(name: string, type: string): void {
  if (SOCIAL_TYPES.has(type) && name !== type)
    throw new InvalidParameterException(socialNameProblem(name, type));
}

const invalid = (message: string) => new InvalidParameterException(message);

function checkScopes(type: ProviderType, rule: TypeRule, value: string): void {
  const scopes = value
    .split(rule.separator)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (scopes.length === 0) throw invalid(rule.missing);
  if (type === "OIDC" && !scopes.includes("openid"))
    throw invalid("authorize_scopes must include openid for an OIDC provider."); // [?] words
  const unknown = rule.scopes === undefined ? undefined : scopes.find((s) => !rule.scopes!(s));
  if (unknown !== undefined) throw invalid(`Invalid authorize_scopes for ${type}: ${unknown}`); // [?] words
}

function checkHttpsUrl(key: string, value: string, noTrailingSlash: boolean, loopbackHttp = false): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // Beyond Cognito, under the server's `federation.allowLoopbackHttp`: http IdPs on this machine.
  const allowed =
    url?.protocol === "https:" || (loopbackHttp && url?.protocol === "http:" && isLoopback(url.hostname));
  if (url === undefined || !allowed || (noTrailingSlash && value.endsWith("/")))
    throw invalid(`${key} must be an https URL${noTrailingSlash ? " without a trailing /" : ""}.`); // [?] words
}

function checkTypeSpecific(type: ProviderType, details: Details, loopbackHttp: boolean): void {
  if (type === "OIDC") {
    checkHttpsUrl("oidc_issuer", details.oidc_issuer!, true, loopbackHttp);
    if (details.attributes_request_method !== "GET" && details.attributes_request_method !== "POST")
      throw invalid("attributes_request_method must be GET or POST."); // [?] words
    for (const key of ["authorize_url", "token_url", "attributes_url", "jwks_uri"])
      if (details[key] !== undefined) checkHttpsUrl(key, details[key]!, false, loopbackHttp);
  }
  if (type === "Facebook" && details.api_version !== undefined && !/^v\d+\.\d+$/.test(details.api_version))
    throw invalid(`Invalid api_version ${details.api_version}.`); // [?] words
  if (type === "SAML") {
    if (details.MetadataFile === undefined && details.MetadataURL === undefined)
      throw invalid(RULES.SAML.missing);
    if (details.MetadataFile !== undefined && details.MetadataURL !== undefined)
      throw invalid("Only one of MetadataFile or MetadataURL can be specified."); // [?] words
    // [doc] https on port 443 only.
    if (details.MetadataURL !== undefined && !metadataUrlAllowed(details.MetadataURL, loopbackHttp))
      throw invalid("MetadataURL must be an https URL."); // [?] words
    for (const key of ["IDPSignout", "IDPInit", "EncryptedResponses"])
      if (details[key] !== undefined && details[key] !== "true" && details[key] !== "false")
        throw invalid(`${key} must be true or false.`); // [?] words
    if (details.RequestSigningAlgorithm !== undefined && details.RequestSigningAlgorithm !== "rsa-sha256")
      throw invalid("RequestSigningAlgorithm must be rsa-sha256."); // [?] words
  }
}

/**
 * The ProviderDetails to store: the caller's keys checked, Cognito's auto keys added. On an
 * update, `stored` is the provider's current details: the secrets (`client_secret`, Apple's
 * `private_key`, which Describe never shows) are kept when the caller leaves them out, and so is
 * a SAML provider's metadata when neither MetadataFile nor MetadataURL is given [?]. SAML's own
 * auto keys (from its metadata) are ./saml-idp.ts's.
 *
 * @throws {InvalidParameterException} for a missing or unknown key, bad scopes, a bad URL or value
 * @example
 * ```ts
 * providerDetails("Google", { client_id: "id", client_secret: "s", authorize_scopes: "openid email" });
 * // { client_id, client_secret, authorize_scopes, authorize_url: "https://accounts.google.com/o/oauth2/v2/auth", ... }
 * ```
 */
export function providerDetails(
  type: ProviderType,
  given: Details,
  stored?: Details,
  /** `federation.allowLoopbackHttp` (beyond Cognito): OIDC URLs may be `http://` on loopback. */
  loopbackHttp = false,
): Details {
  const rule = RULES[type];
  const auto = new Set(Object.keys(rule.auto({})));
  const allowed = new Set([...rule.required, ...rule.optional]);
  const details: Details = {};
  for (const [key, value] of Object.entries(given)) {
    if (allowed.has(key)) details[key] = value;
    else if (!auto.has(key) && !READ_ONLY.has(key))
      throw invalid(`${key} is not a valid ProviderDetails key for ${type}.`); // [?] words
  }
  if (stored !== undefined)
    for (const key of ["client_secret", "private_key"])
      if (details[key] === undefined && stored[key] !== undefined && allowed.has(key))
        details[key] = stored[key]!;
  if (
    stored !== undefined &&
    type === "SAML" &&
    details.MetadataFile === undefined &&
    details.MetadataURL === undefined
  )
    for (const key of ["MetadataFile", "MetadataURL"])
      if (stored[key] !== undefined) details[key] = stored[key]!;
  for (const key of rule.required) if ((details[key] ?? "").trim() === "") throw invalid(rule.missing);
  if (details.authorize_scopes !== undefined) checkScopes(type, rule, details.authorize_scopes);
  checkTypeSpecific(type, details, loopbackHttp);
  return { ...details, ...rule.auto(details) };
}

/** ProviderDetails as Describe shows them: everything but Apple's private key. */
export function visibleDetails(type: string, details: Details): Details {
  if (type !== "SignInWithApple") return { ...details };
  const { private_key: _hidden, ...rest } = details;
  return rest;
}
