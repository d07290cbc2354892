// One name signs in one user: a username and the sign-in aliases (verified email and phone,
// preferred_username) are one key space per pool, driven with the AWS SDK v3 against the real
// Node entry. Each case is an attack that used to take a victim's sign-in or recovery over.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AliasExistsException,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolCommandInput,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const { admin, anyone, lastMessageTo, newPool, secrets } = usersServer();

const VICTIM_PASSWORD = "Victim1Password";
const ATTACKER_PASSWORD = "Attacker1Password";
const EMAIL_FORMAT = "Username cannot be of email format, since user pool is configured for email alias.";
const PHONE_FORMAT =
  "Username cannot be of phone number format, since user pool is configured for phone number alias.";

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

async function aliasPool(AliasAttributes: CreateUserPoolCommandInput["AliasAttributes"]) {
  secrets.add(VICTIM_PASSWORD).add(ATTACKER_PASSWORD);
  const poolId = await newPool({
    AliasAttributes,
    AutoVerifiedAttributes: ["email"],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
  });
  const { UserPoolClient } = await admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  async function user(username: string, attributes: Record<string, string>, password: string) {
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
  const signUp = (username: string, attributes: Record<string, string> = {}) =>
    anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: ATTACKER_PASSWORD,
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  const adminCreate = (username: string) =>
    admin().send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" }),
    );
  const signedInAs = async (name: string, password: string) =>
    claims((await signIn(name, password)).AuthenticationResult!.IdToken!)["cognito:username"];
  return { poolId, clientId, user, signIn, signUp, adminCreate, signedInAs };
}

async function victimPool() {
  const env = await aliasPool(["email", "phone_number", "preferred_username"]);
  await env.user(
    "victim",
    {
      email: "victim@example.com",
      email_verified: "true",
      phone_number: "+15550001111",
      phone_number_verified: "true",
      preferred_username: "VicNick",
    },
    VICTIM_PASSWORD,
  );
  return env;
}

