// One user's whole journey with the real clients against `npm start`'s entry: the AWS SDK creates
// the pool and client; amazon-cognito-identity-js signs up, confirms with the code from the outbox,
// signs in with SRP and refreshes; cognate's own authorizer() in front of an API accepts the
// tokens, applies a policy, and asks for step-up where MFA is required. Then revocation bites.
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GlobalSignOutCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { memoryStorage } from "../helpers/acijs.js";
import { Hono } from "hono";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { challenge } from "../helpers/app.js";
import { sdk, startServer } from "./auth-helpers.js";

const PASSWORD = "Journey-Horse-9!";
let env: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  env = await startServer("cognate-journey-");
});
afterAll(async () => {
  await env?.server.close();
});

const promised = <T>(run: (done: (err: unknown, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));

describe("a user's journey with the real clients", () => {
  it("signs up, confirms from the outbox, signs in with SRP, calls a protected API, refreshes, and is signed out", async () => {
    const url = env.server.url;
    const idp = sdk(url);
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({ PoolName: "journey", AutoVerifiedAttributes: ["email"] }),
    );
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;

    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: url,
      Storage: memoryStorage(),
    });
    const signedUp = await promised<{ userSub: string; userConfirmed: boolean }>((done) =>
      pool.signUp(
        "quinn",
        PASSWORD,
        [new CognitoUserAttribute({ Name: "email", Value: "quinn@example.com" })],
        [],
        (err, result) => done(err, result),
      ),
    );
    expect(signedUp.userConfirmed).toBe(false);

    const outbox = readFileSync(join(env.dataDir, "outbox.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { to: string; code?: string });
    const code = outbox.filter((m) => m.to === "quinn@example.com").at(-1)?.code;
    expect(code).toMatch(/^\d{6}$/);
    const user = new CognitoUser({ Username: "quinn", Pool: pool, Storage: memoryStorage() });
    await promised((done) => user.confirmRegistration(code!, true, done));

    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: "quinn", Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    const access = session.getAccessToken().getJwtToken();
    expect(session.getIdToken().decodePayload()).toMatchObject({
      sub: signedUp.userSub,
      email: "quinn@example.com",
      email_verified: true,
    });

    // An API behind cognate's own authorizer(), trusting this pool by its JWKS over HTTP.
    const api = new Hono();
    api.use(
      "/api/*",
      authorizer({
        issuers: [
          { type: "cognito", userPoolId: poolId, clientId, tokenUse: "access", issuer: `${url}/${poolId}` },
        ],
        policies: { routes: [{ path: "/api/admin/*", requireMfa: true }] },
        cache: false,
      }),
    );
    api.get("/api/me", (c) => c.json({ sub: c.var.principal.sub, username: c.var.principal.username }));
    api.get("/api/admin/report", (c) => c.text("report"));
    const call = (path: string, token: string) =>
      api.request(path, { headers: { authorization: `Bearer ${token}` } });
    const me = await call("/api/me", access);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: signedUp.userSub, username: "quinn" });
    // A password sign-in is not MFA: the admin route answers with an RFC 9470 challenge.
    const admin = await call("/api/admin/report", access);
    expect(admin.status).toBe(401);
    expect(challenge(admin)).toMatchObject({ error: "insufficient_user_authentication", acr_values: "mfa" });

    const refreshed = await promised<CognitoUserSession>((done) =>
      user.refreshSession(session.getRefreshToken(), done),
    );
    expect((await call("/api/me", refreshed.getAccessToken().getJwtToken())).status).toBe(200);

    // GlobalSignOut: the refresh token no longer works.
    await idp.send(new GlobalSignOutCommand({ AccessToken: refreshed.getAccessToken().getJwtToken() }));
    const afterSignOut = await promised<CognitoUserSession>((done) =>
      user.refreshSession(session.getRefreshToken(), done),
    ).then(
      () => undefined,
      (e: { code?: string }) => e,
    );
    expect(afterSignOut).toMatchObject({ code: "NotAuthorizedException" });
  });
});
