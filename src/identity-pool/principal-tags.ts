/**
 * The session tags of an identity's credentials (attributes for access control): the claims the
 * pool's principal-tag map names for the provider the identity signed in with, or the default map,
 * or, in the developer flow, the tags the backend put in the identity service's token.
 */
import type { IdentityPoolContext } from "./context.js";
import type { IdentityAccess } from "./identity-access.js";
import { SESSION_TAGS_CLAIM } from "./openid-token.js";

/**
 * "Use default mappings": the user's id and the app client, as Cognito's console describes them
 * ("username and clientID"); the tag names are Cognito's documented defaults [?].
 */
export const DEFAULT_PRINCIPAL_TAGS: Readonly<Record<string, string>> = { username: "sub", client: "aud" };

/** Tag values STS takes: 1-256 characters. */
const MAX_VALUE = 256;

/** The tags for the credentials of this access (none for an unauthenticated identity). */
export async function principalTagsFor(
  ctx: IdentityPoolContext,
  access: IdentityAccess,
): Promise<Record<string, string>> {
  const own = access.logins.find((l) => l.kind === "cognito-identity");
  if (own !== undefined) return developerTags(own.claims[SESSION_TAGS_CLAIM]);
  const login = access.logins[0];
  if (login === undefined) return {};
  const store = await ctx.store();
  const map =
    (await store.identityPools.getPrincipalTags(access.pool.id, login.provider)) ??
    (login.key === login.provider
      ? null
      : await store.identityPools.getPrincipalTags(access.pool.id, login.key));
  if (map === null) return {};
  const names = map.useDefaults ? { ...DEFAULT_PRINCIPAL_TAGS, ...map.tags } : map.tags;
  const tags: Record<string, string> = {};
  for (const [tag, claim] of Object.entries(names)) {
    const value = login.claims[claim];
    const text =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : undefined;
    if (text !== undefined && text.length > 0 && text.length <= MAX_VALUE) tags[tag] = text;
  }
  return tags;
}

function developerTags(claim: unknown): Record<string, string> {
  const tags = (claim as { principal_tags?: unknown } | null | undefined)?.principal_tags;
  if (typeof tags !== "object" || tags === null) return {};
  const out: Record<string, string> = {};
  for (const [key, values] of Object.entries(tags)) {
    const value = Array.isArray(values) ? values[0] : values;
    if (typeof value === "string") out[key] = value;
  }
  return out;
}
