// UserMigration through the real AWS SDK against the service in process: the legacy user created
// on a first password sign-in (and signed in with the password typed) or in ForgotPassword, the
// event field by field against AWS's documented shape, the response rules, the failures, and
// two simultaneous first sign-ins making one user.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import { arn, hang, rejection, triggerServer } from "./triggers-harness.js";

const env = triggerServer();
const attrs = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

/** AWS's documentation example, as a legacy store of one user: its attributes once the password is right. */
const LEGACY: Record<string, { password: string; email: string }> = {
  olga: { password: "Legacy-Pass-1", email: "olga@example.com" },
  "pam@example.com": { password: "Legacy-Pass-2", email: "pam@example.com" },
};
const legacyMigration: LambdaHandler = async (event) => {
  const legacy = LEGACY[event.userName];
  if (event.triggerSource === "UserMigration_Authentication") {
    if (legacy === undefined || legacy.password !== event.request.password) throw new Error("Bad password");
    event.response.userAttributes = { email: legacy.email, email_verified: "true" };
    event.response.finalUserStatus = "CONFIRMED";
    event.response.messageAction = "SUPPRESS";
  } else if (event.triggerSource === "UserMigration_ForgotPassword") {
    if (legacy === undefined) throw new Error("Bad user");
    event.response.userAttributes = { email: legacy.email, email_verified: "true" };
    event.response.messageAction = "SUPPRESS";
  }
  return event;
};

async function users(poolId: string) {
  return (await env.admin().send(new ListUsersCommand({ UserPoolId: poolId }))).Users ?? [];
}

const passwordSignIn = (
  clientId: string,
  USERNAME: string,
  PASSWORD: string,
  meta?: Record<string, string>,
) =>
  env.anyone().send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME, PASSWORD },
      ...(meta ? { ClientMetadata: meta } : {}),
    }),
  );

