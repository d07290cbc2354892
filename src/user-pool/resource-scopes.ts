/**
 * The custom scopes a pool's resource servers define, `{identifier}/{scope}`: what an app client
 * may be allowed (client-oauth.ts), and what the authorization server keeps when it issues an access
 * token, so that a scope deleted after the client was allowed it is dropped silently.
 */
import type { UserPoolContext } from "./context.js";

/**
 * Every `{identifier}/{scope}` of the pool's resource servers.
 *
 * @example
 * ```ts
 * const known = await existingScopes(ctx, poolId); // Set { "https://api.example.com/read", ... }
 * const granted = requested.filter((s) => STANDARD_SCOPES.has(s) || known.has(s));
 * ```
 */
export async function existingScopes(ctx: UserPoolContext, poolId: string): Promise<Set<string>> {
  const servers = await (await ctx.store()).resourceServers.all(poolId);
  return new Set(
    servers.flatMap((server) => server.scopes.map((scope) => `${server.identifier}/${scope.name}`)),
  );
}

/** The standard OAuth scopes Cognito knows without a resource server. */
export const STANDARD_SCOPES: ReadonlySet<string> = new Set([
  "openid",
  "email",
  "phone",
  "profile",
  "aws.cognito.signin.user.admin",
]);
