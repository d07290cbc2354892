// RFC 8693 token exchange on `wrangler dev` (workerd, D1), its policy given in COGNATE_CONFIG as a
// Worker gets it: oauth4webapi's generic grant at the Worker's token endpoint, jose checking the
// exchanged token against the Worker's JWKS. The subject here is a machine's token (the client
// credentials grant needs no browser); the Node suite (token-exchange.test.ts) has users'.
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type WranglerDev } from "../helpers/wrangler-dev.js";
import { adminSdk, unique } from "./server.js";

const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
const CONFIG = {
  tokenExchange: {
    policies: [
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "cognito-idp:TokenExchange",
            Resource: "arn:aws:cognito-idp:*:*:userpool/*/resource-server/orders",
            Condition: {
              StringEquals: { "cognito-idp:ClientName": "orders-gateway" },
              Bool: { "cognito-idp:Delegation": "true" },
            },
          },
        ],
      },
    ],
  },
};

let dev: WranglerDev | undefined;

beforeAll(async () => {
  dev = await startWranglerDev("cognate-exchange-worker", [
    "--var",
    `COGNATE_CONFIG:${JSON.stringify(CONFIG)}`,
  ]);
}, 120_000);
afterAll(async () => {
  await dev?.stop();
});

describe("token exchange on wrangler dev", () => {
  it("the Worker exchanges a machine's token for a delegated one as its configured policy allows", {
    timeout: 90_000,
  }, async () => {
    const { endpoint } = dev!;
    const sdk = adminSdk(endpoint, await dev!.adminKeys());
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: "exchange-worker" }))).UserPool!.Id!;
    await sdk.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique("exchange-worker") }),
    );
    await sdk.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: "orders",
        Name: "orders",
        Scopes: [{ ScopeName: "read", ScopeDescription: "read" }],
      }),
    );
    const machine = async (ClientName: string): Promise<UserPoolClientType> =>
      (
        await sdk.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName,
            GenerateSecret: true,
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ["client_credentials"],
            AllowedOAuthScopes: ["orders/read"],
          }),
        )
      ).UserPoolClient!;
    const [caller, gateway, intruder] = await Promise.all([
      machine("checkout"),
      machine("orders-gateway"),
      machine("intruder"),
    ]);
    const as: oauth.AuthorizationServer = {
      issuer: `${endpoint}/${poolId}`,
      token_endpoint: `${endpoint}/${poolId}/oauth2/token`,
    };
    const insecure = { [oauth.allowInsecureRequests]: true };
    const machineToken = async (client: UserPoolClientType) =>
      (
        await oauth.processClientCredentialsResponse(
          as,
          { client_id: client.ClientId! },
          await oauth.clientCredentialsGrantRequest(
            as,
            { client_id: client.ClientId! },
            oauth.ClientSecretBasic(client.ClientSecret!),
            new URLSearchParams({ scope: "orders/read" }),
            insecure,
          ),
        )
      ).access_token;
    const subject = await machineToken(caller);
    const exchange = async (by: UserPoolClientType) =>
      oauth.processGenericTokenEndpointResponse(
        as,
        { client_id: by.ClientId! },
        await oauth.genericTokenEndpointRequest(
          as,
          { client_id: by.ClientId! },
          oauth.ClientSecretBasic(by.ClientSecret!),
          "urn:ietf:params:oauth:grant-type:token-exchange",
          {
            subject_token: subject,
            subject_token_type: ACCESS_TOKEN,
            actor_token: await machineToken(by),
            actor_token_type: ACCESS_TOKEN,
            audience: "orders",
          },
          insecure,
        ),
      );

    const result = await exchange(gateway);
    expect(result).toMatchObject({
      issued_token_type: ACCESS_TOKEN,
      token_type: "bearer",
      scope: "orders/read",
    });
    const jwks = createRemoteJWKSet(new URL(`${as.issuer}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(result.access_token, jwks, { issuer: as.issuer, audience: "orders" });
    expect(payload).toMatchObject({
      sub: caller.ClientId,
      client_id: gateway.ClientId,
      scope: "orders/read",
      act: { sub: gateway.ClientId, client_id: gateway.ClientId },
    });
    expect(decodeJwt(subject)).not.toHaveProperty("aud");

    const refused = await exchange(intruder).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(oauth.ResponseBodyError);
    expect((refused as oauth.ResponseBodyError).error).toBe("unauthorized_client");
  });
});