describe("UserMigration_Authentication", () => {
  it("migrates on the first USER_PASSWORD_AUTH, signs in with the typed password; the event as documented", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-a") } });
    env.handle("mig-a", legacyMigration);
    const out = await passwordSignIn(clientId, "olga", "Legacy-Pass-1", { app: "web" });
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    const [event] = env.eventsOf("UserMigration_Authentication").filter((e) => e.userPoolId === poolId);
    expectEnvelope(event, {
      triggerSource: "UserMigration_Authentication",
      userPoolId: poolId,
      userName: "olga",
      clientId,
    });
    expect(event!.request).toEqual({
      password: "Legacy-Pass-1",
      validationData: { app: "web" },
      clientMetadata: { app: "web" },
    });
    expect(event!.response).toEqual({
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    });
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "olga" }));
    expect(user.UserStatus).toBe("CONFIRMED");
    expect(attrs(user.UserAttributes)).toMatchObject({ email: "olga@example.com", email_verified: "true" });
    // The user exists now: the trigger is not asked again, and the password is the user's own.
    const count = env.events.length;
    const again = await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "olga", PASSWORD: "Legacy-Pass-1" },
      }),
    );
    expect(again.AuthenticationResult?.IdToken).toBeDefined();
    expect(env.events.length).toBe(count);
    expect((await rejection(passwordSignIn(clientId, "olga", "Wrong-Pass-1"))).name).toBe(
      "NotAuthorizedException",
    );
    expect(env.events.length).toBe(count);
  });

  it("ADMIN_USER_PASSWORD_AUTH migrates too, with no ClientMetadata: validationData null", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-b") } });
    env.handle("mig-b", legacyMigration);
    const out = await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "olga", PASSWORD: "Legacy-Pass-1" },
      }),
    );
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    const [event] = env.eventsOf("UserMigration_Authentication").filter((e) => e.userPoolId === poolId);
    expect(event!.request).toEqual({ password: "Legacy-Pass-1", validationData: null });
  });

  it("the function's refusal is UserLambdaValidationException and creates nobody; no answer is the unknown-user refusal", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-c") } });
    env.handle("mig-c", legacyMigration);
    const bad = await rejection(passwordSignIn(clientId, "olga", "Not-Her-Pass-1"));
    expect(bad.name).toBe("UserLambdaValidationException");
    expect(bad.message).toBe("UserMigration failed with error Bad password.");
    env.handle("mig-c", async (event) => event);
    const none = await rejection(passwordSignIn(clientId, "nobody", "Some-Pass-1"));
    expect(none.name).toBe("UserNotFoundException");
    expect(none.message).toBe("User does not exist.");
    env.handle("mig-c", async () => [1, 2]);
    expect((await rejection(passwordSignIn(clientId, "olga", "Legacy-Pass-1"))).name).toBe(
      "InvalidLambdaResponseException",
    );
    env.handle("mig-c", async (event) => ({ ...event, response: { userAttributes: { email: 7 } } }));
    expect((await rejection(passwordSignIn(clientId, "olga", "Legacy-Pass-1"))).name).toBe(
      "InvalidLambdaResponseException",
    );
    env.handle("mig-c", async (event) => ({
      ...event,
      response: { userAttributes: { email: "o@example.com" }, finalUserStatus: "UNCONFIRMED" },
    }));
    expect((await rejection(passwordSignIn(clientId, "olga", "Legacy-Pass-1"))).name).toBe(
      "InvalidLambdaResponseException",
    );
    env.handle("mig-c", hang);
    const hung = await rejection(passwordSignIn(clientId, "olga", "Legacy-Pass-1"));
    expect(hung.name).toBe("UnexpectedLambdaException");
    expect(hung.message).toBe("UserMigration invocation failed due to error TimeoutException.");
    expect(await users(poolId)).toHaveLength(0);
  });

  it("hiding users, no answer is the generic failure", async () => {
    const { clientId } = await env.pool(
      { LambdaConfig: { UserMigration: arn("mig-d") } },
      { PreventUserExistenceErrors: "ENABLED" },
    );
    env.handle("mig-d", async (event) => event);
    const error = await rejection(passwordSignIn(clientId, "nobody", "Some-Pass-1"));
    expect(error.name).toBe("NotAuthorizedException");
    expect(error.message).toBe("Incorrect username or password.");
  });

  it("writes only what a migration may: no sub, cognito:*, identities; an attribute outside the schema fails the migration", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-e") } });
    env.handle("mig-e", async (event) => {
      event.response.userAttributes = {
        email: "q@example.com",
        sub: "00000000-0000-0000-0000-000000000000",
        "cognito:user_status": "CONFIRMED",
        "cognito:groups": "admins",
        identities: "[]",
        name: "Quinn",
      };
      return event;
    });
    await passwordSignIn(clientId, "quinn", "Quinn-Pass-1");
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "quinn" }));
    const got = attrs(user.UserAttributes);
    expect(got.sub).not.toBe("00000000-0000-0000-0000-000000000000");
    expect(got).toMatchObject({ email: "q@example.com", name: "Quinn" });
    expect(Object.keys(got).filter((n) => n.startsWith("cognito:") || n === "identities")).toEqual([]);

    env.handle("mig-e", async (event) => {
      event.response.userAttributes = { "custom:nope": "1" };
      return event;
    });
    const error = await rejection(passwordSignIn(clientId, "rita", "Rita-Pass-1"));
    expect(error.name).toBe("UserNotFoundException");
    expect(error.message).toBe(`Exception migrating user in app client ${clientId}`);
    expect((await users(poolId)).map((u) => u.Username)).toEqual(["quinn"]);
  });

  it("finalUserStatus RESET_REQUIRED: the user is created and told to reset; enableSMSMFA and forceAliasCreation apply", async () => {
    // enableSMSMFA: "Your user pool must have MFA enabled" (triggers-migration-sms-mfa.test.ts).
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["email"],
      MfaConfiguration: "OPTIONAL",
      LambdaConfig: { UserMigration: arn("mig-f") },
    });
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "holder",
        UserAttributes: [
          { Name: "email", Value: "shared@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    env.handle("mig-f", async (event) => {
      event.response.userAttributes = {
        email: "shared@example.com",
        email_verified: "true",
        phone_number: "+15550100",
        phone_number_verified: "true",
      };
      event.response.finalUserStatus = "RESET_REQUIRED";
      event.response.forceAliasCreation = true;
      event.response.enableSMSMFA = true;
      return event;
    });
    const error = await rejection(passwordSignIn(clientId, "sam", "Sam-Pass-12"));
    expect(error.name).toBe("PasswordResetRequiredException");
    const sam = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "sam" }));
    expect(sam.UserStatus).toBe("RESET_REQUIRED");
    expect(sam.UserMFASettingList).toEqual(["SMS_MFA"]);
    // The alias moved to the migrated user: the email names sam now.
    const byEmail = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "shared@example.com" }));
    expect(byEmail.Username).toBe("sam");
    // "the previous user's email address will be marked as unverified", as PreSignUp's move.
    const holder = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "holder" }));
    expect(attrs(holder.UserAttributes)).toMatchObject({
      email: "shared@example.com",
      email_verified: "false",
    });
  });

  it("forceAliasCreation never takes a preferred_username (no verification proves it): AliasExistsException, nobody created", async () => {
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["preferred_username", "email"],
      LambdaConfig: { UserMigration: arn("mig-p") },
    });
    await env.user(poolId, "victim", "Victim-Pass-1", { preferred_username: "boss" });
    env.handle("mig-p", async (event) => {
      event.response.userAttributes = { preferred_username: "boss" };
      event.response.forceAliasCreation = true;
      return event;
    });
    const error = await rejection(passwordSignIn(clientId, "mallory", "Mallory-Pass-1"));
    expect(error.name).toBe("AliasExistsException");
    expect((await users(poolId)).map((u) => u.Username)).toEqual(["victim"]);
    // The alias still signs the victim in.
    const out = await passwordSignIn(clientId, "boss", "Victim-Pass-1");
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("without forceAliasCreation, an email alias another user holds is AliasExistsException, and nobody is created", async () => {
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["email"],
      LambdaConfig: { UserMigration: arn("mig-l") },
    });
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "holder",
        UserAttributes: [
          { Name: "email", Value: "taken@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    env.handle("mig-l", async (event) => {
      event.response.userAttributes = { email: "taken@example.com", email_verified: "true" };
      return event;
    });
    const error = await rejection(passwordSignIn(clientId, "tom", "Tom-Pass-123"));
    expect(error.name).toBe("AliasExistsException");
    expect((await users(poolId)).map((u) => u.Username)).toEqual(["holder"]);
  });

  it("email as username: the typed email becomes the email, the internal name the sub", async () => {
    const { poolId, clientId } = await env.pool({
      UsernameAttributes: ["email"],
      LambdaConfig: { UserMigration: arn("mig-g") },
    });
    env.handle("mig-g", legacyMigration);
    const out = await passwordSignIn(clientId, "pam@example.com", "Legacy-Pass-2");
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    const [user] = await users(poolId);
    expect(attrs(user!.Attributes).email).toBe("pam@example.com");
    expect(user!.Username).toBe(attrs(user!.Attributes).sub);
  });

  it("two simultaneous first sign-ins of one legacy user create one user, and neither gets a 500", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-h") } });
    env.handle("mig-h", async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return legacyMigration(event, undefined as never, () => undefined);
    });
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => passwordSignIn(clientId, "olga", "Legacy-Pass-1")),
    );
    for (const result of results) {
      if (result.status === "rejected") expect((result.reason as Error).name).not.toMatch(/Internal|Unknown/);
    }
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await users(poolId)).toHaveLength(1);
  });

  it("the SRP flow never asks the trigger", async () => {
    const { clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-i") } });
    env.handle("mig-i", legacyMigration);
    const before = env.events.length;
    const error = await rejection(
      env.anyone().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME: "olga", SRP_A: "ab".repeat(192) },
        }),
      ),
    );
    expect(error.name).toBe("UserNotFoundException");
    expect(env.events.length).toBe(before);
  });
});

