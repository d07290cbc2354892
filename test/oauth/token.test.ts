// The token endpoint over HTTP on the Node server: codes minted by the real authorization code
// path, exchanged and refreshed over the wire, the tokens verified with jose against the pool's
// JWKS; and every refusal with its OAuth error.
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../src/storage/index.js";
import { basic, OAUTH_SETTINGS, oauthSuite, pkcePair, postToken } from "./helpers.js";

const env = oauthSuite();
let publicClient: { id: string };
let confidential: { id: string; secret?: string };
let rotating: { id: string };
let user: UserRecord;
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  publicClient = await env.makeClient();
  confidential = await env.makeClient({ GenerateSecret: true });
  rotating = await env.makeClient({
    RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 0 },
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
  });
  user = await env.makeUser("olivia");
  jwks = createRemoteJWKSet(new URL(`${env.issuer}/.well-known/jwks.json`));
});

const CODE_GONE = "Authorization code has been consumed already or does not exist";

/** A code for the public client with PKCE, and what to exchange it with. */
async function codeFor(
  clientId = publicClient.id,
  extra: Record<string, string> = {},
  amr?: string[],
  eventId?: string,
) {
  const { verifier, challenge } = pkcePair();
  const location = await env.authorizeAs(
    user,
    {
      response_type: "code",
      client_id: clientId,
      redirect_uri: "https://app.example/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "st-1",
      nonce: "nonce-1",
      ...extra,
    },
    { ...(amr === undefined ? {} : { amr }), ...(eventId === undefined ? {} : { eventId }) },
  );
  return { code: location.searchParams.get("code")!, state: location.searchParams.get("state"), verifier };
}

const exchange = (clientId: string, code: string, verifier?: string, extra: Record<string, string> = {}) =>
  postToken(env.issuer, {
    grant_type: "authorization_code",
    client_id: clientId,
    code,
    redirect_uri: "https://app.example/cb",
    ...(verifier === undefined ? {} : { code_verifier: verifier }),
    ...extra,
  });

async function expectError(response: Response, error: string, status = 400, description?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  const body = (await response.json()) as Record<string, string>;
  expect(body.error).toBe(error);
  if (description !== undefined) expect(body.error_description).toBe(description);
  return body;
}

