/**
 * The user pool in process inside workerd, as the Workers suites set it up: a context on the D1
 * binding with a fresh master key, its operations called as the JSON protocol calls them (no
 * signature, no shape check), and the hosted UI mounted on a Hono app under {@link ORIGIN}.
 *
 * @example
 * ```ts
 * const ctx = d1Context();
 * const call = operationCaller(userPoolOperations(ctx));
 * const { UserPool } = await call("CreateUserPool", { PoolName: "edge" });
 * const app = hostedUiApp(ctx);
 * ```
 */
import { env } from "cloudflare:test";
import { Hono } from "hono";
import type { OutboundMessage } from "../../src/delivery/message.js";
import type { HostedUiOptions } from "../../src/oauth/hosted.js";
import { mountHostedUi } from "../../src/oauth/index.js";
import type { OperationDefinition } from "../../src/protocol/json/index.js";
import { d1Driver } from "../../src/storage/d1.js";
import {
  type UserPoolContext,
  type UserPoolContextOptions,
  userPoolContext,
} from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { userPoolOperations } from "../../src/user-pool/service.js";

/** The public origin of the suites' hosted UI. */
export const ORIGIN = "https://cognate.test";

/** The callback URL of the suites' code-flow clients. */
export const CALLBACK = "https://app.example.com/callback";

/** The hosted UI's options: https at {@link ORIGIN}, prefix domains under `localhost`, no trusted proxy. */
export const HOSTED_OPTIONS: HostedUiOptions = {
  publicUrl: ORIGIN,
  domainSuffix: "localhost",
  scheme: () => "https",
  fromTrustedProxy: () => false,
};

/** A user-pool context (us-east-1) on D1 with a fresh master key; `options` adds to it. */
export function d1Context(options: Partial<UserPoolContextOptions> = {}): UserPoolContext {
  return userPoolContext({
    storage: d1Driver(env.DB),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    ...options,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers of many shapes
export type Answer = Record<string, any>;

/** Calls `ops[name]` with `input` as the JSON protocol does (unsigned, from {@link ORIGIN}). */
export function operationCaller(ops: Record<string, unknown>) {
  return async (name: string, input: Record<string, unknown>): Promise<Answer> =>
    (await (ops[name] as OperationDefinition).run({
      input,
      operation: name,
      requestId: "r",
      signer: undefined,
      request: { headers: new Headers(), url: `${ORIGIN}/`, sourceIp: undefined, receivedAt: Date.now() },
    })) as Answer;
}

/** A Hono app with the hosted UI of `ctx` mounted ({@link HOSTED_OPTIONS}). */
export function hostedUiApp(ctx: UserPoolContext): Hono {
  const app = new Hono();
  mountHostedUi(app, ctx, HOSTED_OPTIONS);
  return app;
}

/** Every operation of a pool context on D1, and the messages it sends (kept in `sent`, not delivered). */
export function d1UserPool() {
  const sent: OutboundMessage[] = [];
  const ctx = d1Context({ sender: { send: async (m) => void sent.push(m) } });
  return { ctx, sent, call: operationCaller(userPoolOperations(ctx)) };
}

/**
 * The OAuth settings of {@link codeFlowPool}'s client, supporting `providers`. UpdateUserPoolClient
 * resets what it is not given, so an update that adds providers repeats them all.
 */
export const codeFlowClient = (providers: string[]) => ({
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code"],
  AllowedOAuthScopes: ["openid", "email"],
  CallbackURLs: [CALLBACK],
  SupportedIdentityProviders: providers,
});

/**
 * A pool (`pool` for CreateUserPool) with a prefix domain (`edge-...`) and a code-flow client of it
 * (`openid email`, the Cognito provider, {@link CALLBACK}; `client` adds to it).
 */
export async function codeFlowPool(
  call: ReturnType<typeof operationCaller>,
  pool: Record<string, unknown>,
  client: Record<string, unknown> = {},
): Promise<{ poolId: string; clientId: string }> {
  const { UserPool } = await call("CreateUserPool", pool);
  const poolId = UserPool.Id as string;
  await call("CreateUserPoolDomain", {
    UserPoolId: poolId,
    Domain: `edge-${crypto.randomUUID().slice(0, 8)}`,
  });
  const { UserPoolClient } = await call("CreateUserPoolClient", {
    UserPoolId: poolId,
    ClientName: "web",
    ...codeFlowClient(["COGNITO"]),
    ...client,
  });
  return { poolId, clientId: UserPoolClient.ClientId as string };
}

/** The query of a code-flow authorization request to {@link CALLBACK} (state `edge`, a fixed S256 challenge); `extra` adds to it. */
export const codeFlowQuery = (clientId: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: CALLBACK,
    scope: "openid email",
    state: "edge",
    ...extra,
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  }).toString();
