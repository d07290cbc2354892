/**
 * A real setting for Logins tests: a user pool in an in-memory SQLite store with its own signing
 * keys, an app client and a user; tokens issued by the user pools' own code; the identity
 * service's key; the dependencies verifyLogins takes.
 */
import { generateMasterKey } from "../../runtime/master-key.js";
import { openSqliteDatabase, sqliteDriver } from "../../storage/sqlite.node.js";
import { userPoolContext } from "../../user-pool/context.js";
import { createSigningKey, signingKeyOf } from "../../user-pool/keys/signing-key.js";
import { issueTokens, type PoolSigningKeys } from "../../user-pool/tokens/issue.js";
import { createIdentityKey, identitySigner } from "../identity-key.js";
import { OPEN_ID_TOKEN_TTL_SECONDS, signOpenIdToken, type OpenIdTokenFacts } from "../openid-token.js";
import { oidcLoginVerifiers, type OidcLoginOptions } from "./oidc-login.js";
import type { LoginsDeps, LoginsPool } from "./types.js";

export const NOW = 1_750_000_000_000;
export const PUBLIC_URL = "http://127.0.0.1:9229";
export const USER_POOL = "us-east-1_LoginsP01";
export const CLIENT = "2p3kq9c0login0client0abcde";
export const OTHER_CLIENT = "7r8s9t0other0client0fghijk";
export const IDENTITY_POOL = "us-east-1:1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
export const AWS_NAME = `cognito-idp.us-east-1.amazonaws.com/${USER_POOL}`;
export const ISSUER_NAME = `127.0.0.1:9229/${USER_POOL}`;

/** An identity pool that accepts nothing; tests give it providers. */
export function identityPool(over: Partial<LoginsPool> = {}): LoginsPool {
  return {
    id: IDENTITY_POOL,
    cognitoIdentityProviders: [],
    openIdConnectProviderArns: [],
    supportedLoginProviders: {},
    developerProviderName: null,
    ...over,
  };
}

export async function loginsFixture(
  options: { oidc?: OidcLoginOptions; oidcProviders?: LoginsDeps["oidcProviders"] } = {},
) {
  let now = NOW;
  const ctx = userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    now: () => now,
  });
  const store = await ctx.store();
  const master = await ctx.masterKey();
  const issuerOf = (poolId: string) => `${PUBLIC_URL}/${poolId}`;

  const pools = new Map<string, PoolSigningKeys>();
  const addPool = async (poolId: string) => {
    await store.pools.create({ id: poolId, name: poolId, config: {} }, now);
    const signers: Partial<PoolSigningKeys> = {};
    for (const purpose of ["id", "access"] as const) {
      const key = await createSigningKey(master, poolId, now);
      await store.signingKeys.add([{ poolId, purpose, ...key }]);
      signers[purpose] = { kid: key.kid, key: await signingKeyOf(master, poolId, key) };
    }
    pools.set(poolId, signers as PoolSigningKeys);
    if (poolId !== USER_POOL) return;
    for (const id of [CLIENT, OTHER_CLIENT])
      await store.clients.create({ id, poolId, name: id, secret: null, config: {} }, now);
  };
  await addPool(USER_POOL);
  const user = await store.users.create(
    { poolId: USER_POOL, sub: crypto.randomUUID(), username: "ann", status: "CONFIRMED", attributes: {} },
    now,
  );

  /** The ID and access tokens of a sign-in of `ann` (or of `sub`) through `clientId`. */
  const signIn = async (
    over: { poolId?: string; clientId?: string; sub?: string; originJti?: string; issuer?: string } = {},
  ) => {
    const poolId = over.poolId ?? USER_POOL;
    return issueTokens(pools.get(poolId)!, {
      issuer: over.issuer ?? issuerOf(poolId),
      clientId: over.clientId ?? CLIENT,
      username: "ann",
      sub: over.sub ?? user.sub,
      attributes: { email: "ann@example.com" },
      groups: [],
      authTime: Math.floor(now / 1000),
      originJti: over.originJti ?? crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      now: Math.floor(now / 1000),
    });
  };

  const identityKey = await createIdentityKey(master, now);
  const identityToken = async (over: Partial<OpenIdTokenFacts> = {}) =>
    signOpenIdToken(await identitySigner(master, identityKey), identityKey.kid, {
      issuer: PUBLIC_URL,
      identityId: "us-east-1:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      identityPoolId: IDENTITY_POOL,
      amr: ["authenticated", "login.example", "login.example:us-east-1:1f2e:dev-user"],
      now,
      ttlSeconds: OPEN_ID_TOKEN_TTL_SECONDS,
      region: "us-east-1",
      accountId: "000000000000",
      ...over,
    });

  const clock = { now: () => now };
  const deps: LoginsDeps = {
    store: () => ctx.store(),
    userPoolIssuer: issuerOf,
    oidcProviders: options.oidcProviders ?? {},
    oidc: oidcLoginVerifiers({ now: clock.now, ...options.oidc }),
    identityIssuer: PUBLIC_URL,
    identityKeys: async () => [identityKey.publicJwk],
    now: clock.now,
  };
  return { ctx, store, user, deps, signIn, addPool, identityToken, tick: (ms: number) => (now += ms) };
}