describe("authorization_code", () => {
  it("exchanges a code for ID, access and refresh tokens, verified against the JWKS", async () => {
    const { code, state, verifier } = await codeFor(publicClient.id, {}, ["pwd", "mfa", "otp"]);
    expect(state).toBe("st-1");
    const response = await exchange(publicClient.id, code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "access_token",
      "expires_in",
      "id_token",
      "refresh_token",
      "token_type",
    ]);
    expect(body).toMatchObject({ expires_in: 3600, token_type: "Bearer" });
    const { payload: id } = await jwtVerify(body.id_token as string, jwks, {
      issuer: env.issuer,
      audience: publicClient.id,
    });
    const atHash = createHash("sha256")
      .update(body.access_token as string)
      .digest()
      .subarray(0, 16)
      .toString("base64url");
    expect(id).toMatchObject({
      sub: user.sub,
      token_use: "id",
      nonce: "nonce-1",
      at_hash: atHash,
      amr: ["pwd", "mfa", "otp"],
      "cognito:username": "olivia",
      email: "olivia@example.com",
      email_verified: true,
    });
    const { payload: access } = await jwtVerify(body.access_token as string, jwks, { issuer: env.issuer });
    expect(access).toMatchObject({
      sub: user.sub,
      token_use: "access",
      scope: "openid email profile aws.cognito.signin.user.admin",
      version: 2,
      client_id: publicClient.id,
      username: "olivia",
      origin_jti: id.origin_jti,
      amr: ["pwd", "mfa", "otp"],
      auth_time: id.auth_time,
    });
    expect(access.aud).toBeUndefined();
    expect(typeof access.jti).toBe("string");
    expect(typeof access.event_id).toBe("string");
  });

  it("refuses a replayed code, and revokes the refresh token issued from it", async () => {
    const { code, verifier } = await codeFor();
    const first = (await (await exchange(publicClient.id, code, verifier)).json()) as Record<string, string>;
    await expectError(await exchange(publicClient.id, code, verifier), "invalid_grant", 400, CODE_GONE);
    await expectError(
      await postToken(env.issuer, {
        grant_type: "refresh_token",
        client_id: publicClient.id,
        refresh_token: first.refresh_token!,
      }),
      "invalid_grant",
      400,
      "Refresh token has been revoked",
    );
  });

  it("carries the sign-in's auth event into the exchanged tokens' event_id", async () => {
    const { code, verifier } = await codeFor(publicClient.id, {}, undefined, "ev-hosted-1");
    const body = (await (await exchange(publicClient.id, code, verifier)).json()) as Record<string, string>;
    expect(decodeJwt(body.access_token!).event_id).toBe("ev-hosted-1");
    expect(decodeJwt(body.id_token!).event_id).toBe("ev-hosted-1");
  });

  it("refuses an unknown code", async () => {
    await expectError(
      await exchange(publicClient.id, "x".repeat(43), "v".repeat(43)),
      "invalid_grant",
      400,
      CODE_GONE,
    );
  });

  it("checks the S256 verifier: a wrong one, a missing one, and one without a challenge are refused", async () => {
    const wrong = await codeFor();
    await expectError(await exchange(publicClient.id, wrong.code, pkcePair().verifier), "invalid_grant");
    // The failed attempt spent the code.
    await expectError(
      await exchange(publicClient.id, wrong.code, wrong.verifier),
      "invalid_grant",
      400,
      CODE_GONE,
    );
    const missing = await codeFor();
    await expectError(await exchange(publicClient.id, missing.code), "invalid_grant");
    // A confidential client may go without PKCE; then a verifier is a downgrade attempt.
    const location = await env.authorizeAs(user, {
      response_type: "code",
      client_id: confidential.id,
      redirect_uri: "https://app.example/cb",
    });
    const response = await exchange(
      confidential.id,
      location.searchParams.get("code")!,
      pkcePair().verifier,
      {
        client_secret: confidential.secret!,
      },
    );
    await expectError(response, "invalid_grant");
  });

  it("binds the code to its redirect URI and client", async () => {
    const a = await codeFor();
    await expectError(
      await exchange(publicClient.id, a.code, a.verifier, { redirect_uri: "https://app.example/cb/" }),
      "invalid_grant",
    );
    const b = await codeFor();
    const other = await env.makeClient();
    await expectError(await exchange(other.id, b.code, b.verifier), "invalid_grant", 400, CODE_GONE);
  });

  it("refuses the code of a user disabled since", async () => {
    const { code, verifier } = await codeFor();
    await env.sdk.send(new AdminDisableUserCommand({ UserPoolId: env.poolId, Username: "olivia" }));
    try {
      await expectError(await exchange(publicClient.id, code, verifier), "invalid_grant");
    } finally {
      await env.sdk.send(new AdminEnableUserCommand({ UserPoolId: env.poolId, Username: "olivia" }));
    }
  });

  it("refuses a client whose OAuth switch is off (invalid_grant), as Cognito does", async () => {
    const client = await env.makeClient();
    const { code, verifier } = await codeFor(client.id);
    await env.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: env.poolId,
        ClientId: client.id,
        ...OAUTH_SETTINGS,
        AllowedOAuthFlowsUserPoolClient: false,
      }),
    );
    await expectError(await exchange(client.id, code, verifier), "invalid_grant");
  });

  it("honours the client as it is at the exchange: a scope or a callback taken off since", async () => {
    await env.sdk.send(
      new CreateResourceServerCommand({
        UserPoolId: env.poolId,
        Identifier: "ledger",
        Name: "ledger",
        Scopes: [{ ScopeName: "read", ScopeDescription: "read" }],
      }),
    );
    const scopes = ["openid", "email", "profile", "ledger/read"];
    const client = await env.makeClient({ AllowedOAuthScopes: scopes });
    const update = (settings: Record<string, unknown>) =>
      env.sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: env.poolId,
          ClientId: client.id,
          ...OAUTH_SETTINGS,
          AllowedOAuthScopes: scopes,
          ...settings,
        }),
      );
    const scopeOf = async (response: Response) => {
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, string>;
      return decodeJwt(body.access_token!).scope;
    };

    const narrowed = await codeFor(client.id, { scope: scopes.join(" ") });
    await update({ AllowedOAuthScopes: ["openid", "ledger/read"] });
    expect(await scopeOf(await exchange(client.id, narrowed.code, narrowed.verifier))).toBe(
      "openid ledger/read",
    );

    const gone = await codeFor(client.id, { scope: "openid ledger/read" });
    await env.sdk.send(new DeleteResourceServerCommand({ UserPoolId: env.poolId, Identifier: "ledger" }));
    expect(await scopeOf(await exchange(client.id, gone.code, gone.verifier))).toBe("openid");

    const moved = await codeFor(client.id, { scope: "openid" });
    await update({ AllowedOAuthScopes: ["openid"], CallbackURLs: ["http://localhost:3000/callback"] });
    await expectError(
      await exchange(client.id, moved.code, moved.verifier),
      "invalid_grant",
      400,
      "redirect_uri is no longer one of the client's CallbackURLs",
    );
    // The refused presentation spent it: the callback back on the client does not bring it back.
    await update({ AllowedOAuthScopes: ["openid"] });
    await expectError(await exchange(client.id, moved.code, moved.verifier), "invalid_grant", 400, CODE_GONE);
  });

  it("gives no tokens, from a code or a refresh, once the client has left nothing of the grant", async () => {
    const client = await env.makeClient();
    const update = (settings: Record<string, unknown>) =>
      env.sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: env.poolId,
          ClientId: client.id,
          ...OAUTH_SETTINGS,
          ...settings,
        }),
      );
    const refreshed = (token: string) =>
      postToken(env.issuer, { grant_type: "refresh_token", client_id: client.id, refresh_token: token });
    const signedIn = async () => {
      const { code, verifier } = await codeFor(client.id, { scope: "openid email" });
      const response = await exchange(client.id, code, verifier);
      expect(response.status).toBe(200);
      return ((await response.json()) as Record<string, string>).refresh_token!;
    };

    // The pool's own sign-in taken off the client.
    const earlier = await signedIn();
    const pending = await codeFor(client.id, { scope: "openid email" });
    await update({ SupportedIdentityProviders: [] });
    await expectError(
      await exchange(client.id, pending.code, pending.verifier),
      "invalid_grant",
      400,
      "The client no longer supports COGNITO sign-in",
    );
    await expectError(await refreshed(earlier), "invalid_grant");
    await update({});
    expect((await refreshed(earlier)).status).toBe(200);

    // Every scope of the grant taken off the client.
    const before = await signedIn();
    const waiting = await codeFor(client.id, { scope: "openid email" });
    await update({ AllowedOAuthScopes: ["phone"] });
    await expectError(
      await exchange(client.id, waiting.code, waiting.verifier),
      "invalid_grant",
      400,
      "None of the authorized scopes is still allowed to the client",
    );
    await expectError(await refreshed(before), "invalid_grant");
  });

  it("gives no ID token without openid", async () => {
    const { code, verifier } = await codeFor(publicClient.id, { scope: "aws.cognito.signin.user.admin" });
    const body = (await (await exchange(publicClient.id, code, verifier)).json()) as Record<string, string>;
    expect(body.id_token).toBeUndefined();
    expect(decodeJwt(body.access_token!).scope).toBe("aws.cognito.signin.user.admin");
    expect(body.refresh_token).toBeDefined();
  });
});

