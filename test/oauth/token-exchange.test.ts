// RFC 8693 token exchange over the wire against the real Node entry: oauth4webapi's generic grant
// drives it as a backend would, with the policies of a policies directory and of the
// configuration; the exchanged tokens are checked with jose against the pool's JWKS and by
// authorizer() as a downstream API would check them.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateResourceServerCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { beforeAll, describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { poolSigningKeys } from "../../src/user-pool/sign-in/result.js";
import { signJwt } from "../../src/user-pool/tokens/issue.js";
import { appClient, authorizationCode, resourceServer } from "./harness.js";
import { poolWithDomain, suiteServer, user } from "./server.js";

const GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
const ORDERS = "https://orders.example.com";
const READ = `${ORDERS}/read`;
const WRITE = `${ORDERS}/write`;
const CALLBACK = "https://app.example.com/callback";
const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });

// A policies directory: the orders gateway may exchange for the orders API, a suspended user's
// token never; and in the configuration, the stock service only as a delegation by the gateway.
const policies = mkdtempSync(join(tmpdir(), "cognate-exchange-policies-"));
mkdirSync(policies, { recursive: true });
writeFileSync(
  join(policies, "exchange-orders.json"),
  JSON.stringify(
    policy(
      {
        Sid: "GatewayToOrders",
        Effect: "Allow",
        Action: "cognito-idp:TokenExchange",
        Resource: `arn:aws:cognito-idp:*:*:userpool/*/resource-server/${ORDERS}`,
        Condition: { StringEquals: { "cognito-idp:ClientName": "orders-gateway" } },
      },
      {
        Sid: "NeverSuspended",
        Effect: "Deny",
        Action: "cognito-idp:TokenExchange",
        Resource: "*",
        Condition: { "ForAnyValue:StringEquals": { "subject:cognito:groups": "suspended" } },
      },
    ),
  ),
);

const server = suiteServer({
  env: { COGNATE_POLICIES: policies },
  config: {
    tokenExchange: {
      policies: [
        "exchange-orders",
        policy({
          Sid: "StockOnlyByDelegation",
          Effect: "Allow",
          Action: "cognito-idp:TokenExchange",
          Resource: "arn:aws:cognito-idp:*:*:userpool/*/resource-server/stock",
          Condition: {
            StringEquals: {
              "cognito-idp:ClientName": "orders-gateway",
              "actor:client_id": "${cognito-idp:ClientId}",
            },
            Bool: { "cognito-idp:Delegation": "true" },
          },
        }),
      ],
    },
  },
});

let poolId: string;
let base: string;
let as: oauth.AuthorizationServer;
let web: UserPoolClientType;
let gateway: UserPoolClientType;
let intruder: UserPoolClientType;

const BACKEND = {
  GenerateSecret: true,
  AllowedOAuthFlows: ["client_credentials" as const],
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: [READ, WRITE, "stock/read"],
  AccessTokenValidity: 20,
  TokenValidityUnits: { AccessToken: "minutes" as const },
};

beforeAll(async () => {
  ({ poolId, base } = await poolWithDomain(server));
  as = {
    issuer: `${server.url}/${poolId}`,
    token_endpoint: `${base}/oauth2/token`,
    revocation_endpoint: `${base}/oauth2/revoke`,
  };
  await server.sdk.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: ORDERS,
      Name: "orders",
      Scopes: ["read", "write"].map((ScopeName) => ({ ScopeName, ScopeDescription: ScopeName })),
    }),
  );
  await resourceServer(server, poolId, "stock", ["read"]);
  web = await appClient(server, poolId, {
    ClientName: "web",
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: [READ, WRITE, "stock/read"],
    CallbackURLs: [CALLBACK],
    SupportedIdentityProviders: ["COGNITO"],
  });
  gateway = await appClient(server, poolId, { ClientName: "orders-gateway", ...BACKEND });
  intruder = await appClient(server, poolId, { ClientName: "intruder", ...BACKEND });
  await user(server, poolId, "alice");
});

/** The web app's tokens for alice from the code flow: the subject token of the exchanges. */
async function signedIn(): Promise<oauth.TokenEndpointResponse> {
  const code = await authorizationCode(server, poolId, web.ClientId!, "alice", {
    redirectUri: CALLBACK,
    scopes: [READ, WRITE, "stock/read"],
  });
  const client = { client_id: web.ClientId! };
  const params = oauth.validateAuthResponse(as, client, new URLSearchParams({ code }), oauth.skipStateCheck);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    CALLBACK,
    oauth.nopkce,
    {
      [oauth.allowInsecureRequests]: true,
    },
  );
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

/** The exchange, as the client `by` makes it. */
async function exchange(
  by: UserPoolClientType,
  subjectToken: string,
  parameters: Record<string, string> = {},
): Promise<oauth.TokenEndpointResponse> {
  const client = { client_id: by.ClientId! };
  const response = await oauth.genericTokenEndpointRequest(
    as,
    client,
    oauth.ClientSecretBasic(by.ClientSecret!),
    GRANT,
    { subject_token: subjectToken, subject_token_type: ACCESS_TOKEN, audience: ORDERS, ...parameters },
    { [oauth.allowInsecureRequests]: true },
  );
  return oauth.processGenericTokenEndpointResponse(as, client, response);
}

/** The OAuth error an exchange is refused with. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ error: string; description: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError)
      return { error: error.error, description: error.error_description };
    throw error;
  }
  throw new Error("the exchange was not refused");
}

/** The token with `changes` to its claims, signed again with the key of the pool it names (or `pool`'s). */
async function reSigned(token: string, changes: Record<string, unknown>, pool = poolId): Promise<string> {
  return signJwt({ ...decodeJwt(token), ...changes }, (await poolSigningKeys(server.ctx, pool)).access);
}

