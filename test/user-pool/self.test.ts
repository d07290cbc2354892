// The signed-in user's own account and its recovery, driven by the real AWS SDK v3 Cognito client
// against the real Node entry over HTTP: ForgotPassword / ConfirmForgotPassword, ChangePassword,
// AdminResetUserPassword, AdminUserGlobalSignOut. Codes are read from the outbox file.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  LimitExceededException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UpdateUserAttributesCommand,
  UserNotFoundException,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, POLICY, rejection, usersServer } from "./users-setup.js";

const { admin, anyone, expectNothingInClear, lastMessageTo, newPool, outbox, secrets } = usersServer();

const OLD = "Original1Pass";
const NEW = "Replaced2Pass";
const MISMATCH = "Invalid verification code provided, please try again.";
const EXPIRED = "Invalid code provided, please request a code again.";
const INCORRECT = "Incorrect username or password.";

/** A pool, a client allowing USER_PASSWORD_AUTH (LEGACY or ENABLED), and a helper to add confirmed users. */
async function recoveryPool(settings: Parameters<typeof newPool>[0] = {}) {
  const poolId = await newPool({
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
    ...settings,
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
  const clientId = legacy.UserPoolClient!.ClientId!;
  async function user(username: string, attributes: Record<string, string>, password = OLD) {
    secrets.add(password);
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
  }
  const signIn = (username: string, password: string) =>
    anyone().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  const status = async (username: string) =>
    (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus;
  return { poolId, clientId, hiddenClientId: hidden.UserPoolClient!.ClientId!, user, signIn, status };
}

const wrongCode = (code: string) => (code === "000000" ? "000001" : "000000");

describe("ForgotPassword and ConfirmForgotPassword", () => {
  it("sends a code to the verified email, takes it exactly once, and only the new password signs in", async () => {
    const { clientId, user, signIn, status } = await recoveryPool();
    await user("mia", { email: "mia@example.com", email_verified: "true" });
    const { CodeDeliveryDetails } = await anyone().send(
      new ForgotPasswordCommand({ ClientId: clientId, Username: "MIA" }),
    );
    expect(CodeDeliveryDetails).toEqual({
      Destination: "m****@e****",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    const message = lastMessageTo("mia@example.com");
    expect(message.code).toMatch(/^\d{6}$/);
    expect(message.body).toContain(message.code);
    const code = message.code!;

    const mismatch = await rejection(
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "mia",
          ConfirmationCode: wrongCode(code),
          Password: NEW,
        }),
      ),
    );
    expect(mismatch).toBeInstanceOf(CodeMismatchException);
    expect(mismatch.message).toBe(MISMATCH);
    // A refused password does not use the code up.
    const weak = await rejection(
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "mia",
          ConfirmationCode: code,
          Password: "short1A",
        }),
      ),
    );
    expect(weak).toBeInstanceOf(InvalidPasswordException);
    expect(weak.message).toBe(`${POLICY}Password not long enough`);

    secrets.add(NEW);
    const both = await Promise.allSettled(
      [0, 1].map(() =>
        anyone().send(
          new ConfirmForgotPasswordCommand({
            ClientId: clientId,
            Username: "mia",
            ConfirmationCode: code,
            Password: NEW,
          }),
        ),
      ),
    );
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(ExpiredCodeException);
    expect((loser.reason as Error).message).toBe(EXPIRED);
    expect(await status("mia")).toBe("CONFIRMED");

    const out = await signIn("mia", NEW);
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    const old = await rejection(signIn("mia", OLD));
    expect(old).toBeInstanceOf(NotAuthorizedException);
    expect(old.message).toBe(INCORRECT);
    expectNothingInClear("mia@example.com");
  });

  it("answers unknown users, missing channels, dead codes and too many tries in Cognito's words", async () => {
    const { clientId, hiddenClientId, user } = await recoveryPool();
    const unknown = await rejection(
      anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "nobody" })),
    );
    expect(unknown).toBeInstanceOf(UserNotFoundException);
    const hidden = await anyone().send(
      new ForgotPasswordCommand({ ClientId: hiddenClientId, Username: "nobody@example.com" }),
    );
    expect(hidden.CodeDeliveryDetails).toEqual({
      Destination: "n****@e****",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    const hiddenConfirm = await rejection(
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: hiddenClientId,
          Username: "nobody",
          ConfirmationCode: "123456",
          Password: NEW,
        }),
      ),
    );
    expect(hiddenConfirm).toBeInstanceOf(CodeMismatchException);
    expect(hiddenConfirm.message).toBe(MISMATCH);
    const legacyConfirm = await rejection(
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "nobody",
          ConfirmationCode: "123456",
          Password: NEW,
        }),
      ),
    );
    expect(legacyConfirm).toBeInstanceOf(UserNotFoundException);

    await user("noah", { email: "noah@example.com" }); // not verified
    const before = outbox().length;
    const channel = await rejection(
      anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "noah" })),
    );
    expect(channel).toBeInstanceOf(InvalidParameterException);
    expect(channel.message).toBe(
      "Cannot reset password for the user as there is no registered/verified email or phone_number",
    );
    expect(outbox()).toHaveLength(before);

    await user("olga", { email: "olga@example.com", email_verified: "true" });
    const never = await rejection(
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "olga",
          ConfirmationCode: "123456",
          Password: NEW,
        }),
      ),
    );
    expect(never).toBeInstanceOf(ExpiredCodeException);
    expect(never.message).toBe(EXPIRED);

    await anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "olga" }));
    const code = lastMessageTo("olga@example.com").code!;
    for (let i = 0; i < 5; i++) {
      const wrong = await rejection(
        anyone().send(
          new ConfirmForgotPasswordCommand({
            ClientId: clientId,
            Username: "olga",
            ConfirmationCode: wrongCode(code),
            Password: NEW,
          }),
        ),
      );
      expect(wrong).toBeInstanceOf(CodeMismatchException);
    }
    const limit = await rejection(
      anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "olga",
          ConfirmationCode: code,
          Password: NEW,
        }),
      ),
    );
    expect(limit).toBeInstanceOf(LimitExceededException);
    expect(limit.message).toBe("Attempt limit exceeded, please try after some time.");
  });

  it("follows AccountRecoverySetting: a verified phone number first gets the code by SMS", async () => {
    const { clientId, user } = await recoveryPool({
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Priority: 1, Name: "verified_phone_number" },
          { Priority: 2, Name: "verified_email" },
        ],
      },
    });
    await user("pia", {
      email: "pia@example.com",
      email_verified: "true",
      phone_number: "+15555550123",
      phone_number_verified: "true",
    });
    const { CodeDeliveryDetails } = await anyone().send(
      new ForgotPasswordCommand({ ClientId: clientId, Username: "pia" }),
    );
    expect(CodeDeliveryDetails).toEqual({
      Destination: "+*******0123",
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    });
    expect(lastMessageTo("+15555550123").channel).toBe("SMS");
  });
});