describe("client authentication", () => {
  const confidentialCode = async () =>
    (
      await env.authorizeAs(user, {
        response_type: "code",
        client_id: confidential.id,
        redirect_uri: "https://app.example/cb",
      })
    ).searchParams.get("code")!;
  const form = (code: string) => ({
    grant_type: "authorization_code",
    code,
    redirect_uri: "https://app.example/cb",
  });

  it("takes client_secret_basic, form-encoded as RFC 6749 2.3.1 says", async () => {
    const response = await postToken(env.issuer, form(await confidentialCode()), {
      authorization: basic(confidential.id, confidential.secret!),
    });
    expect(response.status).toBe(200);
  });

  it("takes client_secret_post", async () => {
    const response = await postToken(env.issuer, {
      ...form(await confidentialCode()),
      client_id: confidential.id,
      client_secret: confidential.secret!,
    });
    expect(response.status).toBe(200);
  });

  it("answers a wrong secret with 401 invalid_client and a Basic challenge when Basic was used", async () => {
    const response = await postToken(env.issuer, form(await confidentialCode()), {
      authorization: basic(confidential.id, "wrong-secret"),
    });
    await expectError(response, "invalid_client", 401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic/);
    await expectError(
      await postToken(env.issuer, { ...form("x"), client_id: confidential.id, client_secret: "wrong" }),
      "invalid_client",
    );
    await expectError(
      await postToken(env.issuer, { ...form("x"), client_id: confidential.id }),
      "invalid_client",
    );
    await expectError(
      await postToken(env.issuer, form("x"), { authorization: "Basic !!!" }),
      "invalid_client",
      401,
    );
  });

  it("refuses both methods at once, an unknown client, and a secret for a public client", async () => {
    await expectError(
      await postToken(
        env.issuer,
        { ...form("x"), client_secret: confidential.secret! },
        { authorization: basic(confidential.id, confidential.secret!) },
      ),
      "invalid_request",
    );
    await expectError(
      await postToken(env.issuer, { ...form("x"), client_id: "nosuchclient000000000000" }),
      "invalid_client",
    );
    await expectError(await postToken(env.issuer, form("x")), "invalid_client");
    await expectError(
      await postToken(env.issuer, { ...form("x"), client_id: publicClient.id, client_secret: "anything" }),
      "invalid_client",
    );
  });
});

