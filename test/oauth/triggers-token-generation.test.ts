// PreTokenGeneration at the OAuth endpoints, on the real Node entry with the trigger served over
// the HTTP mode (serveTrigger on a loopback server in this process, so each test sets its
// handler): TokenGeneration_HostedAuth on the code exchange and the implicit grant of a hosted-UI
// sign-in, TokenGeneration_RefreshTokens on the refresh_token grant,
// TokenGeneration_ClientCredentials on client_credentials (V3 only); each event field by field,
// the overrides in the tokens returned, and a failing trigger answered as an OAuth error (no 500)
// with the code not spent and no refresh token stored.
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlDriver } from "../../src/storage/index.js";
import { openSqlite } from "../../src/storage/open.node.js";
import { type LambdaHandler, serveTrigger } from "../../src/user-pool/triggers/index.js";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import { loopback } from "../triggers/serve.js";
import { arn, claimsOf, type Json } from "../user-pool/triggers-harness.js";
import { Browser } from "./browser-wire.js";
import { basic } from "./helpers.js";
import { CALLBACK, codeOf, hostedPool, type HostedPool, loginUrl, signInForm } from "./login-harness.js";
import { type CognateServer, PASSWORD, startServer, user } from "./server.js";

const SECRET = "oauth-trigger-secret-0123456789abcdef";
// RFC 7636 appendix B's pair.
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const FUNCTIONS = ["v1", "v2", "v3"] as const;

/** Each function's handler (a test sets it; the default answers the event unchanged) and the events received. */
const handlers: Record<string, LambdaHandler> = {};
const events: Array<{ name: string; event: Json }> = [];
let triggers: { url: string; close: () => Promise<void> };
let server: CognateServer;
let driver: SqlDriver;

beforeAll(async () => {
  const served = new Map(
    FUNCTIONS.map((name) => [
      name as string,
      serveTrigger(
        async (event: Json, context, callback) => {
          events.push({ name, event: structuredClone(event) });
          const handler = handlers[name];
          return handler === undefined ? event : handler(event, context, callback);
        },
        { secret: SECRET },
      ),
    ]),
  );
  triggers = await loopback((request) => {
    const name = new URL(request.url).pathname.slice(1);
    return served.get(name)?.(request) ?? new Response("no such function", { status: 404 });
  });
  server = await startServer({
    env: { COGNATE_TRUSTED_PROXIES: "127.0.0.1,::1" },
    config: {
      triggers: {
        timeoutMs: 1500,
        functions: Object.fromEntries(
          FUNCTIONS.map((n) => [n, { url: `${triggers.url}/${n}`, secret: SECRET }]),
        ),
      },
    },
  });
  driver = await openSqlite(server.dataDir);
});
afterAll(async () => {
  await server?.close();
  await driver?.close?.();
  await triggers?.close();
});

const eventsOf = (name: string) => events.filter((e) => e.name === name).map((e) => e.event);
const refreshTokens = async (poolId: string) =>
  Number(
    (
      await driver.first<{ n: number }>("SELECT COUNT(*) AS n FROM refresh_tokens WHERE pool_id = ?", [
        poolId,
      ])
    )?.n ?? 0,
  );

const config = (name: string, version: string): Partial<CreateUserPoolCommandInput> => ({
  LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn(name), LambdaVersion: version as "V2_0" } },
});

/** A V2 answer that changes both tokens, the scopes and the groups, and tries the protected claims. */
const overriding: LambdaHandler = async (event: Json) => {
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: {
      claimsToAddOrOverride: { tenant: { id: "acme" }, source: event.triggerSource, iss: "forged" },
      claimsToSuppress: ["email"],
    },
    accessTokenGeneration: {
      claimsToAddOrOverride: { roles: ["reader"], source: event.triggerSource, client_id: "forged" },
      scopesToAdd: ["extra/read"],
      scopesToSuppress: ["email"],
    },
    groupOverrideDetails: { groupsToOverride: ["gold"], iamRolesToOverride: [], preferredRole: null },
  };
  return event;
};
const throwing: LambdaHandler = async () => {
  throw new Error("no tokens today");
};

let pool: HostedPool;
beforeAll(async () => {
  pool = await hostedPool(server, config("v2", "V2_0"), {
    AllowedOAuthFlows: ["code", "implicit"],
    AllowedOAuthScopes: ["openid", "email", "aws.cognito.signin.user.admin"],
  });
  await user(server, pool.poolId, "ana", { email: "ana@example.com", email_verified: "true" });
});

/** A hosted-UI sign-in of ana through /login; the redirect to the callback. */
async function hostedSignIn(extra: Record<string, string> = {}): Promise<Response> {
  const browser = new Browser();
  const form = await signInForm(
    browser,
    loginUrl(pool.base, pool.clientId, { code_challenge: CHALLENGE, scope: "openid email", ...extra }),
  );
  const { response } = await browser.submit(server.url, form, { username: "ana", password: PASSWORD });
  return response;
}

