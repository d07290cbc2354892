// The sign-in flows driven by the real AWS SDK v3 client against the real Node entry (`start()`),
// over HTTP; users are seeded through the repositories (salt and verifier only), tokens verified
// with aws-jwt-verify against the served JWKS.
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  AdminRespondToAuthChallengeCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  type InitiateAuthCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  poolWithClient,
  rejection,
  sdk,
  secretHashOf,
  seedUser,
  srpClient,
  startServer,
  verifyToken,
} from "./auth-helpers.js";

const PASSWORD = "Correct-Horse-9";
let env: Awaited<ReturnType<typeof startServer>>;
let url: string;

beforeAll(async () => {
  env = await startServer("cognate-auth-");
  url = env.server.url;
});
afterAll(async () => {
  await env?.server.close();
});

async function srpSignIn(
  poolId: string,
  clientId: string,
  username: string,
  password: string,
  extra: Record<string, string> = {},
) {
  const srp = await srpClient(poolId);
  const started = await sdk(url).send(
    new InitiateAuthCommand({
      AuthFlow: "USER_SRP_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: username, SRP_A: srp.A, ...extra },
    }),
  );
  const responses = await srp.answer(started.ChallengeParameters!, password);
  const respond = () =>
    sdk(url).send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "PASSWORD_VERIFIER",
        Session: started.Session,
        ChallengeResponses: { ...responses, ...extra },
      }),
    );
  return { started, respond };
}

const passwordAuth = (clientId: string, USERNAME: string, PASSWORD: string) =>
  sdk(url).send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME, PASSWORD },
    }),
  );

