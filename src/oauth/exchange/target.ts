/**
 * What an exchanged token may be for and carry: one resource server of the pool (the request's
 * `audience` or `resource`, its identifier exactly), and scopes that are at once the subject
 * token's, that server's, and the exchanging client's AllowedOAuthScopes. Never wider than the
 * subject token: a scope it lacks is refused, not dropped, and no standard scope (`openid`,
 * `aws.cognito.signin.user.admin`, ...) is ever granted, so the new token opens neither userInfo
 * nor the user-pool API.
 */
import type { ClientRecord, ResourceServerRecord } from "../../storage/index.js";
import { allowedScopes } from "../scopes.js";

/** A scope value: printable ASCII without space, `"` or `\` (RFC 6749 section 3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;

/** The outcome of a scope request: the scopes granted, or why not (`invalid_scope`). */
export type ExchangeScopes = { granted: string[] } | { refused: string };

/** `{identifier}/{name}` of each of the server's scopes. */
export function serverScopes(server: Pick<ResourceServerRecord, "identifier" | "scopes">): string[] {
  return server.scopes.map((scope) => `${server.identifier}/${scope.name}`);
}

/**
 * Decides the scopes of an exchanged token for `server`:
 *
 * - `requested` absent: every scope of the subject token that is the server's and that the
 *   client is allowed, in the subject token's order; none: refused;
 * - `requested` given: each one must be in the subject token, be one of the server's, and be
 *   allowed to the client, else the request is refused naming it.
 *
 * @example
 * ```ts
 * exchangeScopes("orders/read stock/read", ordersServer, client, undefined); // { granted: ["orders/read"] }
 * exchangeScopes("orders/read", ordersServer, client, ["orders/write"]);    // { refused: "The subject token does not carry orders/write" }
 * ```
 */
export function exchangeScopes(
  subjectScope: unknown,
  server: Pick<ResourceServerRecord, "identifier" | "scopes">,
  client: ClientRecord,
  requested: readonly string[] | undefined,
): ExchangeScopes {
  const held = typeof subjectScope === "string" ? subjectScope.split(" ").filter((s) => s !== "") : [];
  const own = new Set(serverScopes(server));
  const allowed = new Set(allowedScopes(client));
  if (requested === undefined) {
    const granted = [...new Set(held)].filter((scope) => own.has(scope) && allowed.has(scope));
    return granted.length > 0
      ? { granted }
      : { refused: `The subject token carries no scope of ${server.identifier} that the client is allowed` };
  }
  for (const scope of requested) {
    if (!SCOPE_TOKEN.test(scope)) return { refused: "Invalid scope requested" };
    if (!held.includes(scope)) return { refused: `The subject token does not carry ${scope}` };
    if (!own.has(scope)) return { refused: `${scope} is not a scope of ${server.identifier}` };
    if (!allowed.has(scope)) return { refused: `The client is not allowed ${scope}` };
  }
  return { granted: [...requested] };
}
