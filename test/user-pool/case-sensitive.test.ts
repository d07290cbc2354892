// UsernameConfiguration through the AWS SDK v3 against the Node entry: a CaseSensitive pool keeps
// "Bob" and "bob" apart in sign-up, sign-in, administration and ListUsers; a pool created without
// the setting (cognate's default, AWS's recommendation) folds case.
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Case-Horse-9!x";

async function poolAndClient(settings: Parameters<typeof env.newPool>[0]) {
  const poolId = await env.newPool(settings);
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const signUp = async (Username: string) => {
    const out = await env
      .anyone()
      .send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD }));
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
    return out.UserSub!;
  };
  const signIn = (USERNAME: string) =>
    env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME, PASSWORD },
      }),
    );
  return { poolId, signUp, signIn };
}

describe("UsernameConfiguration", () => {
  it("keeps usernames that differ in case apart in a CaseSensitive pool", async () => {
    const { poolId, signUp, signIn } = await poolAndClient({
      UsernameConfiguration: { CaseSensitive: true },
    });
    const { UserPool } = await env.admin().send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool!.UsernameConfiguration).toEqual({ CaseSensitive: true });
    const upper = await signUp("Bob");
    const lower = await signUp("bob");
    expect(upper).not.toBe(lower);
    expect(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "Bob" })))
        .UserAttributes,
    ).toContainEqual({ Name: "sub", Value: upper });
    expect(
      (await rejection(env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "BOB" }))))
        .name,
    ).toBe("UserNotFoundException");
    const token = (await signIn("bob")).AuthenticationResult!.AccessToken!;
    expect(JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sub).toBe(lower);
    expect((await rejection(signIn("BOB"))).name).toBe("UserNotFoundException");
    const { Users } = await env
      .admin()
      .send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "Bob"' }));
    expect(Users!.map((u) => u.Username)).toEqual(["Bob"]);
  });

  it("folds case in a pool created without it, and says so", async () => {
    const { poolId, signUp, signIn } = await poolAndClient({});
    const { UserPool } = await env.admin().send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool!.UsernameConfiguration).toEqual({ CaseSensitive: false });
    await signUp("Dora");
    expect((await rejection(signUp("dora"))).name).toBe("UsernameExistsException");
    expect((await signIn("DORA")).AuthenticationResult!.AccessToken).toBeDefined();
    const { Users } = await env
      .admin()
      .send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "dORA"' }));
    expect(Users!.map((u) => u.Username)).toEqual(["Dora"]);
  });
});

describe("usernames that only look alike (NFKC)", () => {
  it("are one account: a full-width or decomposed spelling cannot sign up beside the plain one, and signs in to it", async () => {
    const { poolId, signUp, signIn } = await poolAndClient({});
    const sub = await signUp("alice");
    expect((await rejection(signUp("\uff41\uff4c\uff49\uff43\uff45"))).name).toBe("UsernameExistsException");
    const token = (await signIn("\uff21\uff2c\uff29\uff23\uff25")).AuthenticationResult!.AccessToken!;
    expect(JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sub).toBe(sub);
    const decomposed = await signUp("rene\u0301");
    expect((await rejection(signUp("ren\u00e9"))).name).toBe("UsernameExistsException");
    const found = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "REN\u00c9" }));
    expect([found.Username, found.UserAttributes?.find((a) => a.Name === "sub")?.Value]).toEqual([
      "rene\u0301",
      decomposed,
    ]);
    const { Users } = await env
      .admin()
      .send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "\uff41lice"' }));
    expect(Users!.map((u) => u.Username)).toEqual(["alice"]);
  });
});