describe("USER_SRP_AUTH through the AWS SDK v3", () => {
  it("answers PASSWORD_VERIFIER with tokens that verify against the served JWKS, and records the auth event (threat protection on)", async () => {
    const { poolId, clientId } = await poolWithClient(
      url,
      {},
      { UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } },
    );
    const user = await seedUser(env.store, poolId, {
      username: "alice",
      password: PASSWORD,
      attributes: { email: "alice@example.com", email_verified: "true" },
    });
    const { started, respond } = await srpSignIn(poolId, clientId, "Alice", PASSWORD);
    expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect(started.ChallengeParameters).toMatchObject({ USERNAME: "alice", USER_ID_FOR_SRP: "alice" });
    expect(started.ChallengeParameters!.SECRET_BLOCK).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(started.ChallengeParameters!.SRP_B).toMatch(/^[0-9a-f]+$/);

    const out = await respond();
    expect(out.ChallengeParameters).toEqual({});
    const result = out.AuthenticationResult!;
    expect(result).toMatchObject({ ExpiresIn: 3600, TokenType: "Bearer" });
    expect(result.RefreshToken!.split(".")).toHaveLength(5);
    const id = await verifyToken(url, poolId, result.IdToken!, "id", clientId);
    const access = await verifyToken(url, poolId, result.AccessToken!, "access", clientId);
    expect(id).toMatchObject({
      sub: user.sub,
      "cognito:username": "alice",
      email: "alice@example.com",
      email_verified: true,
      aud: clientId,
      token_use: "id",
      amr: ["pwd"],
    });
    expect(access).toMatchObject({
      sub: user.sub,
      username: "alice",
      client_id: clientId,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      origin_jti: id.origin_jti,
    });
    expect(id.iss).toBe(`${url.replace(/\/$/, "")}/${poolId}`);
    const { items } = await env.store.authEvents.listForUser(poolId, user.sub);
    expect(items.map((e) => [e.id, e.eventType, e.eventResponse])).toContainEqual([
      access.event_id,
      "SignIn",
      "Pass",
    ]);
  });

  it("uses a session once, and refuses a wrong password with a counted failure", async () => {
    const { poolId, clientId } = await poolWithClient(
      url,
      {},
      { UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } },
    );
    await seedUser(env.store, poolId, { username: "bob", password: PASSWORD });
    const { respond } = await srpSignIn(poolId, clientId, "bob", PASSWORD);
    await respond();
    const again = await rejection(respond());
    expect(again).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid session for the user, session can only be used once.",
    });

    const wrong = await srpSignIn(poolId, clientId, "bob", "Wrong-Horse-9");
    expect(await rejection(wrong.respond())).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    const bob = (await env.store.users.get(poolId, "bob"))!;
    expect(bob.failedSignIns).toBe(1);
    const { items } = await env.store.authEvents.listForUser(poolId, bob.sub);
    expect(items.map((e) => e.eventResponse).sort()).toEqual(["Fail", "Pass"]);
  });

  it("keeps no auth event where threat protection is off, as Cognito: the tokens' event_id names none", async () => {
    const { poolId, clientId } = await poolWithClient(url);
    const carol = await seedUser(env.store, poolId, { username: "carol", password: PASSWORD });
    const { respond } = await srpSignIn(poolId, clientId, "carol", PASSWORD);
    const result = (await respond()).AuthenticationResult!;
    const access = await verifyToken(url, poolId, result.AccessToken!, "access", clientId);
    expect(access.event_id).toMatch(/^[0-9a-f-]{36}$/);
    const wrong = await srpSignIn(poolId, clientId, "carol", "Wrong-Horse-9");
    expect(await rejection(wrong.respond())).toMatchObject({ name: "NotAuthorizedException" });
    expect((await env.store.users.get(poolId, "carol"))!.failedSignIns).toBe(1);
    const refreshed = await sdk(url).send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    );
    expect(refreshed.AuthenticationResult!.AccessToken).toBeDefined();
    expect((await env.store.authEvents.listForUser(poolId, carol.sub)).items).toEqual([]);
  });

  it("tells unknown and disabled users apart (LEGACY), and simulates the SRP step when the client hides users", async () => {
    const legacy = await poolWithClient(url);
    const srp = await srpClient(legacy.poolId);
    const unknown = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: legacy.clientId,
          AuthParameters: { USERNAME: "nobody", SRP_A: srp.A },
        }),
      ),
    );
    expect(unknown).toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
    await seedUser(env.store, legacy.poolId, { username: "carol", password: PASSWORD, enabled: false });
    const disabled = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: legacy.clientId,
          AuthParameters: { USERNAME: "carol", SRP_A: srp.A },
        }),
      ),
    );
    expect(disabled).toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });

    const hidden = await poolWithClient(url, { PreventUserExistenceErrors: "ENABLED" });
    const first = await srpSignIn(hidden.poolId, hidden.clientId, "nobody", PASSWORD);
    const second = await srpSignIn(hidden.poolId, hidden.clientId, "nobody", PASSWORD);
    expect(first.started.ChallengeName).toBe("PASSWORD_VERIFIER");
    // A pool of usernames answers a real user with its name: a simulated one is answered the same way (enumeration.test.ts).
    expect(first.started.ChallengeParameters!.USER_ID_FOR_SRP).toBe("nobody");
    expect(second.started.ChallengeParameters!.USER_ID_FOR_SRP).toBe(
      first.started.ChallengeParameters!.USER_ID_FOR_SRP,
    );
    expect(second.started.ChallengeParameters!.SALT).toBe(first.started.ChallengeParameters!.SALT);
    expect(await rejection(first.respond())).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("refuses an expired session, an unknown client, and an unsigned AdminInitiateAuth", async () => {
    const { poolId, clientId } = await poolWithClient(url);
    await seedUser(env.store, poolId, { username: "oscar", password: PASSWORD });
    const { respond } = await srpSignIn(poolId, clientId, "oscar", PASSWORD);
    await env.store.driver.run("UPDATE auth_sessions SET expires_at = ? WHERE pool_id = ?", [
      Date.now() - 1,
      poolId,
    ]);
    expect(await rejection(respond())).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid session for the user, session is expired.",
    });
    const srp = await srpClient(poolId);
    const unknown = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: "nosuchclient0000000000000",
          AuthParameters: { USERNAME: "oscar", SRP_A: srp.A },
        }),
      ),
    );
    expect(unknown).toMatchObject({
      name: "ResourceNotFoundException",
      message: "User pool client nosuchclient0000000000000 does not exist.",
    });
    const stranger = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "AKIASTRANGER00000001", secretAccessKey: ADMIN.secretAccessKey },
      maxAttempts: 1,
    });
    const unsigned = await rejection(
      stranger.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "oscar", PASSWORD },
        }),
      ),
    );
    expect(unsigned.name).toBe("UnrecognizedClientException");
  });

  it("requires SECRET_HASH from a client with a secret", async () => {
    const { poolId, clientId, clientSecret } = await poolWithClient(url, { GenerateSecret: true });
    await seedUser(env.store, poolId, { username: "dave", password: PASSWORD });
    const srp = await srpClient(poolId);
    const missing = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: "dave", SRP_A: srp.A },
        }),
      ),
    );
    expect(missing).toMatchObject({
      name: "NotAuthorizedException",
      message: `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    });
    const wrong = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: clientId,
          AuthParameters: {
            USERNAME: "dave",
            SRP_A: srp.A,
            SECRET_HASH: secretHashOf("dave", clientId, "nope"),
          },
        }),
      ),
    );
    expect(wrong).toMatchObject({
      name: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${clientId}`,
    });
    const { respond } = await srpSignIn(poolId, clientId, "dave", PASSWORD, {
      SECRET_HASH: secretHashOf("dave", clientId, clientSecret!),
    });
    expect((await respond()).AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe("USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and NEW_PASSWORD_REQUIRED", () => {
  it("enforces the client's ExplicitAuthFlows", async () => {
    const { poolId, clientId } = await poolWithClient(url, {
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    await seedUser(env.store, poolId, { username: "erin", password: PASSWORD });
    expect(await rejection(passwordAuth(clientId, "erin", PASSWORD))).toMatchObject({
      name: "InvalidParameterException",
      message: "USER_PASSWORD_AUTH flow not enabled for this client",
    });
    const admin = await rejection(
      sdk(url).send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "erin", PASSWORD },
        }),
      ),
    );
    expect(admin).toMatchObject({
      name: "InvalidParameterException",
      message: "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client",
    });
    const wrongOperation = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: "erin", PASSWORD },
        }),
      ),
    );
    expect(wrongOperation).toMatchObject({
      name: "InvalidParameterException",
      message: "Initiate Auth method not supported.",
    });
  });

  it("signs in by email alias, and locks out after five failures ('Password attempts exceeded')", async () => {
    const { poolId, clientId } = await poolWithClient(
      url,
      { ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
      { UsernameAttributes: ["email"] },
    );
    const id = crypto.randomUUID();
    await seedUser(env.store, poolId, {
      username: id,
      password: PASSWORD,
      attributes: { email: "frank@example.com" },
      aliases: { email: "frank@example.com" },
    });
    const ok = await passwordAuth(clientId, "Frank@example.com", PASSWORD);
    expect(await verifyToken(url, poolId, ok.AuthenticationResult!.IdToken!, "id", clientId)).toMatchObject({
      "cognito:username": id,
      email: "frank@example.com",
    });
    for (let i = 0; i < 5; i++) {
      expect(await rejection(passwordAuth(clientId, "frank@example.com", "Wrong-Horse-9"))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Incorrect username or password.",
      });
    }
    expect((await env.store.users.get(poolId, id))!.failedSignIns).toBe(5);
    // Four more failures (recorded directly, so a slow run cannot outlast the 1 s lockout): 16 s.
    for (let i = 0; i < 4; i++)
      await env.store.users.recordSignInFailure(poolId, id, Date.now(), 15 * 60_000);
    expect(await rejection(passwordAuth(clientId, "frank@example.com", PASSWORD))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Password attempts exceeded",
    });
  });

  it("asks a FORCE_CHANGE_PASSWORD user for a new password (AdminInitiateAuth, SigV4), then signs them in CONFIRMED", async () => {
    const { poolId, clientId } = await poolWithClient(
      url,
      { ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
      { Schema: [{ Name: "name", Required: true }] },
    );
    await seedUser(env.store, poolId, {
      username: "grace",
      password: "Temp-Pass-1",
      status: "FORCE_CHANGE_PASSWORD",
      attributes: { email: "grace@example.com" },
    });
    const signIn = (password: string) =>
      sdk(url).send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "grace", PASSWORD: password },
        }),
      );
    const challenge = await signIn("Temp-Pass-1");
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(JSON.parse(challenge.ChallengeParameters!.userAttributes!)).toEqual({
      email: "grace@example.com",
    });
    expect(JSON.parse(challenge.ChallengeParameters!.requiredAttributes!)).toEqual(["userAttributes.name"]);
    const answer = (Session: string | undefined, NEW_PASSWORD: string) =>
      sdk(url).send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session,
          ChallengeResponses: { USERNAME: "grace", NEW_PASSWORD, "userAttributes.name": "Grace" },
        }),
      );
    const weak = await rejection(answer(challenge.Session, "short"));
    expect(weak).toMatchObject({
      name: "InvalidPasswordException",
      message: "Password did not conform with policy: Password not long enough",
    });
    const retry = await signIn("Temp-Pass-1");
    const done = await answer(retry.Session, "Brand-New-Pass-2");
    expect(await verifyToken(url, poolId, done.AuthenticationResult!.IdToken!, "id", clientId)).toMatchObject(
      { name: "Grace", "cognito:username": "grace" },
    );
    expect((await env.store.users.get(poolId, "grace"))!.status).toBe("CONFIRMED");
    expect((await signIn("Brand-New-Pass-2")).AuthenticationResult?.AccessToken).toBeDefined();
    expect(await rejection(signIn("Temp-Pass-1"))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("refuses an expired temporary password", async () => {
    const { poolId, clientId } = await poolWithClient(url, {
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    await seedUser(env.store, poolId, {
      username: "trent",
      password: "Temp-Pass-1",
      status: "FORCE_CHANGE_PASSWORD",
    });
    await env.store.users.update(
      poolId,
      "trent",
      { passwordExpiresAt: Date.now() - 1000 },
      { now: Date.now() },
    );
    expect(await rejection(passwordAuth(clientId, "trent", "Temp-Pass-1"))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Temporary password has expired and must be reset by an administrator.",
    });
  });
});

