// The authorization-code flow's server side inside workerd (D1, WebCrypto): the hosted UI's
// endpoints mounted on a Hono app, /oauth2/authorize answered, a code minted by the grant path,
// exchanged at /oauth2/token with PKCE, refreshed, and a replay refused.
import { Hono } from "hono";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { authorizationRequest } from "../../src/oauth/authorize-request.js";
import { grantAuthorization } from "../../src/oauth/grant.js";
import type { Hosted } from "../../src/oauth/hosted.js";
import { createUserPoolClient } from "../../src/user-pool/actions/clients/create-user-pool-client.js";
import { createUserPool } from "../../src/user-pool/actions/pools/create-user-pool.js";
import { bytesToBase64Url } from "../../src/util/encoding.js";
import { HOSTED_OPTIONS, ORIGIN, d1Context, hostedUiApp, operationCaller } from "./in-process.js";

describe("the code flow inside workerd (D1, WebCrypto)", () => {
  it("authorize, a minted code exchanged with PKCE, a refresh, and a replay refused", async () => {
    const ctx = d1Context({ publicUrl: ORIGIN });
    const ops: Record<string, unknown> = {
      CreateUserPool: createUserPool(ctx),
      CreateUserPoolClient: createUserPoolClient(ctx),
    };
    const call = operationCaller(ops);
    const poolId = (await call("CreateUserPool", { PoolName: "edge-oauth" })).UserPool.Id as string;
    const clientId = (
      await call("CreateUserPoolClient", {
        UserPoolId: poolId,
        ClientName: "spa",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        CallbackURLs: ["https://app.example/cb"],
        SupportedIdentityProviders: ["COGNITO"],
      })
    ).UserPoolClient.ClientId as string;
    const store = await ctx.store();
    await store.domains.create({ domain: "edge-oauth", poolId, kind: "prefix", config: {} }, Date.now());
    const sub = crypto.randomUUID();
    await store.users.create(
      { poolId, sub, username: "edge", status: "CONFIRMED", attributes: { sub, email: "e@example.com" } },
      Date.now(),
    );

    const app = hostedUiApp(ctx);

    const verifier = bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = bytesToBase64Url(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))),
    );
    const query = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "https://app.example/cb",
      scope: "openid email",
      code_challenge: challenge,
      code_challenge_method: "S256",
      nonce: "edge-nonce",
      state: "edge-state",
    });
    const authorize = await app.request(`${ORIGIN}/${poolId}/oauth2/authorize?${query}`);
    expect(authorize.status).toBe(302);
    expect(authorize.headers.get("location")!.startsWith(`/${poolId}/login?`)).toBe(true);

    const hosted: Hosted = {
      ctx,
      pool: (await store.pools.get(poolId))!,
      issuer: `${ORIGIN}/${poolId}`,
      base: `/${poolId}`,
      https: true,
      options: HOSTED_OPTIONS,
    };
    const request = await authorizationRequest(hosted, query);
    if (request instanceof Response) throw new Error("refused");
    const minter = new Hono();
    minter.get("/", (c) =>
      grantAuthorization(c, hosted, request, { sub, username: "edge", authTime: Date.now(), amr: ["pwd"] }),
    );
    const callback = new URL((await minter.request("/")).headers.get("location")!);
    expect(callback.searchParams.get("state")).toBe("edge-state");
    const code = callback.searchParams.get("code")!;

    const token = (form: Record<string, string>) =>
      app.request(`${ORIGIN}/${poolId}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
    const exchange = {
      grant_type: "authorization_code",
      client_id: clientId,
      code,
      redirect_uri: "https://app.example/cb",
      code_verifier: verifier,
    };
    const response = await token(exchange);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(decodeJwt(body.id_token!)).toMatchObject({ nonce: "edge-nonce", sub, iss: `${ORIGIN}/${poolId}` });
    expect(decodeJwt(body.access_token!)).toMatchObject({ scope: "openid email", version: 2 });

    const refreshed = await token({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: body.refresh_token!,
    });
    expect(refreshed.status).toBe(200);

    const replay = await token(exchange);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    const revoked = await token({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: body.refresh_token!,
    });
    expect(await revoked.json()).toMatchObject({
      error: "invalid_grant",
      error_description: "Refresh token has been revoked",
    });
  });
});
