// The resource endpoints inside workerd (D1, WebCrypto): client_credentials at /oauth2/token,
// /oauth2/userInfo answering a code exchange's access token (and refusing the machine's),
// /oauth2/revoke ending the refresh token's family and the access token with it.
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { authorizationCodeHash, newAuthorizationCode } from "../../src/oauth/code-hash.js";
import { createUserPoolClient } from "../../src/user-pool/actions/clients/create-user-pool-client.js";
import { createUserPool } from "../../src/user-pool/actions/pools/create-user-pool.js";
import { createResourceServer } from "../../src/user-pool/actions/resource-servers/create-resource-server.js";
import { ORIGIN, d1Context, hostedUiApp, operationCaller } from "./in-process.js";

const REDIRECT = "https://app.example/cb";

describe("userInfo, revoke and client_credentials inside workerd (D1, WebCrypto)", () => {
  it("a machine token, a user's userInfo, and a revocation that ends both refresh and access", async () => {
    const ctx = d1Context({ publicUrl: ORIGIN });
    const ops: Record<string, unknown> = {
      CreateUserPool: createUserPool(ctx),
      CreateUserPoolClient: createUserPoolClient(ctx),
      CreateResourceServer: createResourceServer(ctx),
    };
    const call = operationCaller(ops);
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
    const app = hostedUiApp(ctx);
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
