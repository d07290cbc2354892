// The sign-in operations called in-process, with the #crypto port's modPow and a clock the
// test moves: token expiry, session expiry and the lockout's back-off.
import { describe, expect, it } from "vitest";
import type { OperationDefinition } from "../../../protocol/json/index.js";
import { repositories } from "../../../storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../../storage/sqlite.node.js";
import { userPoolContext } from "../../context.js";
import { generateMasterKey } from "../../../runtime/master-key.js";
import { computeVerifier, padHex } from "../../srp/index.js";
import { createUserPoolClient } from "../clients/create-user-pool-client.js";
import { createUserPool } from "../pools/create-user-pool.js";
import { authOperations } from "./index.js";

const PASSWORD = "Correct-Horse-9";

async function setUp() {
  const storage = sqliteDriver(openSqliteDatabase(":memory:"));
  const clock = { now: Date.now() };
  const ctx = userPoolContext({
    storage,
    masterKey: generateMasterKey(),
    region: "us-east-1",
    now: () => clock.now,
  });
  const ops: Record<string, unknown> = {
    ...authOperations(ctx),
    CreateUserPool: createUserPool(ctx),
    CreateUserPoolClient: createUserPoolClient(ctx),
  };
  const call = async (name: string, input: Record<string, unknown>) =>
    (await (ops[name] as OperationDefinition).run({
      input,
      operation: name,
      requestId: "r",
      signer: undefined,
      request: {
        headers: new Headers(),
        url: "http://127.0.0.1:9229/",
        sourceIp: undefined,
        receivedAt: clock.now,
      },
      // biome-ignore lint/suspicious/noExplicitAny: the test reads answers of many shapes
    })) as Record<string, any>;
  const { UserPool } = await call("CreateUserPool", { PoolName: "p" });
  const poolId = UserPool.Id as string;
  const { UserPoolClient } = await call("CreateUserPoolClient", {
    UserPoolId: poolId,
    ClientName: "c",
    ExplicitAuthFlows: [
      "ALLOW_USER_PASSWORD_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
      "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    ],
  });
  const clientId = UserPoolClient.ClientId as string;
  const { salt, verifier } = await computeVerifier(poolId.split("_")[1]!, "zoe", PASSWORD);
  await repositories(storage).users.create(
    {
      poolId,
      sub: crypto.randomUUID(),
      username: "zoe",
      status: "FORCE_CHANGE_PASSWORD",
      attributes: {},
      srpSalt: salt,
      srpVerifier: padHex(verifier),
    },
    clock.now,
  );
  const signIn = (password: string) =>
    call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: "zoe", PASSWORD: password },
    });
  return { clock, call, clientId, signIn };
}

describe("sign-in over time", () => {
  it("expires NEW_PASSWORD_REQUIRED sessions after 3 minutes, and access tokens after ExpiresIn", async () => {
    const { clock, call, clientId, signIn } = await setUp();
    const challenge = await signIn(PASSWORD);
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    clock.now += 181_000;
    const answer = (Session: string) =>
      call("RespondToAuthChallenge", {
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session,
        ChallengeResponses: { USERNAME: "zoe", NEW_PASSWORD: "Brand-New-Pass-2" },
      });
    await expect(answer(challenge.Session)).rejects.toMatchObject({
      type: "NotAuthorizedException",
      message: "Invalid session for the user, session is expired.",
    });
    const { AuthenticationResult } = await answer((await signIn(PASSWORD)).Session);
    expect((await call("GetUser", { AccessToken: AuthenticationResult.AccessToken })).Username).toBe("zoe");
    clock.now += AuthenticationResult.ExpiresIn * 1000 + 1000;
    await expect(call("GetUser", { AccessToken: AuthenticationResult.AccessToken })).rejects.toMatchObject({
      type: "NotAuthorizedException",
      message: "Access Token has expired",
    });
    // The refresh token outlives it.
    const refreshed = await call("InitiateAuth", {
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: AuthenticationResult.RefreshToken },
    });
    expect(
      (await call("GetUser", { AccessToken: refreshed.AuthenticationResult.AccessToken })).Username,
    ).toBe("zoe");
  });

  it("backs off after five failures: 1 s, then 2 s, and lets the user in once it has passed", async () => {
    const { clock, signIn } = await setUp();
    for (let i = 0; i < 5; i++)
      await expect(signIn("Wrong-Horse-9")).rejects.toMatchObject({
        message: "Incorrect username or password.",
      });
    await expect(signIn(PASSWORD)).rejects.toMatchObject({ message: "Password attempts exceeded" });
    clock.now += 1000;
    await expect(signIn("Wrong-Horse-9")).rejects.toMatchObject({
      message: "Incorrect username or password.",
    });
    clock.now += 1500;
    await expect(signIn(PASSWORD)).rejects.toMatchObject({ message: "Password attempts exceeded" });
    clock.now += 500;
    expect((await signIn(PASSWORD)).ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  });
});
