// amazon-cognito-identity-js, as a browser app uses it: sign up, confirm with the mailed code,
// SRP sign-in, refresh, change the password, forget it and reset it with a mailed code, and
// sign in with the new one. Tokens verify against the served JWKS.
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { expect } from "vitest";
import { memoryStorage } from "../../helpers/acijs.js";
import { verifyToken } from "../auth-helpers.js";
import { attrs, client, poolWithClient, unique, type Target } from "./target.js";

const FIRST = "Journey-First-1";
const SECOND = "Journey-Second-2";
const THIRD = "Journey-Third-3";

const promised = <T>(run: (done: (err: unknown, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));

function signIn(pool: CognitoUserPool, password: string): Promise<CognitoUserSession> {
  const user = new CognitoUser({ Username: "quinn", Pool: pool, Storage: memoryStorage() });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: "quinn", Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { code?: string }) => e,
  );

export async function acijsJourney(target: Target): Promise<void> {
  const { poolId, clientId } = await poolWithClient(
    target,
    { AutoVerifiedAttributes: ["email"] },
    { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
  );
  const pool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: target.endpoint,
    Storage: memoryStorage(),
  });
  const email = `${unique("quinn")}@example.com`;

  const signedUp = await promised<{ userSub: string; userConfirmed: boolean }>((done) =>
    pool.signUp(
      "quinn",
      FIRST,
      [new CognitoUserAttribute({ Name: "email", Value: email })],
      [],
      (err, result) => done(err, result),
    ),
  );
  expect(signedUp.userConfirmed).toBe(false);
  const user = new CognitoUser({ Username: "quinn", Pool: pool, Storage: memoryStorage() });
  const signUpCode = await target.readCode(email);
  expect(await promised((done) => user.confirmRegistration(signUpCode, true, done))).toBe("SUCCESS");
  const status = async () =>
    await client(target).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "quinn" }));
  expect((await status()).UserStatus).toBe("CONFIRMED");

  // SRP sign-in (USER_SRP_AUTH and PASSWORD_VERIFIER, as ACIJS computes them).
  const session = await new Promise<CognitoUserSession>((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: "quinn", Password: FIRST }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
  const id = await verifyToken(target.endpoint, poolId, session.getIdToken().getJwtToken(), "id", clientId);
  expect(id).toMatchObject({
    sub: signedUp.userSub,
    email,
    email_verified: true,
    "cognito:username": "quinn",
  });
  const access = await verifyToken(
    target.endpoint,
    poolId,
    session.getAccessToken().getJwtToken(),
    "access",
    clientId,
  );
  expect(access).toMatchObject({ sub: signedUp.userSub, username: "quinn", client_id: clientId });

  const refreshed = await promised<CognitoUserSession>((done) =>
    user.refreshSession(session.getRefreshToken(), done),
  );
  const again = await verifyToken(
    target.endpoint,
    poolId,
    refreshed.getAccessToken().getJwtToken(),
    "access",
    clientId,
  );
  expect(again).toMatchObject({ sub: signedUp.userSub, origin_jti: access.origin_jti });
  expect(again.jti).not.toBe(access.jti);

  // changePassword with the signed-in session: only the new password signs in.
  expect(await promised((done) => user.changePassword(FIRST, SECOND, done))).toBe("SUCCESS");
  expect(await failure(signIn(pool, FIRST))).toMatchObject({ code: "NotAuthorizedException" });
  expect((await signIn(pool, SECOND)).isValid()).toBe(true);

  // forgotPassword mails a code; confirmPassword takes it with the new password.
  const forgotten = new CognitoUser({ Username: "quinn", Pool: pool, Storage: memoryStorage() });
  const delivery = await new Promise<{ CodeDeliveryDetails: Record<string, string> }>((resolve, reject) =>
    forgotten.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
  );
  expect(delivery.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
  const resetCode = await target.readCode(email);
  await new Promise<void>((resolve, reject) =>
    forgotten.confirmPassword(resetCode, THIRD, { onSuccess: () => resolve(), onFailure: reject }),
  );
  expect(await failure(signIn(pool, SECOND))).toMatchObject({ code: "NotAuthorizedException" });
  const last = await signIn(pool, THIRD);
  expect(
    await verifyToken(target.endpoint, poolId, last.getIdToken().getJwtToken(), "id", clientId),
  ).toMatchObject({ sub: signedUp.userSub, email });
  expect(attrs((await status()).UserAttributes)).toMatchObject({
    sub: signedUp.userSub,
    email,
    email_verified: "true",
  });
}
