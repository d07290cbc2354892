/**
 * The user's attributes at the identity provider, beyond the ID token (federation.md §2): OIDC
 * userinfo (GET or POST per `attributes_request_method`; its `sub` must be the ID token's),
 * Google's People API with the `personFields` the mapping needs (or its userinfo), Facebook's
 * Graph `/me?fields=<mapped, comma-joined>`, Login with Amazon's `/user/profile`. The access token
 * travels in the `Authorization` header, never in a URL.
 */
import type { IdentityProviderRecord } from "../../storage/index.js";
import { claimsShapeProblem } from "./claims-shape.js";
import { callFailure, failure, type IdpFailure } from "./failure.js";
import { type IdpAnswer, idpCall } from "./idp-call.js";
import type { FederationOptions } from "./options.js";

/** The People API's person fields a Google mapping may name (the rest are ID token or userinfo claims). */
export const PEOPLE_FIELDS: ReadonlySet<string> = new Set([
  "addresses",
  "ageRanges",
  "biographies",
  "birthdays",
  "emailAddresses",
  "genders",
  "locales",
  "names",
  "nicknames",
  "occupations",
  "organizations",
  "phoneNumbers",
  "photos",
  "urls",
]);

const objectOf = (json: unknown): Record<string, unknown> | undefined =>
  typeof json === "object" && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;

/** The mapping's claim names, each once. */
const mapped = (provider: IdentityProviderRecord) => [...new Set(Object.values(provider.attributeMapping))];

/**
 * Reads the attributes endpoint with the access token; a profile deeper or larger than
 * claims-shape.ts allows is refused.
 *
 * @param url the endpoint ({@link idpUrl} applied), with the fields to ask for appended where the
 * provider's `attributes_url_add_attributes` says so
 * @returns the profile object, or why not
 */
export async function fetchProfile(
  options: FederationOptions | undefined,
  provider: IdentityProviderRecord,
  url: URL,
  accessToken: string,
): Promise<Record<string, unknown> | IdpFailure> {
  const headers = { authorization: `Bearer ${accessToken}` };
  let answer: IdpAnswer;
  try {
    answer =
      provider.type === "OIDC" && provider.details.attributes_request_method === "POST"
        ? await idpCall(options, url, { method: "POST", headers, body: new URLSearchParams() })
        : await idpCall(options, url, { headers });
  } catch (error) {
    return callFailure(provider.name, "attributes", error);
  }
  const profile = objectOf(answer.json);
  if (answer.status !== 200 || profile === undefined)
    return failure(`${provider.name} Error - ${answer.status} error getting user info`); // [?] words
  // Before anything walks it (a mapped value becomes its JSON text, recursively).
  const problem = claimsShapeProblem(profile);
  if (problem !== undefined) return failure(`${provider.name} Error - the user info is ${problem}`); // [?] words
  return profile;
}

/**
 * The attributes URL to call for this provider and mapping, or `undefined` when there is nothing
 * to ask (Google's People API with no person field mapped).
 */
export function profileUrl(provider: IdentityProviderRecord, attributes: URL | undefined): URL | undefined {
  if (attributes === undefined) return undefined;
  if (provider.details.attributes_url_add_attributes !== "true") return attributes;
  const names =
    provider.type === "Google"
      ? mapped(provider).filter((name) => PEOPLE_FIELDS.has(name))
      : provider.type === "Facebook"
        ? ["id", ...mapped(provider).filter((name) => name !== "id" && /^[a-z_]{1,64}$/.test(name))]
        : mapped(provider);
  if (names.length === 0) return undefined;
  // `attributes_url` ends with `personFields=` / `fields=`: the names are its value.
  return new URL(`${attributes.href}${names.map(encodeURIComponent).join(",")}`);
}
