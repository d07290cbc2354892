// The resource endpoints inside workerd (D1, WebCrypto): client_credentials at /oauth2/token,
// /oauth2/userInfo answering a code exchange's access token (and refusing the machine's),
// /oauth2/revoke ending the refresh token's family and the access token with it.
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { authorizationCodeHash, newAuthorizationCode } from "../../src/oauth/code-hash.js";
import type { HostedUiOptions } from "../../src/oauth/hosted.js";
import { mountHostedUi } from "../../src/oauth/index.js";
import type { OperationDefinition } from "../../src/protocol/json/index.js";
import { d1Driver } from "../../src/storage/d1.js";
import { createUserPoolClient } from "../../src/user-pool/actions/clients/create-user-pool-client.js";
import { createUserPool } from "../../src/user-pool/actions/pools/create-user-pool.js";
import { createResourceServer } from "../../src/user-pool/actions/resource-servers/create-resource-server.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/user-pool/keys/master-key.js";

const ORIGIN = "https://cognate.test";
const REDIRECT = "https://app.example/cb";

describe("userInfo, revoke and client_credentials inside workerd (D1, WebCrypto)", () => {
  it("a machine token, a user's userInfo, and a revocation that ends both refresh and access", async () => {
    const ctx = userPoolContext({
      storage: d1Driver(env.DB),
      masterKey: generateMasterKey(),
      region: "us-east-1",
      publicUrl: ORIGIN,
    });
    const ops: Record<string, unknown> = {
      CreateUserPool: createUserPool(ctx),
      CreateUserPoolClient: createUserPoolClient(ctx),
      CreateResourceServer: createResourceServer(ctx),
    };
    const call = async (name: string, input: Record<string, unknown>) =>
      (await (ops[name] as OperationDefinition).run({
        input,
        operation: name,
        requestId: "r",
        signer: undefined,
        request: { headers: new Headers(), url: `${ORIGIN}/`, sourceIp: undefined, receivedAt: Date.now() },
        // biome-ignore lint/suspicious/noExplicitAny: the test reads answers of many shapes
      })) as Record<string, any>;
    const poolId = (await call("CreateUserPool", { PoolName: "edge-resources" })).UserPool.Id as string;
    await call("CreateResourceServer", {
      UserPoolId: poolId,
      Identifier: "orders",
      Name: "orders",
      Scopes: [{ ScopeName: "read", ScopeDescription: "read" }],
    });
    const machine = (
      await call("CreateUserPoolClient", {
        UserPoolId: poolId,
        ClientName: "machine",
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthScopes: ["orders/read"],
      })
    ).UserPoolClient;
    const web = (
      await call("CreateUserPoolClient", {
        UserPoolId: poolId,
        ClientName: "web",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ["COGNITO"],
      })
    ).UserPoolClient;
    const store = await ctx.store();
    await store.domains.create({ domain: "edge-resources", poolId, kind: "prefix", config: {} }, Date.now());
    const sub = crypto.randomUUID();
    await store.users.create(
      {
        poolId,
        sub,
        username: "edge",
        status: "CONFIRMED",
        attributes: { sub, email: "e@example.com", email_verified: "true", name: "Edge" },
      },
      Date.now(),
    );
    const options: HostedUiOptions = {
      publicUrl: ORIGIN,
      domainSuffix: "localhost",
      scheme: () => "https",
      fromTrustedProxy: () => false,
    };
    const app = new Hono();
    mountHostedUi(app, ctx, options);
    const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request(`${ORIGIN}/${poolId}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(form).toString(),
      });
    const userInfo = (token: string) =>
      app.request(`${ORIGIN}/${poolId}/oauth2/userInfo`, { headers: { authorization: `Bearer ${token}` } });

    // client_credentials, with Basic.
    const basic = `Basic ${btoa(`${machine.ClientId}:${machine.ClientSecret}`)}`;
    const machineToken = await post(
      "/oauth2/token",
      { grant_type: "client_credentials" },
      { authorization: basic },
    );
    expect(machineToken.status).toBe(200);
    const { access_token: machineAccess } = (await machineToken.json()) as Record<string, string>;
    expect(decodeJwt(machineAccess!)).toMatchObject({
      sub: machine.ClientId,
      scope: "orders/read",
      version: 2,
    });
    expect((await userInfo(machineAccess!)).status).toBe(401);

    // A code as the sign-in page stores it, exchanged by the public client.
    const code = newAuthorizationCode();
    const now = Date.now();
    await store.oauthCodes.issue(
      {
        codeHash: await authorizationCodeHash(await ctx.masterKey(), poolId, code),
        poolId,
        clientId: web.ClientId,
        sub,
        grant: {
          redirectUri: REDIRECT,
          scopes: ["openid", "email"],
          username: "edge",
          authTime: now,
          amr: ["pwd"],
        },
        familyId: crypto.randomUUID(),
        expiresAt: now + 300_000,
      },
      now,
    );
    // (The PKCE policy is applied at /oauth2/authorize; a code minted without a challenge needs no verifier.)
    const exchanged = await post("/oauth2/token", {
      grant_type: "authorization_code",
      client_id: web.ClientId,
      code,
      redirect_uri: REDIRECT,
    });
    expect(exchanged.status).toBe(200);
    const tokens = (await exchanged.json()) as Record<string, string>;
    const info = await userInfo(tokens.access_token!);
    expect(info.status).toBe(200);
    expect(info.headers.get("access-control-allow-origin")).toBe("*");
    expect(await info.json()).toEqual({
      sub,
      email: "e@example.com",
      email_verified: "true",
      username: "edge",
    });

    // Revocation ends the family: the refresh token and the access token issued from it.
    const revoked = await post("/oauth2/revoke", { token: tokens.refresh_token!, client_id: web.ClientId });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toBe("");
    expect((await userInfo(tokens.access_token!)).status).toBe(401);
    const refresh = await post("/oauth2/token", {
      grant_type: "refresh_token",
      client_id: web.ClientId,
      refresh_token: tokens.refresh_token!,
    });
    expect(refresh.status).toBe(400);
    const again = await post("/oauth2/revoke", { token: tokens.refresh_token!, client_id: web.ClientId });
    expect(again.status).toBe(200);
  });
});
