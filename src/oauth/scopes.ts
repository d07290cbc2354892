/**
 * OAuth scopes as Cognito grants them: the OIDC ones (`openid`, `email`, `phone`, `profile`),
 * `aws.cognito.signin.user.admin`, and a resource server's `{identifier}/{scope}`. A request
 * names some of the client's AllowedOAuthScopes (none: all of them); one outside that list is
 * refused; a custom scope whose resource server (or scope) was deleted since is dropped silently,
 * as Cognito drops it, and counts again once re-created.
 */
import type { ClientRecord, Repositories } from "../storage/index.js";

/** The scopes that need no resource server. */
export const STANDARD_SCOPES: readonly string[] = [
  "openid",
  "email",
  "phone",
  "profile",
  "aws.cognito.signin.user.admin",
];

/** The OIDC scopes that select the ID token's claims (they need `openid`). */
export const OIDC_CLAIM_SCOPES: readonly string[] = ["email", "phone", "profile"];

/** A scope value: printable ASCII without space, `"` or `\` (RFC 6749 section 3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;

/** The client's AllowedOAuthScopes. */
export function allowedScopes(client: ClientRecord): string[] {
  const scopes = client.config.AllowedOAuthScopes;
  return Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
}

/**
 * The pool's live custom scopes, `{identifier}/{scope}`, from its resource servers.
 */
export async function liveResourceScopes(store: Repositories, poolId: string): Promise<Set<string>> {
  const servers = await store.resourceServers.all(poolId);
  return new Set(
    servers.flatMap((server) => server.scopes.map((scope) => `${server.identifier}/${scope.name}`)),
  );
}

/** The outcome of a scope request: the granted scopes, or the scope that was refused. */
export type ScopeDecision = { granted: string[] } | { refused: string; reason: string };

/**
 * Decides a `scope` parameter against the client's AllowedOAuthScopes: `undefined` or blank asks
 * for all of them; a malformed value or a scope outside the list is refused; a custom scope not in
 * `live` is dropped. The granted list keeps the request's order, without repeats.
 *
 * @example
 * ```ts
 * decideScopes(client, "openid email", live); // { granted: ["openid", "email"] }
 * decideScopes(client, "admin/all", live);    // { refused: "admin/all", reason: "..." }
 * ```
 */
export function decideScopes(
  client: ClientRecord,
  requested: string | undefined,
  live: ReadonlySet<string>,
): ScopeDecision {
  const allowed = allowedScopes(client);
  const names = (requested ?? "").split(" ").filter((s) => s !== "");
  const asked = names.length === 0 ? allowed : [...new Set(names)];
  const granted: string[] = [];
  for (const scope of asked) {
    if (!SCOPE_TOKEN.test(scope)) return { refused: scope, reason: "Invalid scope requested" };
    if (!allowed.includes(scope)) return { refused: scope, reason: `Invalid scope requested: ${scope}` };
    if (STANDARD_SCOPES.includes(scope) || live.has(scope)) granted.push(scope);
  }
  return { granted };
}

/**
 * The scopes a refresh may still give: those of the original grant that the client is still
 * allowed and that still exist (a scope taken off the client, or whose resource server was
 * deleted, is not minted again for the refresh token's lifetime).
 *
 * @example
 * ```ts
 * stillGranted(client, ["openid", "orders/read"], live); // ["openid"] once orders/read is gone
 * ```
 */
export function stillGranted(
  client: ClientRecord,
  granted: readonly string[],
  live: ReadonlySet<string>,
): string[] {
  const allowed = allowedScopes(client);
  return granted.filter(
    (scope) => allowed.includes(scope) && (STANDARD_SCOPES.includes(scope) || live.has(scope)),
  );
}

const NO_RESOURCE_SCOPES: ReadonlySet<string> = new Set();

/**
 * {@link stillGranted} against the pool's live resource servers, read only when the grant holds a
 * custom scope (`{identifier}/{scope}`): what the code exchange and the refresh grant give now.
 *
 * @example
 * ```ts
 * await grantedNow(store, poolId, client, ["openid", "orders/read"]); // ["openid"] once orders/read is gone
 * ```
 */
export async function grantedNow(
  store: Repositories,
  poolId: string,
  client: ClientRecord,
  granted: readonly string[],
): Promise<string[]> {
  const live = granted.some((scope) => scope.includes("/"))
    ? await liveResourceScopes(store, poolId)
    : NO_RESOURCE_SCOPES;
  return stillGranted(client, granted, live);
}

/**
 * The user attributes the ID token carries for these scopes (Cognito's rule): `openid` alone, or
 * with `profile`, gives every attribute the client may read; `openid` with only `email` and/or
 * `phone` narrows them to those claims. `undefined` means no narrowing.
 */
export function claimFilter(scopes: readonly string[]): ((name: string) => boolean) | undefined {
  if (scopes.includes("profile")) return undefined;
  const email = scopes.includes("email");
  const phone = scopes.includes("phone");
  if (!email && !phone) return undefined;
  return (name) =>
    (email && (name === "email" || name === "email_verified")) ||
    (phone && (name === "phone_number" || name === "phone_number_verified"));
}