describe("refresh, GetUser, GlobalSignOut and RevokeToken", () => {
  async function signedIn() {
    const { poolId, clientId } = await poolWithClient(url, {
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    await seedUser(env.store, poolId, {
      username: "heidi",
      password: PASSWORD,
      attributes: { email: "heidi@example.com" },
    });
    const out: InitiateAuthCommandOutput = await passwordAuth(clientId, "heidi", PASSWORD);
    return { poolId, clientId, tokens: out.AuthenticationResult! };
  }
  const refresh = (clientId: string, token: string) =>
    sdk(url).send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: token },
      }),
    );
  const getUser = (AccessToken: string) => sdk(url).send(new GetUserCommand({ AccessToken }));

  it("refreshes with the same origin_jti and auth_time, for its own client only", async () => {
    const { poolId, clientId, tokens } = await signedIn();
    const out = await refresh(clientId, tokens.RefreshToken!);
    expect(out.AuthenticationResult!.RefreshToken).toBeUndefined();
    const before = await verifyToken(url, poolId, tokens.AccessToken!, "access", clientId);
    const after = await verifyToken(url, poolId, out.AuthenticationResult!.AccessToken!, "access", clientId);
    expect(after).toMatchObject({
      origin_jti: before.origin_jti,
      auth_time: before.auth_time,
      sub: before.sub,
    });
    expect(after.jti).not.toBe(before.jti);
    const other = await poolWithClient(url);
    expect(await rejection(refresh(other.clientId, tokens.RefreshToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
  });

  it("GetTokensFromRefreshToken refreshes too, with the client secret when the client has one", async () => {
    const { poolId, clientId, clientSecret } = await poolWithClient(url, {
      GenerateSecret: true,
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    await seedUser(env.store, poolId, { username: "peggy", password: PASSWORD });
    const signIn = await sdk(url).send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: {
          USERNAME: "peggy",
          PASSWORD,
          SECRET_HASH: secretHashOf("peggy", clientId, clientSecret!),
        },
      }),
    );
    const RefreshToken = signIn.AuthenticationResult!.RefreshToken!;
    const missing = await rejection(
      sdk(url).send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken })),
    );
    expect(missing).toMatchObject({
      name: "NotAuthorizedException",
      message: `Client ${clientId} is configured with secret but ClientSecret was not received`,
    });
    const out = await sdk(url).send(
      new GetTokensFromRefreshTokenCommand({ ClientId: clientId, ClientSecret: clientSecret, RefreshToken }),
    );
    expect(
      await verifyToken(url, poolId, out.AuthenticationResult!.AccessToken!, "access", clientId),
    ).toMatchObject({ username: "peggy" });
  });

  it("GetUser answers for a valid access token and refuses others", async () => {
    const { tokens } = await signedIn();
    const me = await getUser(tokens.AccessToken!);
    expect(me.Username).toBe("heidi");
    expect(me.UserAttributes).toContainEqual({ Name: "email", Value: "heidi@example.com" });
    expect(me.UserAttributes![0]!.Name).toBe("sub");
    expect(await rejection(getUser("not.a.token"))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
    expect(await rejection(getUser(tokens.IdToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
  });

  it("GlobalSignOut revokes the refresh tokens and the access tokens issued before it", async () => {
    const { clientId, tokens } = await signedIn();
    await sdk(url).send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken! }));
    expect(await rejection(getUser(tokens.AccessToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
    expect(await rejection(refresh(clientId, tokens.RefreshToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has been revoked",
    });
  });

  it("AdminDisableUser revokes the tokens issued so far, for good: enabling again does not revive them", async () => {
    const { poolId, clientId, tokens } = await signedIn();
    await sdk(url).send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "heidi" }));
    expect(await rejection(getUser(tokens.AccessToken!))).toMatchObject({ name: "NotAuthorizedException" });
    await sdk(url).send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "heidi" }));
    expect(await rejection(getUser(tokens.AccessToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
    expect(await rejection(refresh(clientId, tokens.RefreshToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has been revoked",
    });
  });

  it("RevokeToken ends the refresh token and the access tokens of its sign-in", async () => {
    const { clientId, tokens } = await signedIn();
    await sdk(url).send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken! }));
    expect(await rejection(refresh(clientId, tokens.RefreshToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has been revoked",
    });
    expect(await rejection(getUser(tokens.AccessToken!))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
  });
});