const exchange = (code: string) =>
  fetch(`${pool.base}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "aws-sdk-js/3.700.0" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: pool.clientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    }),
  });

const refresh = (token: string) =>
  fetch(`${pool.base}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      client_id: pool.clientId,
      refresh_token: token,
    }),
  });

/** The envelope of ana's V2 events on the hosted pool (the trigger source and SDK are each test's). */
const anaV2 = () => ({ version: "2", userPoolId: pool.poolId, userName: "ana", clientId: pool.clientId });

describe("TokenGeneration_HostedAuth: the authorization code exchange", () => {
  it("runs at the token endpoint (not at the sign-in), with Cognito's event, and its overrides are in the tokens", async () => {
    handlers.v2 = overriding;
    events.length = 0;
    const code = codeOf(await hostedSignIn());
    expect(eventsOf("v2")).toHaveLength(0);
    const response = await exchange(code);
    expect(response.status).toBe(200);
    const body = await response.json();
    const [event] = eventsOf("v2");
    expectEnvelope(event, {
      ...anaV2(),
      triggerSource: "TokenGeneration_HostedAuth",
      awsSdkVersion: "aws-sdk-js-3.700.0",
    });
    expect(Object.keys(event.request)).toEqual(["userAttributes", "groupConfiguration", "scopes"]);
    expect(event.request.userAttributes).toMatchObject({
      email: "ana@example.com",
      email_verified: "true",
      "cognito:user_status": "CONFIRMED",
    });
    expect(event.request.userAttributes.sub).toBe(claimsOf(body.access_token).sub);
    expect(event.request.groupConfiguration).toEqual({
      groupsToOverride: [],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    expect(event.request.scopes).toEqual(["openid", "email"]);
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: null });

    const id = claimsOf(body.id_token);
    expect(id.tenant).toEqual({ id: "acme" });
    expect(id.source).toBe("TokenGeneration_HostedAuth");
    expect(id).not.toHaveProperty("email");
    expect(id.iss).toBe(`${server.url}/${pool.poolId}`);
    expect(id["cognito:groups"]).toEqual(["gold"]);
    const access = claimsOf(body.access_token);
    expect(access.roles).toEqual(["reader"]);
    expect(access.client_id).toBe(pool.clientId);
    expect(access.scope.split(" ").sort()).toEqual(["extra/read", "openid"]);
    expect(access["cognito:groups"]).toEqual(["gold"]);
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  for (const [kind, handler, message] of [
    ["throws", throwing, "PreTokenGeneration failed with error no tokens today."],
    ["answers garbage", (async () => "not an event") as LambdaHandler, "Unrecognizable lambda output"],
    [
      "hangs past its timeout",
      (() => new Promise(() => undefined)) as LambdaHandler,
      "PreTokenGeneration invocation failed due to error TimeoutException.",
    ],
  ] as const) {
    it(`a function that ${kind}: an OAuth error, no refresh token, and the code not spent`, async () => {
      handlers.v2 = handler;
      const code = codeOf(await hostedSignIn());
      const before = await refreshTokens(pool.poolId);
      const refused = await exchange(code);
      expect(refused.status).toBe(400);
      expect(refused.headers.get("cache-control")).toBe("no-store");
      expect(await refused.json()).toEqual({ error: "invalid_request", error_description: message });
      expect(await refreshTokens(pool.poolId)).toBe(before);
      // The trigger ran before the code was spent: once it answers, the same code is exchanged.
      handlers.v2 = overriding;
      const retried = await exchange(code);
      expect(retried.status).toBe(200);
      expect(claimsOf((await retried.json()).access_token).source).toBe("TokenGeneration_HostedAuth");
      expect(await refreshTokens(pool.poolId)).toBe(before + 1);
    });
  }
});

describe("TokenGeneration_HostedAuth: the implicit grant", () => {
  it("runs before the redirect, and its overrides are in the fragment's tokens", async () => {
    handlers.v2 = overriding;
    events.length = 0;
    const response = await hostedSignIn({ response_type: "token" });
    expect([302, 303]).toContain(response.status);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    const fragment = new URLSearchParams(location.hash.slice(1));
    const [event] = eventsOf("v2");
    expectEnvelope(event, {
      ...anaV2(),
      triggerSource: "TokenGeneration_HostedAuth",
      awsSdkVersion: "aws-sdk-unknown-unknown",
    });
    expect(event.request.scopes).toEqual(["openid", "email"]);
    expect(claimsOf(fragment.get("access_token")!).source).toBe("TokenGeneration_HostedAuth");
    expect(claimsOf(fragment.get("access_token")!).scope.split(" ").sort()).toEqual(["extra/read", "openid"]);
    expect(claimsOf(fragment.get("id_token")!).tenant).toEqual({ id: "acme" });
    expect(fragment.get("state")).toBe("st-123");
  });

  it("a failing function: access_denied with its message to the callback, and no token", async () => {
    handlers.v2 = throwing;
    const response = await hostedSignIn({ response_type: "token" });
    expect([302, 303]).toContain(response.status);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    const answer = new URLSearchParams(location.hash.slice(1) || location.search.slice(1));
    expect(answer.get("error")).toBe("access_denied");
    expect(answer.get("error_description")).toBe("PreTokenGeneration failed with error no tokens today.");
    expect(answer.get("state")).toBe("st-123");
    expect(location.href).not.toMatch(/access_token|id_token/);
  });
});

describe("TokenGeneration_RefreshTokens: the refresh_token grant", () => {
  it("runs on each refresh with the grant's scopes; a failure is an OAuth error and the token still works", async () => {
    handlers.v2 = overriding;
    const code = codeOf(await hostedSignIn());
    const { refresh_token: token } = await (await exchange(code)).json();
    events.length = 0;
    const refreshed = await refresh(token);
    expect(refreshed.status).toBe(200);
    const body = await refreshed.json();
    const [event] = eventsOf("v2");
    expectEnvelope(event, {
      ...anaV2(),
      triggerSource: "TokenGeneration_RefreshTokens",
      awsSdkVersion: "aws-sdk-unknown-unknown",
    });
    expect(Object.keys(event.request)).toEqual(["userAttributes", "groupConfiguration", "scopes"]);
    expect(event.request.scopes).toEqual(["openid", "email"]);
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(claimsOf(body.access_token).source).toBe("TokenGeneration_RefreshTokens");
    expect(claimsOf(body.id_token).source).toBe("TokenGeneration_RefreshTokens");
    expect(claimsOf(body.access_token).scope.split(" ").sort()).toEqual(["extra/read", "openid"]);

    handlers.v2 = throwing;
    const refused = await refresh(token);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: "invalid_request",
      error_description: "PreTokenGeneration failed with error no tokens today.",
    });
    handlers.v2 = overriding;
    expect((await refresh(token)).status).toBe(200);
  });
});

