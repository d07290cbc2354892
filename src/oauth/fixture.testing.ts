/**
 * Unit-test fixture of the OAuth layer: a user-pool context on in-memory SQLite with a fresh
 * master key, a pool with a domain (made through the real operations and the domain repository),
 * an OAuth app client and a user; and the `Hosted` a request under the issuer would see.
 */
import type { UserPoolContext } from "../user-pool/context.js";
import { userPoolContext } from "../user-pool/context.js";
import { userPoolOperations } from "../user-pool/service.js";
import { generateMasterKey } from "../runtime/master-key.js";
import type { Operation } from "../protocol/json/index.js";
import { openSqliteDatabase, sqliteDriver } from "../storage/sqlite.node.js";
import type { ClientRecord, UserRecord } from "../storage/index.js";
import type { Hosted } from "./hosted.js";

/** Calls an operation of the dispatch table in process (no shape check, no signature). */
export async function callOperation(
  ctx: UserPoolContext,
  name: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const op = userPoolOperations(ctx)[name] as Operation;
  const call = {
    input,
    operation: name,
    requestId: "test",
    signer: "AKIATEST",
    request: {
      headers: new Headers(),
      url: "http://127.0.0.1/",
      sourceIp: "127.0.0.1",
      receivedAt: Date.now(),
    },
  };
  const output = typeof op === "function" ? await op(call) : await op.run(call as never);
  return (output ?? {}) as Record<string, unknown>;
}

/** A user-pool context (us-east-1) on in-memory SQLite with a fresh master key; `options` adds to it. */
export function memoryContext(options: { publicUrl?: string } = {}): UserPoolContext {
  return userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    ...options,
  });
}

/** The standard OAuth client settings the tests use. */
export const OAUTH_CLIENT = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code", "implicit"],
  AllowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
  CallbackURLs: ["https://app.example/cb", "http://localhost:3000/callback?x=1"],
  SupportedIdentityProviders: ["COGNITO"],
};

/** A pool with a domain, an OAuth client (`client` overrides settings), a user, and `hosted`. */
export async function oauthFixture(client: Record<string, unknown> = {}) {
  const ctx = memoryContext({ publicUrl: "http://127.0.0.1:9229" });
  const store = await ctx.store();
  const { UserPool } = (await callOperation(ctx, "CreateUserPool", { PoolName: "oauth" })) as {
    UserPool: { Id: string };
  };
  const poolId = UserPool.Id;
  await store.domains.create({ domain: "oauth-test", poolId, kind: "prefix", config: {} }, Date.now());
  const made = async (settings: Record<string, unknown>) => {
    const { UserPoolClient } = (await callOperation(ctx, "CreateUserPoolClient", {
      UserPoolId: poolId,
      ClientName: "web",
      ...OAUTH_CLIENT,
      ...settings,
    })) as { UserPoolClient: { ClientId: string } };
    return (await store.clients.find(UserPoolClient.ClientId)) as ClientRecord;
  };
  const sub = crypto.randomUUID();
  const user = (await store.users.create(
    {
      poolId,
      sub,
      username: "alice",
      status: "CONFIRMED",
      attributes: {
        sub,
        email: "alice@example.com",
        email_verified: "true",
        name: "Alice",
        phone_number: "+15550100",
      },
    },
    Date.now(),
  )) as UserRecord;
  const pool = (await store.pools.get(poolId))!;
  const hosted: Hosted = {
    ctx,
    pool,
    issuer: `http://127.0.0.1:9229/${poolId}`,
    base: `/${poolId}`,
    https: false,
    options: {
      publicUrl: "http://127.0.0.1:9229",
      domainSuffix: "localhost",
      scheme: () => "http",
      fromTrustedProxy: () => false,
    },
  };
  return { ctx, store, poolId, client: await made(client), makeClient: made, user, hosted };
}