describe("token exchange (RFC 8693) through oauth4webapi", () => {
  it("gives the orders gateway a narrower token for the orders API, verifiable against the pool's JWKS", async () => {
    const { access_token: subject } = await signedIn();
    const result = await exchange(gateway, subject, { scope: READ });
    expect(result).toMatchObject({
      token_type: "bearer",
      issued_token_type: ACCESS_TOKEN,
      scope: READ,
      expires_in: 1200,
    });
    expect(result.refresh_token).toBeUndefined();
    const jwks = createRemoteJWKSet(new URL(`${as.issuer}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(result.access_token, jwks, { issuer: as.issuer, audience: ORDERS });
    const original = decodeJwt(subject);
    expect(payload).toMatchObject({
      sub: original.sub,
      username: original.username,
      client_id: gateway.ClientId,
      aud: ORDERS,
      scope: READ,
      token_use: "access",
      origin_jti: original.origin_jti,
    });
    expect(payload).not.toHaveProperty("act");
  });

  it("the exchanged token passes authorizer() for the orders API; the subject token, for no audience, does not", async () => {
    const { access_token: subject } = await signedIn();
    const { access_token: exchanged } = await exchange(gateway, subject);
    const api = new Hono();
    api.use("/orders/*", authorizer({ issuers: [{ type: "oidc", issuer: as.issuer!, audience: ORDERS }] }));
    api.get("/orders/:id", (c) => c.json({ sub: c.var.principal.sub, scopes: [...c.var.principal.scopes] }));
    const call = (token: string) =>
      api.request("/orders/1", { headers: { authorization: `Bearer ${token}` } });
    const allowed = await call(exchanged);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ sub: decodeJwt(subject).sub, scopes: [READ, WRITE] });
    expect((await call(subject)).status).toBe(401);
  });

  it("refuses a scope the subject token lacks with invalid_scope", async () => {
    const { access_token: subject } = await signedIn();
    const narrow = await exchange(gateway, subject, { scope: READ });
    expect(await refusal(exchange(gateway, narrow.access_token, { scope: WRITE }))).toEqual({
      error: "invalid_scope",
      description: `The subject token does not carry ${WRITE}`,
    });
    expect((await refusal(exchange(gateway, subject, { scope: "openid" }))).error).toBe("invalid_scope");
  });

  it("refuses expired, revoked and foreign subject tokens, and an audience no policy allows", async () => {
    const { access_token: subject, refresh_token } = await signedIn();
    const now = Math.floor(Date.now() / 1000);
    expect(
      await refusal(exchange(gateway, await reSigned(subject, { iat: now - 7200, exp: now - 3600 }))),
    ).toEqual({
      error: "invalid_request",
      description: "subject_token is not acceptable: Access Token has expired",
    });
    const other = (await poolWithDomain(server, {}, "elsewhere")).poolId;
    const foreign = await reSigned(subject, { iss: `${server.url}/${other}` }, other);
    expect((await refusal(exchange(gateway, foreign))).description).toBe(
      "subject_token is not acceptable: Invalid Access Token",
    );
    // No policy allows this audience: refused as such, before the pool tells whether it exists.
    expect(
      (await refusal(exchange(gateway, subject, { audience: "https://nowhere.example.com" }))).error,
    ).toBe("unauthorized_client");
    // Revoking the sign-in's refresh token revokes its access token, and what was exchanged from it.
    const exchanged = await exchange(gateway, subject, { scope: READ });
    const revocation = await oauth.revocationRequest(
      as,
      { client_id: web.ClientId! },
      oauth.None(),
      refresh_token!,
      {
        [oauth.allowInsecureRequests]: true,
      },
    );
    await oauth.processRevocationResponse(revocation);
    for (const token of [subject, exchanged.access_token])
      expect(await refusal(exchange(gateway, token))).toEqual({
        error: "invalid_request",
        description: "subject_token is not acceptable: Access Token has been revoked",
      });
  });

  it("names the acting gateway in act when it exchanges with its own token as the actor token", async () => {
    const { access_token: subject } = await signedIn();
    const machine = await oauth.processClientCredentialsResponse(
      as,
      { client_id: gateway.ClientId! },
      await oauth.clientCredentialsGrantRequest(
        as,
        { client_id: gateway.ClientId! },
        oauth.ClientSecretBasic(gateway.ClientSecret!),
        new URLSearchParams({ scope: "stock/read" }),
        { [oauth.allowInsecureRequests]: true },
      ),
    );
    const delegated = await exchange(gateway, subject, {
      audience: "stock",
      actor_token: machine.access_token,
      actor_token_type: ACCESS_TOKEN,
    });
    expect(decodeJwt(delegated.access_token)).toMatchObject({
      sub: decodeJwt(subject).sub,
      aud: "stock",
      scope: "stock/read",
      act: { sub: gateway.ClientId, client_id: gateway.ClientId },
    });
    // The stock policy takes only a delegation: the same exchange without the actor is refused.
    expect((await refusal(exchange(gateway, subject, { audience: "stock" }))).error).toBe(
      "unauthorized_client",
    );
  });

  it("refuses another client, and a suspended user's token, with unauthorized_client", async () => {
    const { access_token: subject } = await signedIn();
    expect(await refusal(exchange(intruder, subject))).toEqual({
      error: "unauthorized_client",
      description: "No token exchange policy allows this exchange",
    });
    expect(
      await refusal(exchange(gateway, await reSigned(subject, { "cognito:groups": ["suspended"] }))),
    ).toEqual({
      error: "unauthorized_client",
      description: "A token exchange policy denies this exchange",
    });
  });
});
