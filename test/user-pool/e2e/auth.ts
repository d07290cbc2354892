// Sign-in through the SDK: USER_SRP_AUTH (ACIJS's own SRP math), USER_PASSWORD_AUTH,
// ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken with a client secret,
// GetUser, and NEW_PASSWORD_REQUIRED answered through both RespondToAuthChallenge operations.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { secretHashOf, srpClient, verifyToken } from "../auth-helpers.js";
import {
  attributeList,
  attrs,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  refresh,
  rejection,
  unique,
  type Target,
} from "./target.js";

const PASSWORD = "Signing-In-Pass-1";

/** SRP, plain password, admin password, refresh and GetUser for one user. */
export async function signInFlows(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target);
  const email = `${unique("alice")}@example.com`;
  const sub = await confirmedUser(target, poolId, "alice", PASSWORD, { email, email_verified: "true" });

  const srp = await srpClient(poolId);
  const started = await anyone.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_SRP_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: "Alice", SRP_A: srp.A },
    }),
  );
  expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
  expect(started.ChallengeParameters).toMatchObject({ USERNAME: "alice", USER_ID_FOR_SRP: "alice" });
  const answer = await srp.answer(started.ChallengeParameters!, PASSWORD);
  const srpDone = await anyone.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "PASSWORD_VERIFIER",
      Session: started.Session,
      ChallengeResponses: answer,
    }),
  );
  const srpTokens = srpDone.AuthenticationResult!;
  expect(srpTokens).toMatchObject({ ExpiresIn: 3600, TokenType: "Bearer" });
  const id = await verifyToken(target.endpoint, poolId, srpTokens.IdToken!, "id", clientId);
  expect(id).toMatchObject({
    sub,
    email,
    email_verified: true,
    "cognito:username": "alice",
    token_use: "id",
  });
  const access = await verifyToken(target.endpoint, poolId, srpTokens.AccessToken!, "access", clientId);
  expect(access).toMatchObject({ sub, username: "alice", scope: "aws.cognito.signin.user.admin" });
  // A wrong password's proof is refused.
  const wrong = await srpClient(poolId);
  const wrongStart = await anyone.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_SRP_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: "alice", SRP_A: wrong.A },
    }),
  );
  const wrongAnswer = await wrong.answer(wrongStart.ChallengeParameters!, "Not-The-Pass-1");
  expect(
    await rejection(
      anyone.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "PASSWORD_VERIFIER",
          Session: wrongStart.Session,
          ChallengeResponses: wrongAnswer,
        }),
      ),
    ),
  ).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });

  const plain = await passwordSignIn(target, clientId, "alice", PASSWORD);
  expect(await verifyToken(target.endpoint, poolId, plain.AccessToken!, "access", clientId)).toMatchObject({
    sub,
  });
  expect(await rejection(passwordSignIn(target, clientId, "alice", "Not-The-Pass-1"))).toMatchObject({
    name: "NotAuthorizedException",
    message: "Incorrect username or password.",
  });

  const adminAuth = await client(target).send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "alice", PASSWORD },
    }),
  );
  expect(
    await verifyToken(target.endpoint, poolId, adminAuth.AuthenticationResult!.IdToken!, "id", clientId),
  ).toMatchObject({ sub, email });

  const refreshed = await refresh(target, clientId, srpTokens.RefreshToken!);
  expect(refreshed.AuthenticationResult!.RefreshToken).toBeUndefined();
  const after = await verifyToken(
    target.endpoint,
    poolId,
    refreshed.AuthenticationResult!.AccessToken!,
    "access",
    clientId,
  );
  expect(after).toMatchObject({ sub, origin_jti: access.origin_jti, auth_time: access.auth_time });
  expect(after.jti).not.toBe(access.jti);

  const me = await anyone.send(
    new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken! }),
  );
  expect(me.Username).toBe("alice");
  expect(attrs(me.UserAttributes)).toEqual({ sub, email, email_verified: "true" });
  expect(await rejection(anyone.send(new GetUserCommand({ AccessToken: srpTokens.IdToken! })))).toMatchObject(
    { name: "NotAuthorizedException", message: "Invalid Access Token" },
  );
}

/** GetTokensFromRefreshToken, for a client with a secret. */
export async function tokensFromRefreshToken(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId, clientSecret } = await poolWithClient(target, {}, { GenerateSecret: true });
  const sub = await confirmedUser(target, poolId, "peggy", PASSWORD);
  const signIn = await anyone.send(
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
    anyone.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken })),
  );
  expect(missing).toMatchObject({
    name: "NotAuthorizedException",
    message: `Client ${clientId} is configured with secret but ClientSecret was not received`,
  });
  const out = await anyone.send(
    new GetTokensFromRefreshTokenCommand({ ClientId: clientId, ClientSecret: clientSecret, RefreshToken }),
  );
  expect(
    await verifyToken(target.endpoint, poolId, out.AuthenticationResult!.AccessToken!, "access", clientId),
  ).toMatchObject({ sub, username: "peggy" });
  expect(
    await verifyToken(target.endpoint, poolId, out.AuthenticationResult!.IdToken!, "id", clientId),
  ).toMatchObject({ sub, "cognito:username": "peggy" });
}

/** An invited user sets a password at first sign-in, through the public and the admin operation. */
export async function newPasswordRequired(target: Target): Promise<void> {
  const idp = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, {
    Schema: [{ Name: "name", Required: true, Mutable: true }],
  });
  for (const username of ["grace", "gus"]) {
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: "Temp-Pass-11",
        MessageAction: "SUPPRESS",
        UserAttributes: attributeList({ name: "?" }),
      }),
    );
  }

  const challenge = await anyone.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "grace", PASSWORD: "Temp-Pass-11" },
    }),
  );
  expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  const done = await anyone.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: challenge.Session,
      ChallengeResponses: {
        USERNAME: "grace",
        NEW_PASSWORD: "Grace-New-Pass-2",
        "userAttributes.name": "Grace",
      },
    }),
  );
  expect(
    await verifyToken(target.endpoint, poolId, done.AuthenticationResult!.IdToken!, "id", clientId),
  ).toMatchObject({ name: "Grace", "cognito:username": "grace" });
  expect(
    (await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "grace" }))).UserStatus,
  ).toBe("CONFIRMED");
  expect((await passwordSignIn(target, clientId, "grace", "Grace-New-Pass-2")).AccessToken).toBeDefined();

  const adminChallenge = await idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "gus", PASSWORD: "Temp-Pass-11" },
    }),
  );
  expect(adminChallenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  const weak = await rejection(
    idp.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: adminChallenge.Session,
        ChallengeResponses: { USERNAME: "gus", NEW_PASSWORD: "short" },
      }),
    ),
  );
  expect(weak.name).toBe("InvalidPasswordException");
  const retry = await idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "gus", PASSWORD: "Temp-Pass-11" },
    }),
  );
  const adminDone = await idp.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: retry.Session,
      ChallengeResponses: { USERNAME: "gus", NEW_PASSWORD: "Gus-New-Pass-2" },
    }),
  );
  expect(
    await verifyToken(
      target.endpoint,
      poolId,
      adminDone.AuthenticationResult!.AccessToken!,
      "access",
      clientId,
    ),
  ).toMatchObject({ username: "gus" });
  expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "gus" }))).UserStatus).toBe(
    "CONFIRMED",
  );
  expect(await rejection(passwordSignIn(target, clientId, "gus", "Temp-Pass-11"))).toMatchObject({
    name: "NotAuthorizedException",
  });
}
