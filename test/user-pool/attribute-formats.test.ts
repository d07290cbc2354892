// email and phone_number values are checked on every write path (SignUp, AdminCreateUser,
// UpdateUserAttributes, AdminUpdateUserAttributes, the NEW_PASSWORD_REQUIRED answer): one address
// without CR/LF with an @, and an E.164 number, in Cognito's words. Over the wire, AWS SDK v3.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Format-Horse-9x";
const EMAIL = ["InvalidParameterException", "Invalid email address format."];
const PHONE = ["InvalidParameterException", "Invalid phone number format."];
const BAD_EMAILS = [
  "no-at-sign",
  "a@b.io\r\nBcc: victim@example.com",
  "a@b.io,c@d.io",
  "a@b@c.io",
  "@example.com",
  "a@",
  "two words@example.com",
  "a@b.io\n",
  "<a@b.io>",
  "a@b.io; c@d.io",
];
const BAD_PHONES = [
  "5555550100",
  "+1 555 555 0100",
  "+1-555-555-0100",
  "+",
  "+15555550100\n",
  "tel:+15555550100",
  "+1555abc0100",
  "++15555550100",
];
const list = (record: Record<string, string>) =>
  Object.entries(record).map(([Name, Value]) => ({ Name, Value }));

describe("email and phone_number formats", () => {
  it("are refused on every write path, and well-formed values pass", async () => {
    const poolId = await env.newPool();
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "fay",
        MessageAction: "SUPPRESS",
        UserAttributes: list({ email: "fay@example.com" }),
      }),
    );
    await env.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "fay",
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const { AccessToken } = (
      await env.anyone().send(
        new InitiateAuthCommand({
          ClientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "fay", PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "gil",
        TemporaryPassword: "Temp-Pass-11x",
        MessageAction: "SUPPRESS",
      }),
    );
    const before = attrs(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "fay" })))
        .UserAttributes,
    );

    const paths: Record<string, (attributes: Record<string, string>) => Promise<unknown>> = {
      SignUp: (a) =>
        env.anyone().send(
          new SignUpCommand({
            ClientId,
            Username: `s${crypto.randomUUID().slice(0, 8)}`,
            Password: PASSWORD,
            UserAttributes: list(a),
          }),
        ),
      AdminCreateUser: (a) =>
        env.admin().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: `a${crypto.randomUUID().slice(0, 8)}`,
            MessageAction: "SUPPRESS",
            UserAttributes: list(a),
          }),
        ),
      UpdateUserAttributes: (a) =>
        env.anyone().send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: list(a) })),
      AdminUpdateUserAttributes: (a) =>
        env.admin().send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: "fay",
            UserAttributes: list(a),
          }),
        ),
      NEW_PASSWORD_REQUIRED: async (a) => {
        const started = await env.anyone().send(
          new InitiateAuthCommand({
            ClientId,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: "gil", PASSWORD: "Temp-Pass-11x" },
          }),
        );
        const responses = {
          USERNAME: "gil",
          NEW_PASSWORD: PASSWORD,
          ...Object.fromEntries(Object.entries(a).map(([k, v]) => [`userAttributes.${k}`, v])),
        };
        return env.anyone().send(
          new RespondToAuthChallengeCommand({
            ClientId,
            ChallengeName: "NEW_PASSWORD_REQUIRED",
            Session: started.Session,
            ChallengeResponses: responses,
          }),
        );
      },
    };
    for (const [path, write] of Object.entries(paths)) {
      for (const email of BAD_EMAILS) {
        const error = await rejection(write({ email }));
        expect([error.name, error.message], `${path} ${JSON.stringify(email)}`).toEqual(EMAIL);
      }
      for (const phone_number of BAD_PHONES) {
        const error = await rejection(write({ phone_number }));
        expect([error.name, error.message], `${path} ${JSON.stringify(phone_number)}`).toEqual(PHONE);
      }
    }
    expect(
      attrs(
        (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "fay" })))
          .UserAttributes,
      ),
    ).toEqual(before);
    for (const [path, write] of Object.entries(paths)) {
      await expect(
        write({ email: `ok.${path}+tag@sub.example.com`, phone_number: "+15555550100" }),
        path,
      ).resolves.toBeDefined();
    }
  });

  it("hold for a username that is the email", async () => {
    const poolId = await env.newPool({ UsernameAttributes: ["email"] });
    const { UserPoolClient } = await env
      .admin()
      .send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }));
    const cases: [string, string[]][] = [
      ["a,b@c.io", EMAIL],
      ["a;b@c.io", EMAIL],
      ["<a@b.io>", EMAIL],
      ["a@b.io,c", EMAIL],
      ["a@b.io,c@d.io", ["InvalidParameterException", "Username should be an email."]],
    ];
    for (const [Username, expected] of cases) {
      const signUp = await rejection(
        env
          .anyone()
          .send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username, Password: PASSWORD })),
      );
      expect([signUp.name, signUp.message], Username).toEqual(expected);
      const invited = await rejection(
        env
          .admin()
          .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: "SUPPRESS" })),
      );
      expect([invited.name, invited.message], Username).toEqual(expected);
    }
  });
});
