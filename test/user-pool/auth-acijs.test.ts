// amazon-cognito-identity-js, unmodified, against the real Node entry (`start()`) over HTTP:
// SRP sign-in, refresh and GetUser, with tokens verified by aws-jwt-verify against the served JWKS.
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { memoryStorage } from "../helpers/acijs.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolWithClient, seedUser, startServer, verifyToken } from "./auth-helpers.js";

const PASSWORD = "Correct-Horse-9";
let env: Awaited<ReturnType<typeof startServer>>;
let url: string;

beforeAll(async () => {
  env = await startServer("cognate-acijs-");
  url = env.server.url;
});
afterAll(async () => {
  await env?.server.close();
});

async function setUp(username: string) {
  const { poolId, clientId } = await poolWithClient(url);
  const user = await seedUser(env.store, poolId, {
    username,
    password: PASSWORD,
    attributes: { email: `${username}@example.com` },
  });
  const pool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: url,
    Storage: memoryStorage(),
  });
  return { poolId, clientId, pool, user };
}

function authenticate(
  pool: CognitoUserPool,
  username: string,
  password: string,
): Promise<{ user: CognitoUser; session: CognitoUserSession }> {
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ user, session }),
      onFailure: reject,
      newPasswordRequired: () => reject(new Error("unexpected NEW_PASSWORD_REQUIRED")),
    });
  });
}

describe("amazon-cognito-identity-js against cognate", () => {
  it("signs in with SRP (authenticateUser) and gets tokens that verify", async () => {
    const { poolId, clientId, pool, user } = await setUp("ivan");
    const { session } = await authenticate(pool, "ivan", PASSWORD);
    expect(session.isValid()).toBe(true);
    const id = await verifyToken(url, poolId, session.getIdToken().getJwtToken(), "id", clientId);
    const access = await verifyToken(url, poolId, session.getAccessToken().getJwtToken(), "access", clientId);
    expect(id).toMatchObject({
      sub: user.sub,
      "cognito:username": "ivan",
      email: "ivan@example.com",
      aud: clientId,
    });
    expect(access).toMatchObject({ sub: user.sub, username: "ivan", client_id: clientId });
  });

  it("fails a wrong password with NotAuthorizedException", async () => {
    const { pool } = await setUp("judy");
    const error = await authenticate(pool, "judy", "Wrong-Horse-9").then(
      () => undefined,
      (e: { code?: string; message?: string }) => e,
    );
    expect(error).toMatchObject({
      code: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("refreshes the session and reads the user's attributes (GetUser)", async () => {
    const { poolId, clientId, pool } = await setUp("mallory");
    const { user, session } = await authenticate(pool, "mallory", PASSWORD);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err: Error | null, next: CognitoUserSession) =>
        err ? reject(err) : resolve(next),
      ),
    );
    const access = await verifyToken(
      url,
      poolId,
      refreshed.getAccessToken().getJwtToken(),
      "access",
      clientId,
    );
    expect(access.origin_jti).toBe(session.getAccessToken().decodePayload().origin_jti);
    expect(refreshed.getRefreshToken().getToken()).toBe(session.getRefreshToken().getToken());
    const attributes = await new Promise<{ Name: string; Value: string }[]>((resolve, reject) =>
      user.getUserAttributes((err, result) =>
        err ? reject(err) : resolve((result ?? []).map((a) => ({ Name: a.getName(), Value: a.getValue() }))),
      ),
    );
    expect(attributes).toContainEqual({ Name: "email", Value: "mallory@example.com" });
  });
});
