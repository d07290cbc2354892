// The client_credentials grant over the wire: oauth4webapi drives it as a machine-to-machine
// client would, and the refusals come back in Cognito's error codes.
import type { UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { beforeAll, describe, expect, it } from "vitest";
import { appClient, basicAuth, resourceServer } from "./harness.js";
import { poolWithDomain, suiteServer } from "./server.js";

const server = suiteServer();
let poolId: string;
let base: string;
let machine: UserPoolClientType;

const MACHINE = {
  GenerateSecret: true,
  AllowedOAuthFlows: ["client_credentials" as const],
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: ["orders/read", "orders/write", "stock/read"],
  AccessTokenValidity: 15,
  TokenValidityUnits: { AccessToken: "minutes" as const },
};

beforeAll(async () => {
  ({ poolId, base } = await poolWithDomain(server));
  await resourceServer(server, poolId, "orders", ["read", "write"]);
  await resourceServer(server, poolId, "stock", ["read"]);
  machine = await appClient(server, poolId, MACHINE);
});

const token = (authorization: string | undefined, body: string) =>
  fetch(`${base}/oauth2/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });

async function expectError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject({ error });
}

describe("client_credentials", () => {
  it("oauth4webapi gets a machine-to-machine access token, signed with the pool's access key", async () => {
    const as: oauth.AuthorizationServer = {
      issuer: `${server.url}/${poolId}`,
      token_endpoint: `${base}/oauth2/token`,
    };
    const client: oauth.Client = { client_id: machine.ClientId! };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(machine.ClientSecret!),
      new URLSearchParams({ scope: "orders/read" }),
      { [oauth.allowInsecureRequests]: true },
    );
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    expect(result).toMatchObject({ token_type: "bearer", expires_in: 900 });
    expect(result.refresh_token).toBeUndefined();
    expect(result.id_token).toBeUndefined();
    const claims = decodeJwt(result.access_token);
    expect(Object.keys(claims)).toEqual([
      "sub",
      "token_use",
      "scope",
      "auth_time",
      "iss",
      "exp",
      "iat",
      "version",
      "jti",
      "client_id",
    ]);
    expect(claims).toMatchObject({
      sub: machine.ClientId,
      client_id: machine.ClientId,
      token_use: "access",
      scope: "orders/read",
      iss: `${server.url}/${poolId}`,
      version: 2,
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    const jwks = (await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    const jwk = jwks.keys.find((k) => k.kid === decodeProtectedHeader(result.access_token).kid);
    expect(jwk).toBeDefined();
    await jwtVerify(result.access_token, await importJWK(jwk!, "RS256"), {
      issuer: `${server.url}/${poolId}`,
    });
  });

  it("grants every allowed custom scope when none is asked for; client_secret_post works too", async () => {
    const response = await token(
      undefined,
      `grant_type=client_credentials&client_id=${machine.ClientId}&client_secret=${encodeURIComponent(machine.ClientSecret!)}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    expect(decodeJwt(body.access_token).scope).toBe("orders/read orders/write stock/read");
  });

  it("refuses standard scopes and scopes outside the client's list with invalid_scope", async () => {
    const auth = basicAuth(machine.ClientId!, machine.ClientSecret!);
    await expectError(await token(auth, "grant_type=client_credentials&scope=openid"), 400, "invalid_scope");
    await expectError(
      await token(auth, "grant_type=client_credentials&scope=orders%2Fread%20aws.cognito.signin.user.admin"),
      400,
      "invalid_scope",
    );
    await expectError(
      await token(auth, "grant_type=client_credentials&scope=orders%2Fdelete"),
      400,
      "invalid_scope",
    );
  });

  it("refuses a wrong secret (invalid_client) and a public client", async () => {
    await expectError(
      await token(basicAuth(machine.ClientId!, `${machine.ClientSecret}x`), "grant_type=client_credentials"),
      401,
      "invalid_client",
    );
    // Cognito refuses client_credentials to a client without a secret when it is created; a public
    // client that asks for the grant anyway cannot authenticate.
    const publicClient = await appClient(server, poolId, {
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ["openid", "orders/read"],
      CallbackURLs: ["https://app.example.com/callback"],
    });
    const response = await token(
      undefined,
      `grant_type=client_credentials&client_id=${publicClient.ClientId}`,
    );
    expect([400, 401]).toContain(response.status);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^(invalid_client|unauthorized_client)$/,
    );
  });

  it("refuses a client without the flow (unauthorized_client) or with the OAuth switch off (invalid_grant, as Cognito)", async () => {
    const codeOnly = await appClient(server, poolId, {
      GenerateSecret: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ["openid", "orders/read"],
      CallbackURLs: ["https://app.example.com/callback"],
    });
    await expectError(
      await token(basicAuth(codeOnly.ClientId!, codeOnly.ClientSecret!), "grant_type=client_credentials"),
      400,
      "unauthorized_client",
    );
    const switchedOff = await appClient(server, poolId, {
      ...MACHINE,
      AllowedOAuthFlowsUserPoolClient: false,
    });
    await expectError(
      await token(
        basicAuth(switchedOff.ClientId!, switchedOff.ClientSecret!),
        "grant_type=client_credentials",
      ),
      400,
      "invalid_grant",
    );
  });

  it("its token is no user's: userInfo refuses it", async () => {
    const response = await token(
      basicAuth(machine.ClientId!, machine.ClientSecret!),
      "grant_type=client_credentials&scope=stock%2Fread",
    );
    const { access_token } = (await response.json()) as { access_token: string };
    const info = await fetch(`${base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(info.status).toBe(401);
  });
});
