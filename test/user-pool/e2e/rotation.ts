// Refresh-token rotation through the SDK: GetTokensFromRefreshToken trades the token for a new
// one of the same sign-in; a replay after the grace period revokes the sign-in.
import { GetTokensFromRefreshTokenCommand, GetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import {
  claimsOf,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  type Target,
} from "./target.js";

const PASSWORD = "Rotating-Pass-1";

export async function rotation(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(
    target,
    {},
    { RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 0 } },
  );
  await confirmedUser(target, poolId, "rosa", PASSWORD);
  const first = await passwordSignIn(target, clientId, "rosa", PASSWORD);
  const refresh = (RefreshToken: string) =>
    anyone.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken }));

  const second = (await refresh(first.RefreshToken!)).AuthenticationResult!;
  expect(second.RefreshToken).toBeDefined();
  expect(second.RefreshToken).not.toBe(first.RefreshToken);
  expect(claimsOf(second.AccessToken!).origin_jti).toBe(claimsOf(first.AccessToken!).origin_jti);
  const third = (await refresh(second.RefreshToken!)).AuthenticationResult!;
  expect((await anyone.send(new GetUserCommand({ AccessToken: third.AccessToken! }))).Username).toBe("rosa");

  expect((await rejection(refresh(first.RefreshToken!))).name).toBe("RefreshTokenReuseException");
  expect(await rejection(refresh(third.RefreshToken!))).toMatchObject({
    name: "NotAuthorizedException",
    message: "Refresh Token has been revoked",
  });
  expect(await rejection(anyone.send(new GetUserCommand({ AccessToken: third.AccessToken! })))).toMatchObject(
    { name: "NotAuthorizedException", message: "Access Token has been revoked" },
  );
}
