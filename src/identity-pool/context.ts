/**
 * What the identity-pool operations depend on: the user pools' context (the store, the master key,
 * the region, the clock and the pools' issuers, shared with the user-pool service) and the
 * identity service's own settings. Domain code never reads the environment.
 */
import { ResourceNotFoundException } from "../protocol/json/index.js";
import type { IdentityPoolRecord, Repositories } from "../storage/index.js";
import type { UserPoolContext } from "../user-pool/context.js";
import { NAMED } from "./messages.js";

/** The identity-pool operations' dependencies. */
export interface IdentityPoolContext {
  /** The repositories; the schema is migrated before the first one is returned. */
  store(): Promise<Repositories>;
  /** The master key that seals the OpenID-token keys and the session tokens. */
  masterKey(): Promise<CryptoKey>;
  region: string;
  accountId: string;
  now(): number;
  /** The user pools' context, for their issuers and keys (Logins of a cognate user pool). */
  userPools: UserPoolContext;
}

/**
 * Builds the context over the user pools' one: one store, one master key, one clock.
 *
 * @example
 * ```ts
 * const identity = identityPoolContext(userPoolContext({ storage, masterKey, region }));
 * ```
 */
export function identityPoolContext(userPools: UserPoolContext): IdentityPoolContext {
  return {
    store: () => userPools.store(),
    masterKey: () => userPools.masterKey(),
    region: userPools.region,
    accountId: userPools.accountId,
    now: () => userPools.now(),
    userPools,
  };
}

/**
 * The identity pool, or a thrown ResourceNotFoundException in Cognito's words.
 *
 * @example
 * ```ts
 * const pool = await requireIdentityPool(ctx, input.IdentityPoolId); // "IdentityPool 'us-east-1:…' not found."
 * ```
 */
export async function requireIdentityPool(ctx: IdentityPoolContext, id: string): Promise<IdentityPoolRecord> {
  const pool = await (await ctx.store()).identityPools.get(id);
  if (pool === null) throw new ResourceNotFoundException(NAMED.poolNotFound(id));
  return pool;
}
