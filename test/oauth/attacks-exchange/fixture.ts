// Shared set-up of the token-exchange attack suites: the real Node entry (start()), a pool with a
// domain, the orders and stock resource servers, a web app (code flow), the orders gateway that
// may exchange, an intruder client, and alice; raw HTTP helpers for the token endpoint.
import {
  CreateResourceServerCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll } from "vitest";
import { appClient, authorizationCode, basicAuth, resourceServer } from "../harness.js";
import { type CognateServer, poolWithDomain, suiteServer, user } from "../server.js";

export const GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
export const ORDERS = "https://orders.example.com";
export const READ = `${ORDERS}/read`;
export const WRITE = `${ORDERS}/write`;
export const CALLBACK = "https://app.example.com/callback";
export const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });

export const DEFAULT_POLICIES = [
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
];

export interface Fixture {
  server: CognateServer;
  poolId: string;
  base: string;
  web: UserPoolClientType;
  gateway: UserPoolClientType;
  intruder: UserPoolClientType;
}

export const BACKEND = {
  GenerateSecret: true,
  AllowedOAuthFlows: ["client_credentials" as const],
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: [READ, WRITE, "stock/read"],
  AccessTokenValidity: 20,
  TokenValidityUnits: { AccessToken: "minutes" as const },
};

/** The server and its pool, ready in beforeAll. */
export function exchangeFixture(policies: object[] = DEFAULT_POLICIES): Fixture {
  const server = suiteServer({ config: { tokenExchange: { policies } } });
  const fx = { server } as Fixture;
  beforeAll(async () => {
    const { poolId, base } = await poolWithDomain(server);
    fx.poolId = poolId;
    fx.base = base;
    await server.sdk.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: ORDERS,
        Name: "orders",
        Scopes: ["read", "write"].map((ScopeName) => ({ ScopeName, ScopeDescription: ScopeName })),
      }),
    );
    await resourceServer(server, poolId, "stock", ["read"]);
    fx.web = await appClient(server, poolId, {
      ClientName: "web",
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: [READ, WRITE, "stock/read", "openid", "aws.cognito.signin.user.admin"],
      CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ["COGNITO"],
    });
    fx.gateway = await appClient(server, poolId, { ClientName: "orders-gateway", ...BACKEND });
    fx.intruder = await appClient(server, poolId, { ClientName: "intruder", ...BACKEND });
    await user(server, poolId, "alice");
  });
  return fx;
}

/** The code flow's tokens for `username` through `clientId`, scopes as asked. */
export async function codeTokens(
  fx: Fixture,
  username = "alice",
  scopes = [READ, WRITE, "stock/read"],
  client: UserPoolClientType = fx.web,
): Promise<{ access_token: string; refresh_token: string; id_token?: string }> {
  const code = await authorizationCode(fx.server, fx.poolId, client.ClientId!, username, {
    redirectUri: CALLBACK,
    scopes,
  });
  const response = await fetch(`${fx.base}/oauth2/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(client.ClientSecret === undefined
        ? {}
        : { authorization: basicAuth(client.ClientId!, client.ClientSecret) }),
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: CALLBACK,
      client_id: client.ClientId!,
    }),
  });
  if (response.status !== 200) throw new Error(`code grant: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ access_token: string; refresh_token: string; id_token?: string }>;
}

/** A raw token-endpoint POST. */
export async function tokenPost(
  fx: Fixture,
  body: string | URLSearchParams,
  headers: Record<string, string> = {},
  url = `${fx.base}/oauth2/token`,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, text };
}

/** An exchange by `by` (Basic), with the default parameters overridden by `parameters`. */
export function exchangeBy(
  fx: Fixture,
  by: UserPoolClientType,
  subjectToken: string,
  parameters: Record<string, string> = {},
) {
  return tokenPost(
    fx,
    new URLSearchParams({
      grant_type: GRANT,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN,
      audience: ORDERS,
      ...parameters,
    }),
    { authorization: basicAuth(by.ClientId!, by.ClientSecret!) },
  );
}

/** The client's own client-credentials token. */
export async function machineToken(fx: Fixture, client: UserPoolClientType, scope: string): Promise<string> {
  const r = await tokenPost(fx, new URLSearchParams({ grant_type: "client_credentials", scope }), {
    authorization: basicAuth(client.ClientId!, client.ClientSecret!),
  });
  if (r.status !== 200) throw new Error(`client credentials: ${r.text}`);
  return String(r.body.access_token);
}
