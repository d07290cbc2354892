// RFC 8693 token exchange inside workerd (D1, WebCrypto): a code exchanged by the web client
// gives the subject token; the backend trades it, with its own client-credentials token as the
// actor, for a narrower token of the orders API, as the configuration's policy allows; a client
// the policy does not name is refused.
import { Hono } from "hono";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { authorizationCodeHash, newAuthorizationCode } from "../../src/oauth/code-hash.js";
import { mountHostedUi } from "../../src/oauth/index.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { verifiedAccessToken } from "../../src/user-pool/access-token.js";
import { createUserPoolClient } from "../../src/user-pool/actions/clients/create-user-pool-client.js";
import { createUserPool } from "../../src/user-pool/actions/pools/create-user-pool.js";
import { createResourceServer } from "../../src/user-pool/actions/resource-servers/create-resource-server.js";
import { HOSTED_OPTIONS, ORIGIN, d1Context, operationCaller } from "./in-process.js";

const REDIRECT = "https://app.example/cb";
const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

const POLICY = parsePolicy(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "cognito-idp:TokenExchange",
        Resource: "arn:aws:cognito-idp:*:*:userpool/*/resource-server/orders",
        Condition: { StringEquals: { "cognito-idp:ClientName": "backend" } },
      },
    ],
  },
  "exchange.json",
);

describe("token exchange inside workerd (D1, WebCrypto)", () => {
  it("a delegated, narrower token for the orders API; another client refused", async () => {
    const ctx = d1Context({ publicUrl: ORIGIN });
    const call = operationCaller({
      CreateUserPool: createUserPool(ctx),
      CreateUserPoolClient: createUserPoolClient(ctx),
      CreateResourceServer: createResourceServer(ctx),
    });
    const poolId = (await call("CreateUserPool", { PoolName: "edge-exchange" })).UserPool.Id as string;
    await call("CreateResourceServer", {
      UserPoolId: poolId,
      Identifier: "orders",
      Name: "orders",
      Scopes: ["read", "write"].map((ScopeName) => ({ ScopeName, ScopeDescription: ScopeName })),
    });
    const machine = (name: string) =>
      call("CreateUserPoolClient", {
        UserPoolId: poolId,
        ClientName: name,
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthScopes: ["orders/read", "orders/write"],
      });
    const backend = (await machine("backend")).UserPoolClient;
    const other = (await machine("other")).UserPoolClient;
    const web = (
      await call("CreateUserPoolClient", {
        UserPoolId: poolId,
        ClientName: "web",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["orders/read", "orders/write"],
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ["COGNITO"],
      })
    ).UserPoolClient;
    const store = await ctx.store();
    await store.domains.create({ domain: "edge-exchange", poolId, kind: "prefix", config: {} }, Date.now());
    const sub = crypto.randomUUID();
    await store.users.create(
      { poolId, sub, username: "edge", status: "CONFIRMED", attributes: { sub, email: "e@example.com" } },
      Date.now(),
    );
    const app = new Hono();
    mountHostedUi(app, ctx, { ...HOSTED_OPTIONS, tokenExchange: [POLICY] });
    const token = (form: Record<string, string>, client?: { ClientId: string; ClientSecret: string }) =>
      app.request(`${ORIGIN}/${poolId}/oauth2/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(client === undefined
            ? {}
            : { authorization: `Basic ${btoa(`${client.ClientId}:${client.ClientSecret}`)}` }),
        },
        body: new URLSearchParams(form).toString(),
      });

    // The subject token: a code of the web client, exchanged.
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
          scopes: ["orders/read", "orders/write"],
          username: "edge",
          authTime: now,
          amr: ["pwd"],
        },
        familyId: crypto.randomUUID(),
        expiresAt: now + 300_000,
      },
      now,
    );
    const signedIn = await token({
      grant_type: "authorization_code",
      client_id: web.ClientId,
      code,
      redirect_uri: REDIRECT,
    });
    expect(signedIn.status).toBe(200);
    const subject = ((await signedIn.json()) as Record<string, string>).access_token!;
    const actorAnswer = await token({ grant_type: "client_credentials", scope: "orders/read" }, backend);
    const actor = ((await actorAnswer.json()) as Record<string, string>).access_token!;

    const exchange = {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: subject,
      subject_token_type: ACCESS_TOKEN,
      actor_token: actor,
      actor_token_type: ACCESS_TOKEN,
      audience: "orders",
      scope: "orders/read",
    };
    const answer = await token(exchange, backend);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, string>;
    expect(body).toMatchObject({
      issued_token_type: ACCESS_TOKEN,
      token_type: "Bearer",
      scope: "orders/read",
    });
    const { claims } = await verifiedAccessToken(ctx, body.access_token!, poolId);
    expect(claims).toMatchObject({
      sub,
      username: "edge",
      client_id: backend.ClientId,
      aud: "orders",
      scope: "orders/read",
      act: { sub: backend.ClientId, client_id: backend.ClientId },
    });
    expect(decodeJwt(body.access_token!).origin_jti).toBe(decodeJwt(subject).origin_jti);

    const { actor_token: _actor, actor_token_type: _type, ...impersonation } = exchange;
    const refused = await token(impersonation, other);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "unauthorized_client" });
  });
});
