/**
 * A native user may not take the name a provider's federated users get: `{ProviderName}_…`.
 * Otherwise anyone with a public client could SignUp `Google_<victim's sub>` and lock that Google
 * identity out of the pool for good (its first sign-in finds the name taken). [?] Whether Cognito
 * refuses such names is not documented; cognate refuses them in SignUp and AdminCreateUser while
 * the pool has a provider of that name, compared as the pool compares usernames.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { nameKey } from "../srp-name.js";

/**
 * Throws when `username` (the internal one) begins with `{ProviderName}_` of one of the pool's
 * identity providers.
 *
 * @throws {InvalidParameterException} naming the provider
 */
export async function refuseProviderPrefix(
  ctx: UserPoolContext,
  pool: PoolRecord,
  username: string,
): Promise<void> {
  const key = nameKey(pool, username);
  if (!key.includes("_")) return;
  for (const name of await (await ctx.store()).identityProviders.names(pool.id))
    if (key.startsWith(nameKey(pool, `${name}_`)))
      throw new InvalidParameterException(
        `Username cannot begin with ${name}_, the prefix of identity provider ${name}'s users.`,
      ); // [?] words
}
