/**
 * What the identity-pool operations depend on: the user pools' context (the store, the master key,
 * the region, the clock and the pools' issuers, shared with the user-pool service), the roles, the
 * configured OIDC providers, and the identity service's own signing key. Domain code never reads
 * the environment.
 */
import { RoleRegistry } from "../iam/index.js";
import { ResourceNotFoundException } from "../protocol/json/index.js";
import { SqlConstraintError, type IdentityPoolRecord, type Repositories } from "../storage/index.js";
import type { UserPoolContext } from "../user-pool/context.js";
import {
  createIdentityKey,
  currentIdentityKey,
  identitySigner,
  type StoredIdentityKey,
  storedIdentityKeys,
} from "./identity-key.js";
import {
  oidcLoginVerifiers,
  type LoginsDeps,
  type OidcLoginVerifiers,
  type OidcProviderConfig,
} from "./logins/index.js";
import { NAMED } from "./messages.js";
import { openIdIssuer } from "./openid-token.js";

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
  /** The roles credentials are issued for (`policies/roles/`, or the configuration's `roles`). */
  roles: RoleRegistry;
  /** The identity service's issuer for a request: the public URL, else the request's origin. */
  issuer(requestUrl: string): string;
  /** What Logins validation needs, for a request (the pools' issuers may be the request's origin). */
  loginsDeps(requestUrl: string): LoginsDeps;
  /** The OpenID-token keys, oldest first (what the JWKS publishes). */
  identityKeys(): Promise<StoredIdentityKey[]>;
  /** The newest OpenID-token key, made on first use: its kid and its private key. */
  signingKey(): Promise<{ kid: string; key: CryptoKey }>;
}

/** What the identity service takes beyond the user pools' context. */
export interface IdentityPoolOptions {
  /** Default: no roles (GetCredentialsForIdentity answers InvalidIdentityPoolConfigurationException). */
  roles?: RoleRegistry;
  /** The IAM OIDC providers, by the provider URL their ARNs name. Default: none. */
  oidcProviders?: Readonly<Record<string, OidcProviderConfig>>;
  /** The OIDC verifiers (their key caches). Default: made here, on the global fetch. */
  oidc?: OidcLoginVerifiers;
}

/**
 * Builds the context over the user pools' one: one store, one master key, one clock.
 *
 * @example
 * ```ts
 * const identity = identityPoolContext(userPoolContext({ storage, masterKey, region }), { roles });
 * ```
 */
export function identityPoolContext(
  userPools: UserPoolContext,
  options: IdentityPoolOptions = {},
): IdentityPoolContext {
  const oidc = options.oidc ?? oidcLoginVerifiers({ now: () => userPools.now() });
  const issuer = (requestUrl: string) => openIdIssuer(userPools.publicUrl ?? new URL(requestUrl).origin);
  let signing: Promise<{ kid: string; key: CryptoKey }> | undefined;
  const ctx: IdentityPoolContext = {
    store: () => userPools.store(),
    masterKey: () => userPools.masterKey(),
    region: userPools.region,
    accountId: userPools.accountId,
    now: () => userPools.now(),
    userPools,
    roles: options.roles ?? new RoleRegistry([]),
    issuer,
    loginsDeps: (requestUrl) => ({
      store: () => userPools.store(),
      userPoolIssuer: (poolId) => userPools.issuer(poolId, requestUrl),
      oidcProviders: options.oidcProviders ?? {},
      oidc,
      identityIssuer: issuer(requestUrl),
      identityKeys: async () => (await ctx.identityKeys()).map((k) => k.publicJwk),
      now: () => userPools.now(),
    }),
    identityKeys: async () => storedIdentityKeys(await (await userPools.store()).identitySigningKeys.list()),
    signingKey: () => {
      signing ??= loadSigningKey(ctx).catch((error: unknown) => {
        signing = undefined;
        throw error;
      });
      return signing;
    },
  };
  return ctx;
}

// Two processes starting at once may each make a key: both are published, the newest signs.
async function loadSigningKey(ctx: IdentityPoolContext): Promise<{ kid: string; key: CryptoKey }> {
  const store = await ctx.store();
  const masterKey = await ctx.masterKey();
  let current = currentIdentityKey(await ctx.identityKeys());
  if (current === undefined) {
    const made = await createIdentityKey(masterKey, ctx.now());
    await store.identitySigningKeys.add({ ...made, publicJwk: { ...made.publicJwk } });
    current = currentIdentityKey(await ctx.identityKeys())!;
  }
  return { kid: current.kid, key: await identitySigner(masterKey, current) };
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

/**
 * A write that makes an identity of the pool; a pool deleted meanwhile (the write's foreign key)
 * answers ResourceNotFoundException, never a 500.
 */
export async function inPool<T>(poolId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof SqlConstraintError && error.kind === "foreign_key")
      throw new ResourceNotFoundException(NAMED.poolNotFound(poolId), { cause: error });
    throw error;
  }
}
