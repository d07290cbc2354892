/**
 * `GET|POST /oauth2/userInfo`: the OpenID Connect UserInfo endpoint. It answers an OAuth access
 * token (one the token endpoint issued with the `openid` scope) with the user's attributes its
 * scopes allow; the user-pool API's access tokens (scope `aws.cognito.signin.user.admin` only)
 * are refused, as Cognito refuses them.
 */
import { accessTokenUser } from "../../user-pool/access-token.js";
import { readable } from "../../user-pool/client-attributes.js";
import { identitiesClaim, isClaimableAttribute } from "../../user-pool/tokens/claims.js";
import { bearerChallenge, bearerToken } from "../bearer.js";
import { preflight, withCors } from "../cors.js";
import type { Endpoint } from "../hosted.js";

/** Cognito's words for every refused token: expired, revoked, another pool's, a disabled user's. */
export const INVALID_TOKEN =
  "Access token is expired, disabled, or deleted, or the user has globally signed out.";
/** Cognito's words for a request that carries no usable bearer token. */
export const BAD_REQUEST = "Bad OAuth2 request at UserInfo Endpoint";

/** OIDC Core section 5.4: the claims of the `profile` scope (Cognito adds the custom attributes). */
const PROFILE = new Set([
  "name",
  "family_name",
  "given_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "updated_at",
  "address",
]);
const BY_SCOPE: Readonly<Record<string, (name: string) => boolean>> = {
  email: (name) => name === "email" || name === "email_verified",
  phone: (name) => name === "phone_number" || name === "phone_number_verified",
  profile: (name) => PROFILE.has(name) || name.startsWith("custom:"),
};

/**
 * The attributes a token's scopes release. `openid` alone releases every attribute the client may
 * read (Cognito's userInfo documentation); with `email`, `phone` or `profile`, only theirs.
 * Values stay the strings they are stored as: `email_verified` is `"true"`, as Cognito sends it.
 */
export function userInfoClaims(
  attributes: Readonly<Record<string, string>>,
  scopes: readonly string[],
): Record<string, string> {
  const filters = scopes.flatMap((scope) => BY_SCOPE[scope] ?? []);
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "sub" || !isClaimableAttribute(name)) continue;
    if (filters.length === 0 || filters.some((released) => released(name))) claims[name] = value;
  }
  return claims;
}

/**
 * A federated or linked user's `identities` as userInfo answers it: the stored attribute, a JSON
 * string (`primary` a boolean, `dateCreated` a number), as Cognito's userInfo shows it [obs]; only a
 * well-formed list (the one the ID token's claim is made from), else nothing.
 *
 * [?] Released for every `openid` token whatever its other scopes, as the ID token carries it
 * (Cognito's userInfo was seen with it for `openid profile email`; narrower scopes unobserved).
 */
export function userInfoIdentities(attributes: Readonly<Record<string, string>>): { identities?: string } {
  const stored = attributes.identities;
  return identitiesClaim(stored) === undefined ? {} : { identities: stored! };
}

/** The endpoint. */
export const userInfo: Endpoint = async (c, hosted) => {
  if (c.req.method === "OPTIONS") return preflight();
  const token = bearerToken(c.req.raw);
  if (token === undefined) return withCors(bearerChallenge(401));
  if (token === "malformed") return withCors(bearerChallenge(400, "invalid_request", BAD_REQUEST));
  let verified: Awaited<ReturnType<typeof accessTokenUser>>;
  try {
    verified = await accessTokenUser(hosted.ctx, token, { scope: "openid", poolId: hosted.pool.id });
  } catch {
    // NotAuthorizedException or UserNotFoundException: one answer, whatever the cause, so that a
    // token tells nothing of the user behind it (Cognito's single description says as much).
    return withCors(bearerChallenge(401, "invalid_token", INVALID_TOKEN));
  }
  const { user, claims } = verified;
  const store = await hosted.ctx.store();
  const client = await store.clients.get(hosted.pool.id, String(claims.client_id));
  const scopes = String(claims.scope).split(" ");
  return withCors(
    c.json({
      sub: user.sub,
      ...userInfoIdentities(user.attributes),
      ...userInfoClaims(readable(client, user.attributes), scopes),
      username: user.username,
    }),
  );
};