describe("a username and the sign-in aliases are one key space", () => {
  it("refuses an email-format username when email is an alias, on SignUp and AdminCreateUser, so the victim's email stays theirs", async () => {
    const { poolId, clientId, signUp, adminCreate, signIn, signedInAs } = await victimPool();
    for (const name of ["victim@example.com", "someone.else@example.com", "victim＠example.com"]) {
      for (const attempt of [signUp(name), adminCreate(name)]) {
        const refused = await rejection(attempt);
        expect(refused).toBeInstanceOf(InvalidParameterException);
        expect(refused.message).toBe(EMAIL_FORMAT);
      }
    }
    expect(await signedInAs("victim@example.com", VICTIM_PASSWORD)).toBe("victim");
    expect(await rejection(signIn("victim@example.com", ATTACKER_PASSWORD))).toBeInstanceOf(
      NotAuthorizedException,
    );
    // Recovery by the email goes to the victim.
    const { CodeDeliveryDetails } = await anyone().send(
      new ForgotPasswordCommand({ ClientId: clientId, Username: "victim@example.com" }),
    );
    expect(CodeDeliveryDetails?.AttributeName).toBe("email");
    expect(lastMessageTo("victim@example.com")).toMatchObject({ userPoolId: poolId, username: "victim" });
  });

  it("refuses a phone-number-format username when phone_number is an alias", async () => {
    const { signUp, adminCreate, signedInAs } = await victimPool();
    for (const name of ["+15550001111", "+15550002222", "＋１５５５０００１１１１"]) {
      for (const attempt of [signUp(name), adminCreate(name)]) {
        const refused = await rejection(attempt);
        expect(refused).toBeInstanceOf(InvalidParameterException);
        expect(refused.message).toBe(PHONE_FORMAT);
      }
    }
    expect(await signedInAs("+15550001111", VICTIM_PASSWORD)).toBe("victim");
  });

  it("lets pools without those aliases keep email- and phone-shaped usernames", async () => {
    const { signUp, adminCreate } = await aliasPool(["preferred_username"]);
    expect((await signUp("someone@example.com")).UserSub).toBeTruthy();
    expect((await adminCreate("+15550003333")).User?.Username).toBe("+15550003333");
  });

  it("refuses a username equal (case- and NFKC-folded) to another user's preferred_username, even unconfirmed", async () => {
    const { poolId, signUp, adminCreate, signedInAs } = await victimPool();
    for (const name of ["vicnick", "VICNICK", "ＶｉｃＮｉｃｋ"]) {
      const bySignUp = await rejection(signUp(name));
      expect(bySignUp).toBeInstanceOf(UsernameExistsException);
      expect(bySignUp.message).toBe("User already exists");
      const byAdmin = await rejection(adminCreate(name));
      expect(byAdmin).toBeInstanceOf(UsernameExistsException);
      expect(byAdmin.message).toBe("User account already exists");
    }
    expect(await signedInAs("vicnick", VICTIM_PASSWORD)).toBe("victim");
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "VicNick" }))).Username,
    ).toBe("victim");
  });

  it("refuses a preferred_username or verified alias equal to another user's username or alias of another kind", async () => {
    const { poolId, user, signIn, signedInAs } = await victimPool();
    await user("attacker", { email: "attacker@example.com", email_verified: "true" }, ATTACKER_PASSWORD);
    const token = (await signIn("attacker", ATTACKER_PASSWORD)).AuthenticationResult!.AccessToken!;
    for (const value of ["victim", "VICTIM", "victim@example.com", "+15550001111"]) {
      const self = await rejection(
        anyone().send(
          new UpdateUserAttributesCommand({
            AccessToken: token,
            UserAttributes: [{ Name: "preferred_username", Value: value }],
          }),
        ),
      );
      expect(self).toBeInstanceOf(AliasExistsException);
      expect(self.message).toBe("An account with the given preferred_username already exists.");
      const byAdmin = await rejection(
        admin().send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: "attacker",
            UserAttributes: [{ Name: "preferred_username", Value: value }],
          }),
        ),
      );
      expect(byAdmin).toBeInstanceOf(AliasExistsException);
    }
    // A verified email equal to another user's preferred_username is refused as well.
    await admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "victim",
        UserAttributes: [{ Name: "preferred_username", Value: "nick@example.org" }],
      }),
    );
    const email = await rejection(
      admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: "attacker",
          UserAttributes: [
            { Name: "email", Value: "nick@example.org" },
            { Name: "email_verified", Value: "true" },
          ],
        }),
      ),
    );
    expect(email).toBeInstanceOf(AliasExistsException);
    expect(email.message).toBe("An account with the given email already exists.");
    for (const name of ["victim", "victim@example.com", "+15550001111", "nick@example.org"])
      expect(await signedInAs(name, VICTIM_PASSWORD)).toBe("victim");
    expect(await signedInAs("attacker@example.com", ATTACKER_PASSWORD)).toBe("attacker");
  });

  it("keeps another user's email out of preferred_username in a pool that lists preferred_username first, so sign-in and recovery agree", async () => {
    const { poolId, clientId, user, signIn, signedInAs } = await aliasPool(["preferred_username", "email"]);
    await user("victim", { email: "victim@example.com", email_verified: "true" }, VICTIM_PASSWORD);
    await user("attacker", { email: "attacker@example.com", email_verified: "true" }, ATTACKER_PASSWORD);
    const token = (await signIn("attacker", ATTACKER_PASSWORD)).AuthenticationResult!.AccessToken!;
    const refused = await rejection(
      anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken: token,
          UserAttributes: [{ Name: "preferred_username", Value: "Victim@Example.com" }],
        }),
      ),
    );
    expect(refused).toBeInstanceOf(AliasExistsException);
    expect(await signedInAs("victim@example.com", VICTIM_PASSWORD)).toBe("victim");
    expect(await rejection(signIn("victim@example.com", ATTACKER_PASSWORD))).toBeInstanceOf(
      NotAuthorizedException,
    );
    await anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "victim@example.com" }));
    expect(lastMessageTo("victim@example.com")).toMatchObject({ userPoolId: poolId, username: "victim" });
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "victim@example.com" })))
        .Username,
    ).toBe("victim");
  });

  it("refuses, before the code is used up, a confirmation whose email is another user's preferred_username or username", async () => {
    const { poolId, clientId, user, signUp, signedInAs } = await aliasPool(["email", "preferred_username"]);
    await user("victim", { preferred_username: "shared@example.com" }, VICTIM_PASSWORD);
    await signUp("newcomer", { email: "Shared@Example.com" });
    const code = lastMessageTo("Shared@Example.com").code!;
    for (const ForceAliasCreation of [false, true]) {
      const refused = await rejection(
        anyone().send(
          new ConfirmSignUpCommand({
            ClientId: clientId,
            Username: "newcomer",
            ConfirmationCode: code,
            ForceAliasCreation,
          }),
        ),
      );
      expect(refused).toBeInstanceOf(AliasExistsException);
      expect(refused.message).toBe("An account with the given email already exists.");
    }
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "newcomer" }))).UserStatus,
    ).toBe("UNCONFIRMED");
    expect(await signedInAs("shared@example.com", VICTIM_PASSWORD)).toBe("victim");
    // Once the name is free, the same code still confirms.
    await admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "victim",
        UserAttributes: [{ Name: "preferred_username", Value: "vic" }],
      }),
    );
    await anyone().send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: "newcomer", ConfirmationCode: code }),
    );
    expect(await signedInAs("shared@example.com", ATTACKER_PASSWORD)).toBe("newcomer");
  });
});