describe("ChangePassword", () => {
  it("checks the previous password and the policy, then only the new password signs in", async () => {
    const { user, signIn } = await recoveryPool();
    await user("quinn", { email: "quinn@example.com", email_verified: "true" });
    const token = (await signIn("quinn", OLD)).AuthenticationResult!.AccessToken!;

    const wrong = await rejection(
      anyone().send(
        new ChangePasswordCommand({
          AccessToken: token,
          PreviousPassword: "Wrong1Password",
          ProposedPassword: NEW,
        }),
      ),
    );
    expect(wrong).toBeInstanceOf(NotAuthorizedException);
    expect(wrong.message).toBe(INCORRECT);
    const weak = await rejection(
      anyone().send(
        new ChangePasswordCommand({
          AccessToken: token,
          PreviousPassword: OLD,
          ProposedPassword: "alllowercase1",
        }),
      ),
    );
    expect(weak).toBeInstanceOf(InvalidPasswordException);
    expect(weak.message).toBe(`${POLICY}Password must have uppercase characters`);
    const invalid = await rejection(
      anyone().send(
        new ChangePasswordCommand({
          AccessToken: "not.a.token",
          PreviousPassword: OLD,
          ProposedPassword: NEW,
        }),
      ),
    );
    expect(invalid).toBeInstanceOf(NotAuthorizedException);
    expect(invalid.message).toBe("Invalid Access Token");

    secrets.add(NEW);
    expect(
      await anyone().send(
        new ChangePasswordCommand({ AccessToken: token, PreviousPassword: OLD, ProposedPassword: NEW }),
      ),
    ).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect((await signIn("quinn", NEW)).AuthenticationResult?.AccessToken).toBeTruthy();
    const old = await rejection(signIn("quinn", OLD));
    expect(old).toBeInstanceOf(NotAuthorizedException);
    expect(old.message).toBe(INCORRECT);
    expectNothingInClear("quinn@example.com");
  });
});

