// App-client settings that shape tokens, through the AWS SDK v3 against the Node entry:
// ReadAttributes and WriteAttributes (SignUp and UpdateUserAttributes may set only writable
// attributes; GetUser and the ID token show only readable ones, and sub, while another client of
// the pool sees everything), and each token's own validity.
import {
  AdminConfirmSignUpCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Client-Horse-9!x";
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

describe("ReadAttributes and WriteAttributes", () => {
  it("limit what a client sets and sees", async () => {
    const poolId = await env.newPool();
    const client = async (settings: { ReadAttributes?: string[]; WriteAttributes?: string[] }) =>
      (
        await env.admin().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: "app",
            ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            ...settings,
          }),
        )
      ).UserPoolClient!.ClientId!;
    const narrow = await client({
      ReadAttributes: ["email", "email_verified"],
      WriteAttributes: ["email", "name"],
    });
    const wide = await client({});

    const refused = await rejection(
      env.anyone().send(
        new SignUpCommand({
          ClientId: narrow,
          Username: "nell",
          Password: PASSWORD,
          UserAttributes: [{ Name: "family_name", Value: "Gwyn" }],
        }),
      ),
    );
    expect([refused.name, refused.message]).toEqual([
      "NotAuthorizedException",
      "A client attempted to write unauthorized attribute",
    ]);
    await env.anyone().send(
      new SignUpCommand({
        ClientId: narrow,
        Username: "nell",
        Password: PASSWORD,
        UserAttributes: [
          { Name: "email", Value: "nell@example.com" },
          { Name: "name", Value: "Nell" },
        ],
      }),
    );
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "nell" }));
    await env.admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "nell",
        UserAttributes: [{ Name: "family_name", Value: "Gwyn" }],
      }),
    );

    const signIn = async (ClientId: string) =>
      (
        await env.anyone().send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId,
            AuthParameters: { USERNAME: "nell", PASSWORD },
          }),
        )
      ).AuthenticationResult!;
    const narrowTokens = await signIn(narrow);
    const seen = attrs(
      (await env.anyone().send(new GetUserCommand({ AccessToken: narrowTokens.AccessToken! })))
        .UserAttributes,
    );
    expect(Object.keys(seen).sort()).toEqual(["email", "sub"]);
    expect(claims(narrowTokens.IdToken!)).toMatchObject({
      email: "nell@example.com",
      "cognito:username": "nell",
    });
    expect(claims(narrowTokens.IdToken!)).not.toHaveProperty("name");
    expect(claims(narrowTokens.IdToken!)).not.toHaveProperty("family_name");
    const update = await rejection(
      env.anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken: narrowTokens.AccessToken!,
          UserAttributes: [{ Name: "family_name", Value: "X" }],
        }),
      ),
    );
    expect(update.name).toBe("NotAuthorizedException");

    const wideTokens = await signIn(wide);
    expect(
      attrs(
        (await env.anyone().send(new GetUserCommand({ AccessToken: wideTokens.AccessToken! })))
          .UserAttributes,
      ),
    ).toMatchObject({ name: "Nell", family_name: "Gwyn", email: "nell@example.com" });
    expect(claims(wideTokens.IdToken!)).toMatchObject({ name: "Nell", family_name: "Gwyn" });
  });
});

describe("token validity", () => {
  it("gives the access and ID tokens each their client's lifetime", async () => {
    const poolId = await env.newPool();
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AccessTokenValidity: 10,
        IdTokenValidity: 2,
        TokenValidityUnits: { AccessToken: "minutes", IdToken: "hours" },
      }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    await env.anyone().send(new SignUpCommand({ ClientId, Username: "tia", Password: PASSWORD }));
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "tia" }));
    const result = (
      await env.anyone().send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId,
          AuthParameters: { USERNAME: "tia", PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    expect(result.ExpiresIn).toBe(600);
    const access = claims(result.AccessToken!);
    const id = claims(result.IdToken!);
    expect((access.exp as number) - (access.iat as number)).toBe(600);
    expect((id.exp as number) - (id.iat as number)).toBe(7200);
  });
});