describe("TokenGeneration_ClientCredentials: the client_credentials grant", () => {
  async function m2mPool(version: string, name: string) {
    const { poolId, base } = await hostedPool(server, config(name, version));
    await server.sdk.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: "orders",
        Name: "orders",
        Scopes: [
          { ScopeName: "read", ScopeDescription: "read" },
          { ScopeName: "write", ScopeDescription: "write" },
        ],
      }),
    );
    const { UserPoolClient } = await server.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "m2m",
        GenerateSecret: true,
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ["orders/read", "orders/write"],
      }),
    );
    const client = { id: UserPoolClient!.ClientId!, secret: UserPoolClient!.ClientSecret! };
    const token = (form: Record<string, string> = {}) =>
      fetch(`${base}/oauth2/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: basic(client.id, client.secret),
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: "orders/read", ...form }),
      });
    return { poolId, client, token };
  }

  it("V3: the event field by field (aws_client_metadata as clientMetadata), the overrides in the token", async () => {
    handlers.v3 = async (event: Json) => {
      event.response.claimsAndScopeOverrideDetails = {
        accessTokenGeneration: {
          claimsToAddOrOverride: { tenant: "acme", sub: "forged" },
          scopesToAdd: ["orders/write"],
        },
      };
      return event;
    };
    const { poolId, client, token } = await m2mPool("V3_0", "v3");
    events.length = 0;
    const response = await token({ aws_client_metadata: JSON.stringify({ caller: "batch" }) });
    expect(response.status).toBe(200);
    const body = await response.json();
    const [event] = eventsOf("v3");
    expectEnvelope(event, {
      triggerSource: "TokenGeneration_ClientCredentials",
      version: "3",
      userPoolId: poolId,
      userName: client.id,
      clientId: client.id,
      awsSdkVersion: "aws-sdk-unknown-unknown",
    });
    expect(event.request).toEqual({
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: ["orders/read"],
      clientMetadata: { caller: "batch" },
    });
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: null });
    const access = claimsOf(body.access_token);
    expect(access.tenant).toBe("acme");
    expect(access.sub).toBe(client.id);
    expect(access.scope.split(" ").sort()).toEqual(["orders/read", "orders/write"]);
    expect(body).not.toHaveProperty("refresh_token");

    handlers.v3 = throwing;
    const refused = await token();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: "invalid_request",
      error_description: "PreTokenGeneration failed with error no tokens today.",
    });
  });

  for (const [version, name] of [
    ["V2_0", "v2"],
    ["V1_0", "v1"],
  ] as const) {
    it(`${version}: the trigger is not invoked for client credentials`, async () => {
      handlers[name] = throwing;
      const { token } = await m2mPool(version, name);
      events.length = 0;
      const response = await token();
      expect(response.status).toBe(200);
      expect(claimsOf((await response.json()).access_token).scope).toBe("orders/read");
      expect(eventsOf(name)).toHaveLength(0);
      delete handlers[name];
    });
  }
});
