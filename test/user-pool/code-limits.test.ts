// The limits on codes over the wire, with the real AWS SDK v3 client against the real Node entry:
// failed attempts are counted per user and purpose across reissued codes (5 an hour, then a
// 15-minute lock in which even the right code is refused), sends are limited (5 an hour), a
// parallel burst gets no more guesses than that, and a client hiding user existence answers an
// unknown name as it answers a real user.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  LimitExceededException,
  ResendConfirmationCodeCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const { admin, anyone, lastMessageTo, newPool, outbox } = usersServer();

const PASSWORD = "Original1Pass";
const NEW = "Replaced2Pass";
const LIMIT = "Attempt limit exceeded, please try after some time.";
const wrongCode = (code: string, i = 0) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0");

async function pool() {
  const poolId = await newPool({
    AutoVerifiedAttributes: ["email"],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
  });
  const flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;
  const legacy = await admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "legacy",
      ExplicitAuthFlows: [...flows],
      PreventUserExistenceErrors: "LEGACY",
    }),
  );
  const hidden = await admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "hidden",
      ExplicitAuthFlows: [...flows],
      PreventUserExistenceErrors: "ENABLED",
    }),
  );
  async function user(username: string, email: string, verified = true) {
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: String(verified) },
        ],
      }),
    );
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  }
  return {
    poolId,
    clientId: legacy.UserPoolClient!.ClientId!,
    hiddenClientId: hidden.UserPoolClient!.ClientId!,
    user,
  };
}

async function expectLimit(promise: Promise<unknown>): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(LimitExceededException);
  expect(error.message).toBe(LIMIT);
}

describe("failed attempts are counted across reissued codes", () => {
  it("ForgotPassword + 5 wrong ConfirmForgotPassword: LimitExceededException, and a new code is refused too while locked", async () => {
    const { clientId, user } = await pool();
    await user("olga", "olga@example.com");
    const confirm = (ConfirmationCode: string) =>
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "olga",
          ConfirmationCode,
          Password: NEW,
        }),
      );
    await anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "olga" }));
    const first = lastMessageTo("olga@example.com").code!;
    for (let i = 0; i < 3; i++)
      expect(await rejection(confirm(wrongCode(first, i)))).toBeInstanceOf(CodeMismatchException);
    // Today's attack: a new code, hoping for a new set of guesses. The count goes on.
    await anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "olga" }));
    const second = lastMessageTo("olga@example.com").code!;
    for (let i = 0; i < 2; i++)
      expect(await rejection(confirm(wrongCode(second, i)))).toBeInstanceOf(CodeMismatchException);
    await expectLimit(confirm(second));
    await anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "olga" }));
    await expectLimit(confirm(lastMessageTo("olga@example.com").code!));
  });

  it("ConfirmSignUp and ResendConfirmationCode: the same", async () => {
    const { clientId } = await pool();
    await anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "leo",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "leo@example.com" }],
      }),
    );
    const confirm = (ConfirmationCode: string) =>
      anyone().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "leo", ConfirmationCode }));
    for (let round = 0; round < 4; round++) {
      await anyone().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "leo" }));
      if (round < 1)
        for (let i = 0; i < 5; i++)
          expect(
            await rejection(confirm(wrongCode(lastMessageTo("leo@example.com").code!, i))),
          ).toBeInstanceOf(CodeMismatchException);
      else await expectLimit(confirm(lastMessageTo("leo@example.com").code!));
    }
  });

  it("VerifyUserAttribute and GetUserAttributeVerificationCode: the same", async () => {
    const { clientId, user } = await pool();
    await user("uma", "uma@example.com", false);
    const signIn = await anyone().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "uma", PASSWORD },
      }),
    );
    const AccessToken = signIn.AuthenticationResult!.AccessToken!;
    const verify = (Code: string) =>
      anyone().send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code }));
    await anyone().send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
    for (let i = 0; i < 5; i++)
      expect(await rejection(verify(wrongCode(lastMessageTo("uma@example.com").code!, i)))).toBeInstanceOf(
        CodeMismatchException,
      );
    await anyone().send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
    await expectLimit(verify(lastMessageTo("uma@example.com").code!));
  });

  it("a parallel burst of 30 guesses, the right code last, gets 5 comparisons and no success", async () => {
    const { clientId, user } = await pool();
    await user("bea", "bea@example.com");
    await anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "bea" }));
    const code = lastMessageTo("bea@example.com").code!;
    const guesses = [...Array.from({ length: 29 }, (_, i) => wrongCode(code, i)), code];
    const results = await Promise.allSettled(
      guesses.map((ConfirmationCode) =>
        anyone().send(
          new ConfirmForgotPasswordCommand({
            ClientId: clientId,
            Username: "bea",
            ConfirmationCode,
            Password: NEW,
          }),
        ),
      ),
    );
    const reasons = results.map((r) => (r.status === "rejected" ? (r.reason as Error).name : "ok"));
    expect(reasons.filter((r) => r === "CodeMismatchException")).toHaveLength(5);
    expect(reasons.filter((r) => r === "LimitExceededException")).toHaveLength(25);
  });
});

