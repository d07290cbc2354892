// (In test/gateway, a Node suite: the pool runs over SQLite; test/authorizer also runs in workerd.)
// The authorizer proof of PreTokenGeneration V2: AWS's example handler shape adds a claim to the
// access token of a local pool's sign-in; `authorizer()` verifies that token against the pool's
// JWKS over HTTP and an IAM-style policy decides on the added claim (allowed for the right value,
// denied for another, and for a token the trigger did not touch).
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { arn, type Json, triggerServer } from "../user-pool/triggers-harness.js";

const server = triggerServer();
const PASSWORD = "Correct-Horse-9-battery";
const TENANTS: Record<string, string> = { ana: "acme", bo: "globex" };

/** A V2 handler as AWS's example writes one: a claim added to the access token. */
const addTenant = async (event: Json) => {
  const tenant = TENANTS[event.userName];
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: tenant === undefined ? {} : { claimsToAddOrOverride: { tenant } },
    },
  };
  return event;
};

let app: Hono;
let tokenOf: (username: string) => Promise<string>;

beforeAll(async () => {
  server.handlers.tenant = addTenant;
  const { poolId, clientId } = await server.pool({
    LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn("tenant"), LambdaVersion: "V2_0" } },
  });
  for (const username of ["ana", "bo", "cy"]) {
    await server.user(poolId, username, PASSWORD);
  }
  tokenOf = async (username) =>
    (
      await server.admin().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD },
        }),
      )
    ).AuthenticationResult!.AccessToken!;
  app = new Hono();
  app.use(
    "/api/*",
    authorizer({
      issuers: [
        {
          type: "cognito",
          userPoolId: poolId,
          clientId,
          tokenUse: "access",
          issuer: `${server.url}/${poolId}`,
        },
      ],
      accountId: "123456789012",
      apiId: "orders",
      stage: "prod",
      policies: {
        everyone: [
          {
            Version: "2012-10-17",
            Statement: {
              Sid: "AcmeOnly",
              Effect: "Allow",
              Action: "execute-api:Invoke",
              Resource: "arn:aws:execute-api:*:123456789012:orders/prod/GET/api/orders/*",
              Condition: { StringEquals: { "jwt:tenant": "acme" } },
            },
          },
        ],
      },
    }),
  );
  app.get("/api/orders/:id", (c) => c.json({ tenant: (c.var.principal as Json).claims?.tenant ?? null }));
});

const order = (token: string) =>
  app.request("/api/orders/7", { headers: { authorization: `Bearer ${token}` } });

describe("authorizer() on a claim added by PreTokenGeneration V2", () => {
  it("allows the token whose added claim the policy asks for", async () => {
    const response = await order(await tokenOf("ana"));
    expect(response.status).toBe(200);
  });

  it("denies a token with another value of the claim, and one without it", async () => {
    for (const username of ["bo", "cy"]) {
      const response = await order(await tokenOf(username));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: "User is not authorized to access this resource" });
    }
  });

  it("refuses the claim forged into a token not signed by the pool", async () => {
    const token = await tokenOf("bo");
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    const forged = Buffer.from(JSON.stringify({ ...claims, tenant: "acme" })).toString("base64url");
    const response = await order(`${header}.${forged}.${signature}`);
    expect(response.status).toBe(401);
  });
});