describe("AdminResetUserPassword and AdminUserGlobalSignOut", () => {
  it("requires a reset, sends a code, and the code sets a password that signs in", async () => {
    const { poolId, clientId, user, signIn, status } = await recoveryPool();
    await user("rosa", { email: "rosa@example.com", email_verified: "true" });
    await admin().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "rosa" }));
    expect(await status("rosa")).toBe("RESET_REQUIRED");
    const required = await rejection(signIn("rosa", OLD));
    expect(required).toBeInstanceOf(PasswordResetRequiredException);
    expect(required.message).toBe("Password reset required for the user");
    const code = lastMessageTo("rosa@example.com").code!;
    secrets.add(NEW);
    await anyone().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "rosa",
        ConfirmationCode: code,
        Password: NEW,
      }),
    );
    expect(await status("rosa")).toBe("CONFIRMED");
    expect((await signIn("rosa", NEW)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await rejection(signIn("rosa", OLD))).toBeInstanceOf(NotAuthorizedException);

    const missing = await rejection(
      admin().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "nobody" })),
    );
    expect(missing).toBeInstanceOf(UserNotFoundException);
    expect(missing.message).toBe("User does not exist.");
    await user("sam", { email: "sam@example.com" });
    const channel = await rejection(
      admin().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "sam" })),
    );
    expect(channel).toBeInstanceOf(InvalidParameterException);
    expect(await status("sam")).toBe("CONFIRMED");
  });

  it("signs the user out everywhere: refresh and the old access token fail", async () => {
    const { poolId, clientId, user, signIn } = await recoveryPool();
    await user("tess", { email: "tess@example.com", email_verified: "true" });
    const tokens = (await signIn("tess", OLD)).AuthenticationResult!;
    expect((await anyone().send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).Username).toBe(
      "tess",
    );
    await admin().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "tess" }));
    const revoked = await rejection(anyone().send(new GetUserCommand({ AccessToken: tokens.AccessToken! })));
    expect(revoked).toBeInstanceOf(NotAuthorizedException);
    expect(revoked.message).toBe("Access Token has been revoked");
    const refresh = await rejection(
      anyone().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }),
      ),
    );
    expect(refresh).toBeInstanceOf(NotAuthorizedException);
    const missing = await rejection(
      admin().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "nobody" })),
    );
    expect(missing).toBeInstanceOf(UserNotFoundException);
    // Signed with a key that is not the admin's, it is refused.
    const unsigned = await rejection(
      anyone().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "tess" })),
    );
    expect(unsigned.name).toBe("UnrecognizedClientException");
  });
});

