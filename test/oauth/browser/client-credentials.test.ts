// oauth4webapi doing client_credentials against a resource server's scopes: discovery, both client
// authentication methods, the access token verified with the pool's JWKS, and the refusals.
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cognate, claimsOf, type HostedPool, hostedPool, startCognate } from "./harness.js";

let cognate: Cognate;
let pool: HostedPool;
let as: oauth.AuthorizationServer;
const insecure = { [oauth.allowInsecureRequests]: true } as const;

beforeAll(async () => {
  cognate = await startCognate();
  // A pool with a domain, then the resource server, then the machine client allowed its scopes.
  const base = await hostedPool(cognate, ["http://127.0.0.1:1/unused"], {
    app: { GenerateSecret: false, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"] },
  });
  await cognate.sdk.send(
    new CreateResourceServerCommand({
      UserPoolId: base.poolId,
      Identifier: "orders",
      Name: "Orders API",
      Scopes: [
        { ScopeName: "read", ScopeDescription: "read orders" },
        { ScopeName: "write", ScopeDescription: "write orders" },
      ],
    }),
  );
  const { UserPoolClient } = await cognate.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: base.poolId,
      ClientName: "machine",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthScopes: ["orders/read", "orders/write"],
    }),
  );
  pool = { ...base, clientId: UserPoolClient!.ClientId!, clientSecret: UserPoolClient!.ClientSecret! };
  const issuer = new URL(pool.issuer);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}, 60_000);
afterAll(async () => {
  await cognate?.close();
});

const grant = (auth: oauth.ClientAuth, scope?: string) =>
  oauth.clientCredentialsGrantRequest(
    as,
    { client_id: pool.clientId },
    auth,
    new URLSearchParams(scope === undefined ? {} : { scope }),
    insecure,
  );

describe("oauth4webapi client_credentials", () => {
  it("gets an access token for one resource-server scope (client_secret_basic), verified by the JWKS", async () => {
    expect(as.grant_types_supported).toContain("client_credentials");
    const result = await oauth.processClientCredentialsResponse(
      as,
      { client_id: pool.clientId },
      await grant(oauth.ClientSecretBasic(pool.clientSecret!), "orders/read"),
    );
    expect(result.token_type).toBe("bearer");
    expect(result.expires_in).toBeGreaterThan(0);
    // Cognito's response names no scope (RFC 6749 5.1: it may be left out when as asked); the token does.
    expect(result.refresh_token).toBeUndefined();
    expect(result.id_token).toBeUndefined();
    const { payload } = await jwtVerify(
      result.access_token,
      createRemoteJWKSet(new URL(as.jwks_uri!), { cacheMaxAge: 0 }),
      { issuer: pool.issuer },
    );
    expect(payload).toMatchObject({
      sub: pool.clientId,
      client_id: pool.clientId,
      token_use: "access",
      scope: "orders/read",
    });
    expect(payload.username).toBeUndefined();
  });

  it("grants every allowed scope when none is asked (client_secret_post)", async () => {
    const result = await oauth.processClientCredentialsResponse(
      as,
      { client_id: pool.clientId },
      await grant(oauth.ClientSecretPost(pool.clientSecret!)),
    );
    const scope = String(claimsOf(result.access_token).scope);
    expect(scope.split(" ").sort()).toEqual(["orders/read", "orders/write"]);
  });

  it("refuses a wrong secret (invalid_client, 401) and a scope the client may not have", async () => {
    const wrong = await grant(oauth.ClientSecretBasic(`${pool.clientSecret!.slice(0, -1)}x`), "orders/read");
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_client");
    for (const scope of ["openid", "orders/delete", "billing/read"]) {
      const refused = await grant(oauth.ClientSecretBasic(pool.clientSecret!), scope);
      expect(refused.status, scope).toBe(400);
      const body = (await refused.json()) as { error: string; access_token?: string };
      expect(body.access_token, scope).toBeUndefined();
      // RFC 6749 5.2 names invalid_scope; Cognito's documented token errors do not list it.
      expect(["invalid_scope", "invalid_request", "invalid_grant"], scope).toContain(body.error);
    }
  });
});
