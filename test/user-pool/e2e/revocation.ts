// Revocation bites: after GlobalSignOut, AdminUserGlobalSignOut, RevokeToken and
// AdminDisableUser, the old refresh token no longer refreshes and GetUser refuses the old access
// token, while a fresh sign-in (of a re-enabled user too) works again.
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  RevokeTokenCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { expect } from "vitest";
import { authorizer } from "../../../src/index.js";
import {
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  refresh,
  rejection,
  type Target,
} from "./target.js";

const PASSWORD = "Revoked-Pass-1";

/** Both the refresh and the GetUser of `tokens` fail with these messages. */
async function expectRevoked(
  target: Target,
  clientId: string,
  tokens: AuthenticationResultType,
  refreshMessage: string,
  accessMessage: string,
) {
  expect(await rejection(refresh(target, clientId, tokens.RefreshToken!))).toMatchObject({
    name: "NotAuthorizedException",
    message: refreshMessage,
  });
  expect(
    await rejection(client(target, "anyone").send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))),
  ).toMatchObject({ name: "NotAuthorizedException", message: accessMessage });
}

async function expectLive(
  target: Target,
  clientId: string,
  tokens: AuthenticationResultType,
  username: string,
) {
  expect(
    (await refresh(target, clientId, tokens.RefreshToken!)).AuthenticationResult!.AccessToken,
  ).toBeDefined();
  expect(
    (await client(target, "anyone").send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).Username,
  ).toBe(username);
}

export async function revocation(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target);
  for (const name of ["nia", "otto", "pia", "rex"]) await confirmedUser(target, poolId, name, PASSWORD);
  const signIn = (name: string) => passwordSignIn(target, clientId, name, PASSWORD);
  const REVOKED = ["Refresh Token has been revoked", "Access Token has been revoked"] as const;

  // GlobalSignOut ends every sign-in of the user, not only the one whose token it was given.
  const [nia1, nia2] = [await signIn("nia"), await signIn("nia")];
  await anyone.send(new GlobalSignOutCommand({ AccessToken: nia1.AccessToken! }));
  await expectRevoked(target, clientId, nia1, ...REVOKED);
  await expectRevoked(target, clientId, nia2, ...REVOKED);
  await expectLive(target, clientId, await signIn("nia"), "nia");

  // AdminUserGlobalSignOut, by the admin, does the same.
  const otto = await signIn("otto");
  const bystander = await signIn("pia");
  await client(target).send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "otto" }));
  await expectRevoked(target, clientId, otto, ...REVOKED);
  await expectLive(target, clientId, bystander, "pia");
  await expectLive(target, clientId, await signIn("otto"), "otto");

  // RevokeToken ends one sign-in (its refresh token and the access tokens of its family) only.
  const [pia1, pia2] = [await signIn("pia"), await signIn("pia")];
  await anyone.send(new RevokeTokenCommand({ ClientId: clientId, Token: pia1.RefreshToken! }));
  await expectRevoked(target, clientId, pia1, ...REVOKED);
  await expectLive(target, clientId, pia2, "pia");

  // AdminDisableUser revokes the user's tokens for good: enabling the user again does not revive them.
  const rex = await signIn("rex");
  await client(target).send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "rex" }));
  await expectRevoked(target, clientId, rex, ...REVOKED);
  expect(await rejection(signIn("rex"))).toMatchObject({
    name: "NotAuthorizedException",
    message: "User is disabled.",
  });
  await client(target).send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "rex" }));
  await expectRevoked(target, clientId, rex, ...REVOKED);
  const rexAgain = await signIn("rex");
  await expectLive(target, clientId, rexAgain, "rex");

  // authorizer() in front of an API, polling this pool's revocation feed, agrees with GetUser.
  const api = new Hono();
  api.use(
    "*",
    authorizer({
      issuers: [
        {
          type: "cognito",
          userPoolId: poolId,
          clientId,
          tokenUse: "access",
          issuer: `${target.endpoint}/${poolId}`,
          revocations: { secret: target.feedSecret },
        },
      ],
    }),
  );
  api.get("/me", (c) => c.text(c.var.principal.username ?? ""));
  const status = async (tokens: AuthenticationResultType) =>
    (await api.request("/me", { headers: { authorization: `Bearer ${tokens.AccessToken}` } })).status;
  expect(await Promise.all([nia1, nia2, otto, pia1, rex].map(status))).toEqual([401, 401, 401, 401, 401]);
  expect(await Promise.all([bystander, pia2, rexAgain].map(status))).toEqual([200, 200, 200]);
}