describe("the signed-in user's attributes and account", () => {
  async function signedIn(username: string, email: string) {
    const env = await recoveryPool({ AutoVerifiedAttributes: ["email"], AliasAttributes: ["email"] });
    await env.user(username, { email, email_verified: "true", name: "Before" });
    const token = (await env.signIn(username, OLD)).AuthenticationResult!.AccessToken!;
    const attributes = async () =>
      attrs((await anyone().send(new GetUserCommand({ AccessToken: token }))).UserAttributes);
    return { ...env, token, attributes };
  }

  it("updates attributes, re-verifies a changed email with a code used exactly once, and signs in with the verified alias", async () => {
    const { token, attributes, signIn } = await signedIn("uma", "uma@example.com");
    const out = await anyone().send(
      new UpdateUserAttributesCommand({
        AccessToken: token,
        UserAttributes: [
          { Name: "name", Value: "After" },
          { Name: "email", Value: "uma@example.org" },
        ],
      }),
    );
    expect(out.CodeDeliveryDetailsList).toEqual([
      { Destination: "u****@e****", DeliveryMedium: "EMAIL", AttributeName: "email" },
    ]);
    expect(await attributes()).toMatchObject({
      name: "After",
      email: "uma@example.org",
      email_verified: "false",
    });
    const code = lastMessageTo("uma@example.org").code!;

    const wrong = await rejection(
      anyone().send(
        new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: wrongCode(code) }),
      ),
    );
    expect(wrong).toBeInstanceOf(CodeMismatchException);
    expect(wrong.message).toBe(MISMATCH);
    const both = await Promise.allSettled(
      [0, 1].map(() =>
        anyone().send(
          new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code }),
        ),
      ),
    );
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(
      ExpiredCodeException,
    );
    expect((await attributes()).email_verified).toBe("true");
    expect((await signIn("uma@example.org", OLD)).AuthenticationResult?.AccessToken).toBeTruthy();

    const sub = await rejection(
      anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken: token,
          UserAttributes: [{ Name: "sub", Value: "x" }],
        }),
      ),
    );
    expect(sub).toBeInstanceOf(InvalidParameterException);
    const unknown = await rejection(
      anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken: token,
          UserAttributes: [{ Name: "custom:nope", Value: "x" }],
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(InvalidParameterException);
    expect(unknown.message).toBe(
      "Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined",
    );
    const invalid = await rejection(
      anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken: "not.a.token",
          UserAttributes: [{ Name: "name", Value: "x" }],
        }),
      ),
    );
    expect(invalid).toBeInstanceOf(NotAuthorizedException);
    expect(invalid.message).toBe("Invalid Access Token");
  });

  it("sends a fresh verification code on request, and refuses attributes it cannot verify", async () => {
    const { token, attributes } = await signedIn("vera", "vera@example.com");
    const { CodeDeliveryDetails } = await anyone().send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }),
    );
    expect(CodeDeliveryDetails).toEqual({
      Destination: "v****@e****",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    const first = lastMessageTo("vera@example.com").code!;
    await anyone().send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }),
    );
    const second = lastMessageTo("vera@example.com").code!;
    if (first !== second) {
      const old = await rejection(
        anyone().send(
          new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: first }),
        ),
      );
      expect(old).toBeInstanceOf(CodeMismatchException);
    }
    await anyone().send(
      new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: second }),
    );
    expect((await attributes()).email_verified).toBe("true");
    const never = await rejection(
      anyone().send(
        new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: second }),
      ),
    );
    expect(never).toBeInstanceOf(ExpiredCodeException);
    expect(never.message).toBe(EXPIRED);
    const phone = await rejection(
      anyone().send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "phone_number" }),
      ),
    );
    expect(phone).toBeInstanceOf(InvalidParameterException);
  });

  it("deletes attributes, then the account: the token no longer names a user", async () => {
    const { poolId, token, attributes, signIn } = await signedIn("wren", "wren@example.com");
    await anyone().send(
      new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["name", "email"] }),
    );
    const left = await attributes();
    expect(left).not.toHaveProperty("name");
    expect(left).not.toHaveProperty("email");
    expect(left).not.toHaveProperty("email_verified");
    expect(await rejection(signIn("wren@example.com", OLD))).toBeInstanceOf(UserNotFoundException);
    const subAttr = await rejection(
      anyone().send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["sub"] })),
    );
    expect(subAttr).toBeInstanceOf(InvalidParameterException);

    await anyone().send(new DeleteUserCommand({ AccessToken: token }));
    const gone = await rejection(
      admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "wren" })),
    );
    expect(gone).toBeInstanceOf(UserNotFoundException);
    const again = await rejection(anyone().send(new DeleteUserCommand({ AccessToken: token })));
    expect(again).toBeInstanceOf(UserNotFoundException);
    expect(again.message).toBe("User does not exist.");
    expect(await rejection(signIn("wren", OLD))).toBeInstanceOf(UserNotFoundException);
  });
});
