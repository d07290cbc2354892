// What a grant may still give after the fact: a refresh gives only the scopes the client is still
// allowed and that still exist (found by an outside attack: a refresh token kept minting a deleted
// resource server's scope, or one taken off the client, for its 30 days).
import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../src/storage/index.js";
import { OAUTH_SETTINGS, oauthServer, pkcePair, postToken } from "./helpers.js";

let env: Awaited<ReturnType<typeof oauthServer>>;
let user: UserRecord;

beforeAll(async () => {
  env = await oauthServer();
  user = await env.makeUser("grace");
});
afterAll(async () => {
  await env?.server.close();
});

const CALLBACK = "https://app.example/cb";

/** Tokens of a code flow for `clientId` with `scope`. */
async function tokensFor(clientId: string, scope: string): Promise<Record<string, string>> {
  const { verifier, challenge } = pkcePair();
  const location = await env.authorizeAs(user, {
    response_type: "code",
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const response = await postToken(env.issuer, {
    grant_type: "authorization_code",
    client_id: clientId,
    code: location.searchParams.get("code")!,
    redirect_uri: CALLBACK,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}

async function refreshedScope(clientId: string, refreshToken: string): Promise<string[]> {
  const response = await postToken(env.issuer, {
    grant_type: "refresh_token",
    client_id: clientId,
    refresh_token: refreshToken,
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, string>;
  return String(decodeJwt(body.access_token!).scope).split(" ");
}

describe("refresh_token: the scopes of the original grant, as far as they still stand", () => {
  it("drops a deleted resource server's scope", async () => {
    const Identifier = "https://orders.example";
    await env.sdk.send(
      new CreateResourceServerCommand({
        UserPoolId: env.poolId,
        Identifier,
        Name: "orders",
        Scopes: [{ ScopeName: "read", ScopeDescription: "read orders" }],
      }),
    );
    const client = await env.makeClient({
      AllowedOAuthScopes: ["openid", `${Identifier}/read`],
    });
    const first = await tokensFor(client.id, `openid ${Identifier}/read`);
    expect(String(decodeJwt(first.access_token!).scope).split(" ")).toContain(`${Identifier}/read`);
    expect(await refreshedScope(client.id, first.refresh_token!)).toContain(`${Identifier}/read`);

    await env.sdk.send(new DeleteResourceServerCommand({ UserPoolId: env.poolId, Identifier }));
    expect(await refreshedScope(client.id, first.refresh_token!)).toEqual(["openid"]);
  });

  it("drops a scope taken off the client", async () => {
    const client = await env.makeClient();
    const first = await tokensFor(client.id, "openid email profile");
    expect(await refreshedScope(client.id, first.refresh_token!)).toEqual(["openid", "email", "profile"]);

    await env.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: env.poolId,
        ClientId: client.id,
        ...OAUTH_SETTINGS,
        AllowedOAuthScopes: ["openid", "profile"],
      }),
    );
    expect(await refreshedScope(client.id, first.refresh_token!)).toEqual(["openid", "profile"]);
  });
});