describe("UserMigration writes the user, its moved aliases and its MFA together or not at all", () => {
  /** A pool whose function answers a verified email another user holds, forced, with SMS MFA. */
  async function forcedPool(fn: string) {
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["email", "preferred_username"],
      MfaConfiguration: "OPTIONAL",
      LambdaConfig: { UserMigration: arn(fn) },
    });
    await env.user(poolId, "holder", "Holder-Pass-1", {
      email: "moved@example.com",
      email_verified: "true",
    });
    env.handle(fn, async (event) => {
      event.response.userAttributes = {
        email: "moved@example.com",
        email_verified: "true",
        phone_number: "+15550111",
        phone_number_verified: "true",
      };
      event.response.forceAliasCreation = true;
      event.response.enableSMSMFA = true;
      event.response.messageAction = "SUPPRESS";
      return event;
    });
    const invocations = () =>
      env.eventsOf("UserMigration_Authentication").filter((e) => e.userPoolId === poolId).length;
    return { poolId, clientId, invocations };
  }

  /** The new user and the holder as they are after the migration that finally went through. */
  async function expectMigrated(poolId: string) {
    const mover = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "mover" }));
    expect(mover.UserMFASettingList).toEqual(["SMS_MFA"]);
    const byEmail = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "moved@example.com" }));
    expect(byEmail.Username).toBe("mover");
    const holder = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "holder" }));
    expect(attrs(holder.UserAttributes).email_verified).toBe("false");
  }

  // A fault the engine raises inside the write, for one pool: what a crash or a lost race would leave.
  const fault = (name: string, on: string, poolId: string) =>
    env.driver.run(
      `CREATE TRIGGER ${name} BEFORE ${on} WHEN ${on.startsWith("DELETE") ? "OLD" : "NEW"}.pool_id = '${poolId}' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );

  it("a move of the alias that fails leaves no user, the holder as it was; the next sign-in migrates again", async () => {
    const { poolId, clientId, invocations } = await forcedPool("mig-all-1");
    await fault("no_alias_move", "DELETE ON user_aliases", poolId);
    await rejection(passwordSignIn(clientId, "mover", "Mover-Pass-1"));
    await env.driver.run("DROP TRIGGER no_alias_move");
    expect((await users(poolId)).map((u) => u.Username)).toEqual(["holder"]);
    const holder = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "holder" }));
    expect(attrs(holder.UserAttributes).email_verified).toBe("true");
    // Migrated this time: the password is proven and the SMS MFA the answer asked for applies.
    const out = await passwordSignIn(clientId, "mover", "Mover-Pass-1");
    expect(out.ChallengeName).toBe("SMS_MFA");
    expect(invocations()).toBe(2);
    await expectMigrated(poolId);
  });

  it("an MFA setting that cannot be written leaves no user and no moved alias; the next sign-in migrates again", async () => {
    const { poolId, clientId, invocations } = await forcedPool("mig-all-2");
    await fault("no_mfa", "INSERT ON user_mfa", poolId);
    await rejection(passwordSignIn(clientId, "mover", "Mover-Pass-1"));
    await env.driver.run("DROP TRIGGER no_mfa");
    expect((await users(poolId)).map((u) => u.Username)).toEqual(["holder"]);
    const byEmail = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "moved@example.com" }));
    expect(byEmail.Username).toBe("holder");
    // Migrated this time: the password is proven and the SMS MFA the answer asked for applies.
    const out = await passwordSignIn(clientId, "mover", "Mover-Pass-1");
    expect(out.ChallengeName).toBe("SMS_MFA");
    expect(invocations()).toBe(2);
    await expectMigrated(poolId);
  });

  it("a moved email that is another user's name of another kind is AliasExistsException and nobody is created; once free, a sign-in migrates", async () => {
    const { poolId, clientId, invocations } = await forcedPool("mig-all-3");
    await env.user(poolId, "carol", "Carol-Pass-1", { preferred_username: "moved2@example.com" });
    env.handle("mig-all-3", async (event) => {
      event.response.userAttributes = { email: "moved2@example.com", email_verified: "true" };
      event.response.forceAliasCreation = true;
      event.response.messageAction = "SUPPRESS";
      return event;
    });
    const error = await rejection(passwordSignIn(clientId, "mover", "Mover-Pass-1"));
    expect(error.name).toBe("AliasExistsException");
    expect((await users(poolId)).map((u) => u.Username).sort()).toEqual(["carol", "holder"]);
    await env.admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "carol",
        UserAttributes: [{ Name: "preferred_username", Value: "carol-the-second" }],
      }),
    );
    const out = await passwordSignIn(clientId, "mover", "Mover-Pass-1");
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    expect(invocations()).toBe(2);
  });
});

describe("UserMigration_ForgotPassword", () => {
  it("migrates an unknown name without a password, sends the reset code, and the new password signs in", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-j") } });
    env.handle("mig-j", legacyMigration);
    const out = await env.anyone().send(
      new ForgotPasswordCommand({
        ClientId: clientId,
        Username: "olga",
        ClientMetadata: { from: "reset" },
      }),
    );
    expect(out.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    const [event] = env.eventsOf("UserMigration_ForgotPassword").filter((e) => e.userPoolId === poolId);
    expectEnvelope(event, {
      triggerSource: "UserMigration_ForgotPassword",
      userPoolId: poolId,
      userName: "olga",
      clientId,
    });
    expect(event!.request).toEqual({ validationData: null, clientMetadata: { from: "reset" } });
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "olga" }));
    expect(user.UserStatus).toBe("RESET_REQUIRED");
    const code = env.sent.filter((m) => m.to === "olga@example.com").at(-1)!.code!;
    await env.anyone().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "olga",
        ConfirmationCode: code,
        Password: "Fresh-Pass-123",
      }),
    );
    expect((await passwordSignIn(clientId, "olga", "Fresh-Pass-123")).AuthenticationResult).toBeDefined();
  });

  it("always ends in RESET_REQUIRED, even when the answer says CONFIRMED: no user without a password is CONFIRMED", async () => {
    // Third outside review, finding 03: a handler that sets finalUserStatus CONFIRMED for both
    // sources, and an outsider who names a legacy user in ForgotPassword.
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-l") } });
    env.handle("mig-l", async (event) => {
      const legacy = LEGACY[event.userName];
      if (legacy === undefined) throw new Error("Bad user");
      if (
        event.triggerSource === "UserMigration_Authentication" &&
        legacy.password !== event.request.password
      )
        throw new Error("Bad password");
      event.response.userAttributes = { email: legacy.email, email_verified: "true" };
      event.response.finalUserStatus = "CONFIRMED";
      event.response.messageAction = "SUPPRESS";
      return event;
    });
    await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "olga" }));
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "olga" }));
    expect(user.UserStatus).toBe("RESET_REQUIRED");
    // The legacy password is told to reset, not "Incorrect username or password.".
    const error = await rejection(passwordSignIn(clientId, "olga", LEGACY.olga!.password));
    expect(error.name).toBe("PasswordResetRequiredException");
    // The reset code completes the migration.
    const code = env.sent.filter((m) => m.userPoolId === poolId && m.to === "olga@example.com").at(-1)!.code!;
    await env.anyone().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "olga",
        ConfirmationCode: code,
        Password: "Fresh-Pass-123",
      }),
    );
    expect((await passwordSignIn(clientId, "olga", "Fresh-Pass-123")).AuthenticationResult).toBeDefined();
  });

  it("a refusal is UserLambdaValidationException; no answer is the unknown-user answer", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { UserMigration: arn("mig-k") } });
    env.handle("mig-k", legacyMigration);
    const error = await rejection(
      env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "zed" })),
    );
    expect(error.name).toBe("UserLambdaValidationException");
    expect(error.message).toBe("UserMigration failed with error Bad user.");
    env.handle("mig-k", async (event) => event);
    const none = await rejection(
      env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "zed" })),
    );
    expect(none.name).toBe("UserNotFoundException");
    expect(await users(poolId)).toHaveLength(0);
  });
});
