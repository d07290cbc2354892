// Refresh-token rotation (the client's RefreshTokenRotation) driven by the AWS SDK v3 against the
// Node entry: GetTokensFromRefreshToken trades a token for a new one, REFRESH_TOKEN_AUTH is refused,
// the grace period lets a lost response be retried, and a replay after it revokes the family.
import {
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type ExplicitAuthFlowsType,
  type RefreshTokenRotationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolWithClient, rejection, sdk, seedUser, startServer, verifyToken } from "./auth-helpers.js";

const PASSWORD = "Rotating-Horse-9";
let env: Awaited<ReturnType<typeof startServer>>;
let url: string;

beforeAll(async () => {
  env = await startServer("cognate-rotation-");
  url = env.server.url;
});
afterAll(async () => {
  await env?.server.close();
});

async function rotatingClient(
  rotation: RefreshTokenRotationType,
  flows: ExplicitAuthFlowsType[] = ["ALLOW_USER_PASSWORD_AUTH"],
) {
  const { poolId, clientId } = await poolWithClient(url, {
    ExplicitAuthFlows: flows,
    RefreshTokenRotation: rotation,
  });
  await seedUser(env.store, poolId, { username: "rita", password: PASSWORD });
  const signIn = await sdk(url).send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: "rita", PASSWORD },
    }),
  );
  return { poolId, clientId, first: signIn.AuthenticationResult! };
}

const refresh = (ClientId: string, RefreshToken: string) =>
  sdk(url).send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken }));

describe("refresh-token rotation", () => {
  it("is part of the client, and refuses REFRESH_TOKEN_AUTH", async () => {
    const { poolId, clientId, first } = await rotatingClient({
      Feature: "ENABLED",
      RetryGracePeriodSeconds: 5,
    });
    const { UserPoolClient } = await sdk(url).send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    expect(UserPoolClient!.RefreshTokenRotation).toEqual({ Feature: "ENABLED", RetryGracePeriodSeconds: 5 });
    const refused = await rejection(
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
        }),
      ),
    );
    expect(refused.name).toBe("InvalidParameterException");
  });

  it("trades the token for a new one of the same sign-in, and a replay revokes the family", async () => {
    const { poolId, clientId, first } = await rotatingClient({
      Feature: "ENABLED",
      RetryGracePeriodSeconds: 0,
    });
    const second = (await refresh(clientId, first.RefreshToken!)).AuthenticationResult!;
    expect(second.RefreshToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(second.RefreshToken).not.toBe(first.RefreshToken);
    const before = await verifyToken(url, poolId, first.IdToken!, "id", clientId);
    const after = await verifyToken(url, poolId, second.IdToken!, "id", clientId);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.origin_jti).toBe(before.origin_jti);
    const third = (await refresh(clientId, second.RefreshToken!)).AuthenticationResult!;
    await sdk(url).send(new GetUserCommand({ AccessToken: third.AccessToken }));

    // The first token again: a replay. The family dies with it, access tokens included.
    expect((await rejection(refresh(clientId, first.RefreshToken!))).name).toBe("RefreshTokenReuseException");
    const revoked = await rejection(refresh(clientId, third.RefreshToken!));
    expect([revoked.name, revoked.message]).toEqual([
      "NotAuthorizedException",
      "Refresh Token has been revoked",
    ]);
    expect(
      (await rejection(sdk(url).send(new GetUserCommand({ AccessToken: third.AccessToken })))).name,
    ).toBe("NotAuthorizedException");
  });

  it("answers a retry inside the grace period, and only inside it", async () => {
    const { clientId, first } = await rotatingClient({ Feature: "ENABLED", RetryGracePeriodSeconds: 1 });
    const second = (await refresh(clientId, first.RefreshToken!)).AuthenticationResult!;
    const retried = (await refresh(clientId, first.RefreshToken!)).AuthenticationResult!;
    expect(retried.RefreshToken).not.toBe(second.RefreshToken);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await rejection(refresh(clientId, first.RefreshToken!))).name).toBe("RefreshTokenReuseException");
    expect((await rejection(refresh(clientId, second.RefreshToken!))).name).toBe("NotAuthorizedException");
  });

  it("lets one of two concurrent refreshes of one token win when there is no grace", async () => {
    const { clientId, first } = await rotatingClient({ Feature: "ENABLED" });
    const outcomes = await Promise.allSettled([
      refresh(clientId, first.RefreshToken!),
      refresh(clientId, first.RefreshToken!),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason.name).toBe("RefreshTokenReuseException");
  });

  it("hands back no refresh token and keeps the old one when rotation is off", async () => {
    const { clientId, first } = await rotatingClient({ Feature: "DISABLED" }, [
      "ALLOW_USER_PASSWORD_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
    ]);
    expect((await refresh(clientId, first.RefreshToken!)).AuthenticationResult!.RefreshToken).toBeUndefined();
    expect((await refresh(clientId, first.RefreshToken!)).AuthenticationResult!.AccessToken).toBeTruthy();
  });
});
