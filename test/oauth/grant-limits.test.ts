// What a grant may still give after the fact, from an outside attack's findings: a refresh gives
// only the scopes the client is still allowed and that still exist (a refresh token kept minting a
// deleted resource server's scope, or one taken off the client, for its 30 days); a code is spent
// only by its own client (another client holding it could burn it or, replaying it, revoke its
// owner's tokens); a code does not outlive a password change or reset.
import {
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../src/storage/index.js";
import { basic, OAUTH_SETTINGS, oauthSuite, pkcePair, postToken } from "./helpers.js";

const env = oauthSuite();
let user: UserRecord;

beforeAll(async () => {
  user = await env.makeUser("grace");
});

const CALLBACK = "https://app.example/cb";

/** A code for `clientId` (and `who`, a user signed in just now) with `scope`, and its verifier. */
async function codeFor(clientId: string, scope: string, who: UserRecord = user, authTime = Date.now()) {
  const { verifier, challenge } = pkcePair();
  const location = await env.authorizeAs(
    who,
    {
      response_type: "code",
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope,
      code_challenge: challenge,
      code_challenge_method: "S256",
    },
    { authTime },
  );
  return { code: location.searchParams.get("code")!, verifier };
}

const exchange = (clientId: string, code: string, verifier: string, headers: Record<string, string> = {}) =>
  postToken(
    env.issuer,
    {
      grant_type: "authorization_code",
      client_id: clientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    },
    headers,
  );

/** Tokens of a code flow for `clientId` with `scope`. */
async function tokensFor(clientId: string, scope: string): Promise<Record<string, string>> {
  const { code, verifier } = await codeFor(clientId, scope);
  const response = await exchange(clientId, code, verifier);
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

describe("authorization_code: spent only by its own client", () => {
  it("an unused code presented by another client is refused and stays usable by its own", async () => {
    const owner = await env.makeClient();
    const other = await env.makeClient();
    const { code, verifier } = await codeFor(owner.id, "openid");
    const stolen = await exchange(other.id, code, verifier);
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as { error: string }).error).toBe("invalid_grant");
    expect((await exchange(owner.id, code, verifier)).status).toBe(200);
  });

  it("a used code presented again by another client revokes nothing; by its owner, it revokes", async () => {
    const owner = await env.makeClient({ GenerateSecret: true });
    const other = await env.makeClient();
    const { code, verifier } = await codeFor(owner.id, "openid");
    const auth = { authorization: basic(owner.id, owner.secret!) };
    const first = await exchange(owner.id, code, verifier, auth);
    expect(first.status).toBe(200);
    const { refresh_token } = (await first.json()) as Record<string, string>;
    const refresh = () =>
      postToken(env.issuer, { grant_type: "refresh_token", refresh_token: refresh_token! }, auth);

    expect((await exchange(other.id, code, verifier)).status).toBe(400);
    expect((await refresh()).status).toBe(200);

    expect((await exchange(owner.id, code, verifier, auth)).status).toBe(400);
    const revoked = await refresh();
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { error_description: string }).error_description).toBe(
      "Refresh token has been revoked",
    );
  });
});

describe("authorization_code: not past a password change or reset", () => {
  it("refuses a code granted before AdminSetUserPassword", async () => {
    const client = await env.makeClient();
    const who = await env.makeUser("hedy");
    const { code, verifier } = await codeFor(client.id, "openid", who, Date.now() - 1000);
    await env.sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: env.poolId,
        Username: who.username,
        Password: "Changed-Password-1!",
        Permanent: true,
      }),
    );
    const response = await exchange(client.id, code, verifier);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("refuses a code granted before AdminResetUserPassword", async () => {
    const client = await env.makeClient();
    const who = await env.makeUser("ida");
    const { code, verifier } = await codeFor(client.id, "openid", who, Date.now() - 1000);
    await env.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: env.poolId, Username: who.username }));
    const response = await exchange(client.id, code, verifier);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_grant");
  });
});