describe("refresh_token", () => {
  it("refreshes with the original scope, auth_time, amr and origin_jti", async () => {
    const { code, verifier } = await codeFor(publicClient.id, { scope: "openid email" }, [
      "pwd",
      "mfa",
      "otp",
    ]);
    const first = (await (await exchange(publicClient.id, code, verifier)).json()) as Record<string, string>;
    const response = await postToken(env.issuer, {
      grant_type: "refresh_token",
      client_id: publicClient.id,
      refresh_token: first.refresh_token!,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body.refresh_token).toBeUndefined();
    const before = decodeJwt(first.access_token!);
    const { payload: after } = await jwtVerify(body.access_token!, jwks, { issuer: env.issuer });
    expect(after).toMatchObject({
      scope: "openid email",
      auth_time: before.auth_time,
      origin_jti: before.origin_jti,
      amr: ["pwd", "mfa", "otp"],
      version: 2,
    });
    // A new event id, and no stored event: Cognito lists no event for a refresh.
    expect(after.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.event_id).not.toBe(before.event_id);
    expect(await env.store.authEvents.get(env.poolId, user.sub, after.event_id as string)).toBeNull();
    const id = decodeJwt(body.id_token!);
    expect(id.nonce).toBeUndefined();
    expect(id.name).toBeUndefined();
    expect(id.email).toBe("olivia@example.com");
  });

  it("rotates for a rotating client; the old token presented again revokes the family", async () => {
    const { code, verifier } = await codeFor(rotating.id);
    const first = (await (await exchange(rotating.id, code, verifier)).json()) as Record<string, string>;
    const refresh = (token: string) =>
      postToken(env.issuer, { grant_type: "refresh_token", client_id: rotating.id, refresh_token: token });
    const second = (await (await refresh(first.refresh_token!)).json()) as Record<string, string>;
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expectError(
      await refresh(first.refresh_token!),
      "invalid_grant",
      400,
      "Refresh token has been revoked",
    );
    await expectError(
      await refresh(second.refresh_token!),
      "invalid_grant",
      400,
      "Refresh token has been revoked",
    );
  });

  it("refuses an unknown token, another client's, and a missing one", async () => {
    const { code, verifier } = await codeFor();
    const first = (await (await exchange(publicClient.id, code, verifier)).json()) as Record<string, string>;
    await expectError(
      await postToken(env.issuer, {
        grant_type: "refresh_token",
        client_id: publicClient.id,
        refresh_token: "nope",
      }),
      "invalid_grant",
    );
    const other = await env.makeClient();
    await expectError(
      await postToken(env.issuer, {
        grant_type: "refresh_token",
        client_id: other.id,
        refresh_token: first.refresh_token!,
      }),
      "invalid_grant",
    );
    await expectError(
      await postToken(env.issuer, { grant_type: "refresh_token", client_id: publicClient.id }),
      "invalid_request",
    );
  });
});

describe("the endpoint", () => {
  it("refuses unknown and missing grant types", async () => {
    await expectError(
      await postToken(env.issuer, { grant_type: "password", client_id: publicClient.id }),
      "unsupported_grant_type",
    );
    await expectError(
      await postToken(env.issuer, { grant_type: "__proto__", client_id: publicClient.id }),
      "unsupported_grant_type",
    );
    await expectError(await postToken(env.issuer, { client_id: publicClient.id }), "invalid_request");
  });

  it("takes only a form-encoded POST, bounded, with no parameter twice", async () => {
    const url = `${env.issuer}/oauth2/token`;
    await expectError(await fetch(url), "invalid_request", 405);
    await expectError(
      await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      "invalid_request",
    );
    await expectError(
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=refresh_token&refresh_token=${"a".repeat(70_000)}`,
      }),
      "invalid_request",
      413,
    );
    await expectError(
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=authorization_code&grant_type=refresh_token&client_id=${publicClient.id}`,
      }),
      "invalid_request",
    );
  });

  it("answers a CORS preflight for any origin", async () => {
    const response = await fetch(`${env.issuer}/oauth2/token`, {
      method: "OPTIONS",
      headers: {
        origin: "https://spa.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
  });

  it("is not served for a pool without a domain", async () => {
    const response = await fetch(`${env.server.url}/us-east-1_NoSuchPool/oauth2/token`, { method: "POST" });
    expect(response.status).toBe(404);
  });
});