describe("codes sent are limited", () => {
  it("5 ForgotPassword an hour per user, then LimitExceededException; an unknown name behind PreventUserExistenceErrors answers alike", async () => {
    const { clientId, hiddenClientId, user } = await pool();
    await user("rosa", "rosa@example.com");
    const before = outbox().length;
    for (const [client, name] of [
      [clientId, "rosa"],
      [hiddenClientId, "nobody"],
    ] as const) {
      for (let i = 0; i < 5; i++)
        expect(
          (await anyone().send(new ForgotPasswordCommand({ ClientId: client, Username: name })))
            .CodeDeliveryDetails,
        ).toBeDefined();
      await expectLimit(anyone().send(new ForgotPasswordCommand({ ClientId: client, Username: name })));
    }
    expect(outbox().length - before).toBe(5);
    // The existing user through the hiding client: the same count, the same answer.
    await expectLimit(
      anyone().send(new ForgotPasswordCommand({ ClientId: hiddenClientId, Username: "rosa" })),
    );
  });

  it("UpdateUserAttributes past the send limit changes nothing: the send is counted before the write", async () => {
    const { clientId, user } = await pool();
    await user("ivy", "ivy@example.com");
    const { AuthenticationResult } = await anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: "ivy", PASSWORD },
      }),
    );
    const AccessToken = AuthenticationResult!.AccessToken!;
    for (let i = 0; i < 5; i++)
      await anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: "email", Value: `ivy${i}@example.com` }],
        }),
      );
    await expectLimit(
      anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [
            { Name: "email", Value: "ivy-late@example.com" },
            { Name: "name", Value: "Ivy" },
          ],
        }),
      ),
    );
    const after = (await anyone().send(new GetUserCommand({ AccessToken }))).UserAttributes!;
    expect(after.find((a) => a.Name === "email")?.Value).toBe("ivy4@example.com");
    expect(after.find((a) => a.Name === "name")).toBeUndefined();
  });

  it("a parallel burst of 20 ResendConfirmationCode sends exactly 5 codes after SignUp's (which is not counted)", async () => {
    const { clientId } = await pool();
    await anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "ivy",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "ivy@example.com" }],
      }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        anyone().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "ivy" })),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(
      results.filter((r) => r.status === "rejected" && (r.reason as Error).name === "LimitExceededException"),
    ).toHaveLength(15);
    expect(outbox().filter((m) => m.to === "ivy@example.com")).toHaveLength(6);
  });

  it("ResendConfirmationCode behind PreventUserExistenceErrors: a user who just signed up and an unknown name both get 5, then LimitExceededException", async () => {
    const { hiddenClientId } = await pool();
    await anyone().send(
      new SignUpCommand({
        ClientId: hiddenClientId,
        Username: "newbie",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "newbie@example.com" }],
      }),
    );
    for (const name of ["newbie", "stranger"]) {
      for (let i = 0; i < 5; i++)
        await anyone().send(new ResendConfirmationCodeCommand({ ClientId: hiddenClientId, Username: name }));
      await expectLimit(
        anyone().send(new ResendConfirmationCodeCommand({ ClientId: hiddenClientId, Username: name })),
      );
    }
  });

  it("an unknown name behind PreventUserExistenceErrors: 5 CodeMismatchException, then LimitExceededException, as a real user", async () => {
    const { hiddenClientId, user } = await pool();
    await user("vic", "vic@example.com");
    await anyone().send(new ForgotPasswordCommand({ ClientId: hiddenClientId, Username: "vic" }));
    const code = lastMessageTo("vic@example.com").code!;
    for (const [name, typed] of [
      ["vic", wrongCode(code)],
      ["ghost", "123456"],
    ] as const) {
      const confirm = () =>
        anyone().send(
          new ConfirmForgotPasswordCommand({
            ClientId: hiddenClientId,
            Username: name,
            ConfirmationCode: typed,
            Password: NEW,
          }),
        );
      for (let i = 0; i < 5; i++) expect(await rejection(confirm())).toBeInstanceOf(CodeMismatchException);
      await expectLimit(confirm());
    }
    for (let i = 0; i < 5; i++)
      expect(
        await rejection(
          anyone().send(
            new ConfirmSignUpCommand({
              ClientId: hiddenClientId,
              Username: "ghost",
              ConfirmationCode: "123456",
            }),
          ),
        ),
      ).toBeInstanceOf(CodeMismatchException);
    await expectLimit(
      anyone().send(
        new ConfirmSignUpCommand({ ClientId: hiddenClientId, Username: "ghost", ConfirmationCode: "123456" }),
      ),
    );
  });
});
