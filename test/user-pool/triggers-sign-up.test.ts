// PreSignUp and PostConfirmation through the real AWS SDK against the service in process: each
// event field by field against AWS's documented shape, each response rule, each failure kind,
// and nothing half written when the trigger refuses.
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import { arn, hang, rejection, TIMEOUT_MS, triggerServer } from "./triggers-harness.js";

const env = triggerServer();
const PASSWORD = "Sign-up-Pass-1";
const attrs = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

async function userCount(poolId: string): Promise<number> {
  return (await env.admin().send(new ListUsersCommand({ UserPoolId: poolId }))).Users!.length;
}

describe("PreSignUp", () => {
  it("PreSignUp_SignUp: the event as AWS documents it, with validationData and clientMetadata", async () => {
    const { poolId, clientId } = await env.pool({
      AutoVerifiedAttributes: ["email"],
      LambdaConfig: { PreSignUp: arn("pre-a") },
    });
    env.handle("pre-a", async (event) => event);
    const out = await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "ann",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "ann@example.com" }],
        ValidationData: [{ Name: "invite", Value: "abc" }],
        ClientMetadata: { source: "web" },
      }),
    );
    expect(out.UserConfirmed).toBe(false);
    const [event] = env.eventsOf("PreSignUp_SignUp").filter((e) => e.userPoolId === poolId);
    expectEnvelope(event, {
      triggerSource: "PreSignUp_SignUp",
      userPoolId: poolId,
      userName: "ann",
      clientId,
    });
    expect(event!.request).toEqual({
      userAttributes: { email: "ann@example.com" },
      validationData: { invite: "abc" },
      clientMetadata: { source: "web" },
    });
    expect(event!.response).toEqual({
      autoConfirmUser: false,
      autoVerifyEmail: false,
      autoVerifyPhone: false,
    });
    // Defaults answered: as without the trigger, a code to the email.
    expect(env.sent.filter((m) => m.to === "ann@example.com")).toHaveLength(1);
  });

  it("validationData is null without ValidationData; clientMetadata absent without ClientMetadata", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { PreSignUp: arn("pre-b") } });
    env.handle("pre-b", async (event) => event);
    await env.anyone().send(new SignUpCommand({ ClientId: clientId, Username: "bob", Password: PASSWORD }));
    const [event] = env.eventsOf("PreSignUp_SignUp").filter((e) => e.userPoolId === poolId);
    expect(event!.request).toEqual({ userAttributes: {}, validationData: null });
  });

  it("email as username: userName is the internal name (the sub), the email among userAttributes", async () => {
    const { poolId, clientId } = await env.pool({
      UsernameAttributes: ["email"],
      LambdaConfig: { PreSignUp: arn("pre-c") },
    });
    env.handle("pre-c", async (event) => event);
    const { UserSub } = await env
      .anyone()
      .send(new SignUpCommand({ ClientId: clientId, Username: "cat@example.com", Password: PASSWORD }));
    const [event] = env.eventsOf("PreSignUp_SignUp").filter((e) => e.userPoolId === poolId);
    expect(event!.userName).toBe(UserSub);
    expect(event!.request.userAttributes).toEqual({ email: "cat@example.com" });
  });

  it("autoConfirmUser: CONFIRMED, no code, UserConfirmed true; autoVerifyEmail marks the email verified and claims its alias", async () => {
    const { poolId, clientId } = await env.pool({
      AutoVerifiedAttributes: ["email"],
      AliasAttributes: ["email"],
      LambdaConfig: { PreSignUp: arn("pre-d") },
    });
    // AWS's documentation example: auto-confirm a domain's users.
    env.handle("pre-d", (event, _context, callback) => {
      if (event.request.userAttributes.email.endsWith("@trusted.example")) {
        event.response.autoConfirmUser = true;
        event.response.autoVerifyEmail = true;
      }
      callback(null, event);
    });
    const before = env.sent.length;
    const out = await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "dan",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "dan@trusted.example" }],
      }),
    );
    expect(out.UserConfirmed).toBe(true);
    expect(out.CodeDeliveryDetails).toBeUndefined();
    expect(env.sent.length).toBe(before);
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dan" }));
    expect(user.UserStatus).toBe("CONFIRMED");
    expect(attrs(user.UserAttributes).email_verified).toBe("true");
    // The alias is claimed: the user signs in with the email.
    const signIn = await env.anyone().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "dan@trusted.example", PASSWORD },
      }),
    );
    expect(signIn.AuthenticationResult?.AccessToken).toBeDefined();
    // Another domain: the defaults, a code, UNCONFIRMED.
    const other = await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "eve",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "eve@elsewhere.example" }],
      }),
    );
    expect(other.UserConfirmed).toBe(false);
    expect(other.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
  });

  it("autoVerifyEmail moves a taken email alias to the new user, and the previous holder's email is unverified", async () => {
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["email"],
      LambdaConfig: { PreSignUp: arn("pre-m") },
    });
    env.handle("pre-m", async (event) => {
      event.response.autoConfirmUser = true;
      event.response.autoVerifyEmail = true;
      return event;
    });
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "old",
        UserAttributes: [
          { Name: "email", Value: "moved@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "new",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "moved@example.com" }],
      }),
    );
    const byEmail = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "moved@example.com" }));
    expect(byEmail.Username).toBe("new");
    const old = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "old" }));
    expect(attrs(old.UserAttributes).email_verified).toBe("false");
  });

  it("autoVerifyEmail's move that fails leaves no user and the holder as it was; the same sign-up then goes through", async () => {
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["email"],
      LambdaConfig: { PreSignUp: arn("pre-mf") },
    });
    env.handle("pre-mf", async (event) => {
      event.response.autoConfirmUser = true;
      event.response.autoVerifyEmail = true;
      return event;
    });
    await env.user(poolId, "old", "Old-Pass-123", { email: "moving@example.com", email_verified: "true" });
    const signUp = () =>
      env.anyone().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "new",
          Password: PASSWORD,
          UserAttributes: [{ Name: "email", Value: "moving@example.com" }],
        }),
      );
    // A fault the engine raises inside the write (what a crash or a lost race would leave): the
    // holder's alias cannot be taken.
    await env.driver.run(
      `CREATE TRIGGER no_signup_move BEFORE DELETE ON user_aliases WHEN OLD.pool_id = '${poolId}' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );
    await rejection(signUp());
    await env.driver.run("DROP TRIGGER no_signup_move");
    const names = (await env.admin().send(new ListUsersCommand({ UserPoolId: poolId }))).Users!.map(
      (u) => u.Username,
    );
    expect(names).toEqual(["old"]);
    const old = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "old" }));
    expect(attrs(old.UserAttributes).email_verified).toBe("true");
    // Nothing was kept: the name is free, and the sign-up goes through with its move.
    expect((await signUp()).UserConfirmed).toBe(true);
    const byEmail = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "moving@example.com" }));
    expect(byEmail.Username).toBe("new");
  });

  it("autoVerifyEmail of an email that is another user's preferred_username is AliasExistsException, and nobody is created", async () => {
    const { poolId, clientId } = await env.pool({
      AliasAttributes: ["email", "preferred_username"],
      LambdaConfig: { PreSignUp: arn("pre-mx") },
    });
    env.handle("pre-mx", async (event) => {
      event.response.autoVerifyEmail = true;
      return event;
    });
    await env.user(poolId, "carol", "Carol-Pass-1", { preferred_username: "clash@example.com" });
    const error = await rejection(
      env.anyone().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "dave",
          Password: PASSWORD,
          UserAttributes: [{ Name: "email", Value: "clash@example.com" }],
        }),
      ),
    );
    expect(error.name).toBe("AliasExistsException");
    expect(await userCount(poolId)).toBe(1);
  });

  it("autoVerifyPhone without a phone_number refuses the sign-up, leaving no user", async () => {
    const { poolId, clientId } = await env.pool({ LambdaConfig: { PreSignUp: arn("pre-e") } });
    env.handle("pre-e", async (event) => ({ ...event, response: { autoVerifyPhone: true } }));
    const error = await rejection(
      env.anyone().send(new SignUpCommand({ ClientId: clientId, Username: "fay", Password: PASSWORD })),
    );
    expect(error.name).toBe("InvalidParameterException");
    expect(await userCount(poolId)).toBe(0);
  });

  it("each failure kind, and nothing half written: no user, no alias, no code", async () => {
    const { poolId, clientId } = await env.pool({
      AutoVerifiedAttributes: ["email"],
      UsernameAttributes: ["email"],
      LambdaConfig: { PreSignUp: arn("pre-f") },
    });
    const signUp = () =>
      env
        .anyone()
        .send(new SignUpCommand({ ClientId: clientId, Username: "gus@example.com", Password: PASSWORD }));
    const before = env.sent.length;

    env.handle("pre-f", async () => {
      throw new Error("Sign-up is closed");
    });
    const thrown = await rejection(signUp());
    expect(thrown.name).toBe("UserLambdaValidationException");
    expect(thrown.message).toBe("PreSignUp failed with error Sign-up is closed.");

    env.handle("pre-f", async () => "garbage");
    const garbage = await rejection(signUp());
    expect(garbage.name).toBe("InvalidLambdaResponseException");
    expect(garbage.message).toBe("Unrecognizable lambda output");

    env.handle("pre-f", async (event) => ({ ...event, response: { autoConfirmUser: "yes" } }));
    expect((await rejection(signUp())).name).toBe("InvalidLambdaResponseException");

    env.handle("pre-f", hang);
    const started = Date.now();
    const hung = await rejection(signUp());
    expect(hung.name).toBe("UnexpectedLambdaException");
    expect(hung.message).toBe("PreSignUp invocation failed due to error TimeoutException.");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);

    expect(await userCount(poolId)).toBe(0);
    expect(env.sent.length).toBe(before);
    // Neither the name nor the email was left claimed: the sign-up now goes through.
    env.handle("pre-f", async (event) => event);
    const out = await signUp();
    expect(out.UserConfirmed).toBe(false);
  });

  it("PreSignUp_AdminCreateUser: no client, ValidationData and ClientMetadata; a refusal creates nobody and sends nothing", async () => {
    const { poolId } = await env.pool({ LambdaConfig: { PreSignUp: arn("pre-g") } });
    env.handle("pre-g", async (event) => event);
    const { User } = await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "hal",
        UserAttributes: [{ Name: "email", Value: "hal@example.com" }],
        ValidationData: [{ Name: "v", Value: "1" }],
        ClientMetadata: { k: "v" },
        MessageAction: "SUPPRESS",
      }),
    );
    expect(User!.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const [event] = env.eventsOf("PreSignUp_AdminCreateUser").filter((e) => e.userPoolId === poolId);
    expectEnvelope(event, {
      triggerSource: "PreSignUp_AdminCreateUser",
      userPoolId: poolId,
      userName: "hal",
      clientId: "CLIENT_ID_NOT_APPLICABLE",
    });
    expect(event!.request).toEqual({
      userAttributes: { email: "hal@example.com" },
      validationData: { v: "1" },
      clientMetadata: { k: "v" },
    });
    expect(event!.response).toEqual({
      autoConfirmUser: false,
      autoVerifyEmail: false,
      autoVerifyPhone: false,
    });

    // The answer's flags change nothing of an admin-made user [?]: it stays FORCE_CHANGE_PASSWORD.
    env.handle("pre-g", async (event) => ({
      ...event,
      response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: true },
    }));
    const { User: flagged } = await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "hap",
        UserAttributes: [{ Name: "email", Value: "hap@example.com" }],
        MessageAction: "SUPPRESS",
      }),
    );
    expect(flagged!.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    expect(attrs(flagged!.Attributes).email_verified).toBeUndefined();

    env.handle("pre-g", async () => {
      throw new Error("no");
    });
    const before = env.sent.length;
    const error = await rejection(
      env.admin().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "ida",
          UserAttributes: [{ Name: "email", Value: "ida@example.com" }],
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      ),
    );
    expect(error.name).toBe("UserLambdaValidationException");
    expect(error.message).toBe("PreSignUp failed with error no.");
    expect(await userCount(poolId)).toBe(2);
    expect(env.sent.length).toBe(before);
  });
});

describe("PostConfirmation", () => {
  it("PostConfirmation_ConfirmSignUp on ConfirmSignUp: the user as confirmed, and clientMetadata", async () => {
    const { poolId, clientId } = await env.pool({
      AutoVerifiedAttributes: ["email"],
      LambdaConfig: { PostConfirmation: arn("post-a") },
    });
    const recorded: string[] = [];
    // AWS's documentation example, in spirit: record the user once confirmed.
    env.handle("post-a", async (event) => {
      recorded.push(event.request.userAttributes.sub);
      return event;
    });
    const { UserSub } = await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "jo",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "jo@example.com" }],
      }),
    );
    const code = env.sent.filter((m) => m.to === "jo@example.com").at(-1)!.code!;
    await env.anyone().send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: "jo",
        ConfirmationCode: code,
        ClientMetadata: { a: "b" },
      }),
    );
    expect(recorded).toEqual([UserSub]);
    const [event] = env.eventsOf("PostConfirmation_ConfirmSignUp").filter((e) => e.userPoolId === poolId);
    expectEnvelope(event, {
      triggerSource: "PostConfirmation_ConfirmSignUp",
      userPoolId: poolId,
      userName: "jo",
      clientId,
    });
    expect(event!.request).toEqual({
      userAttributes: {
        sub: UserSub,
        email: "jo@example.com",
        email_verified: "true",
        "cognito:user_status": "CONFIRMED",
      },
      clientMetadata: { a: "b" },
    });
    expect(event!.response).toEqual({});
  });

  it("fires on AdminConfirmSignUp (no client) and on a PreSignUp auto-confirmation", async () => {
    const { poolId, clientId } = await env.pool({
      LambdaConfig: { PostConfirmation: arn("post-b"), PreSignUp: arn("pre-h") },
    });
    env.handle("post-b", async (event) => event);
    env.handle("pre-h", async (event) => {
      event.response.autoConfirmUser = event.userName === "auto";
      return event;
    });
    await env
      .anyone()
      .send(new SignUpCommand({ ClientId: clientId, Username: "manual", Password: PASSWORD }));
    await env
      .admin()
      .send(
        new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "manual", ClientMetadata: { x: "y" } }),
      );
    await env.anyone().send(new SignUpCommand({ ClientId: clientId, Username: "auto", Password: PASSWORD }));
    const events = env.eventsOf("PostConfirmation_ConfirmSignUp").filter((e) => e.userPoolId === poolId);
    expect(events.map((e) => [e.userName, e.callerContext.clientId])).toEqual([
      ["manual", "CLIENT_ID_NOT_APPLICABLE"],
      ["auto", clientId],
    ]);
    expect(events[0]!.request.clientMetadata).toEqual({ x: "y" });
    expect((events[1]!.request.userAttributes as Record<string, string>)["cognito:user_status"]).toBe(
      "CONFIRMED",
    );
  });

  it("a failing PostConfirmation answers its error, and the confirmation stands (Cognito's known behaviour)", async () => {
    const { poolId, clientId } = await env.pool({
      AutoVerifiedAttributes: ["email"],
      LambdaConfig: { PostConfirmation: arn("post-c") },
    });
    env.handle("post-c", async () => {
      throw new Error("database down");
    });
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "kim",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "kim@example.com" }],
      }),
    );
    const code = env.sent.filter((m) => m.to === "kim@example.com").at(-1)!.code!;
    const error = await rejection(
      env
        .anyone()
        .send(new ConfirmSignUpCommand({ ClientId: clientId, Username: "kim", ConfirmationCode: code })),
    );
    expect(error.name).toBe("UserLambdaValidationException");
    expect(error.message).toBe("PostConfirmation failed with error database down.");
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "kim" }));
    expect(user.UserStatus).toBe("CONFIRMED");
    expect(attrs(user.UserAttributes).email_verified).toBe("true");

    env.handle("post-c", async () => 42);
    await env.anyone().send(new SignUpCommand({ ClientId: clientId, Username: "lee", Password: PASSWORD }));
    const garbage = await rejection(
      env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "lee" })),
    );
    expect(garbage.name).toBe("InvalidLambdaResponseException");
    env.handle("post-c", hang);
    await env.anyone().send(new SignUpCommand({ ClientId: clientId, Username: "max", Password: PASSWORD }));
    const hung = await rejection(
      env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "max" })),
    );
    expect(hung.name).toBe("UnexpectedLambdaException");
    expect(hung.message).toBe("PostConfirmation invocation failed due to error TimeoutException.");
  });

  it("PostConfirmation_ConfirmForgotPassword on ConfirmForgotPassword", async () => {
    const { poolId, clientId } = await env.pool({
      AutoVerifiedAttributes: ["email"],
      LambdaConfig: { PostConfirmation: arn("post-d") },
    });
    env.handle("post-d", async (event) => event);
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "ned",
        UserAttributes: [
          { Name: "email", Value: "ned@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "ned" }));
    const code = env.sent.filter((m) => m.to === "ned@example.com").at(-1)!.code!;
    await env.anyone().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "ned",
        ConfirmationCode: code,
        Password: "Brand-new-Pass-2",
        ClientMetadata: { why: "forgot" },
      }),
    );
    const [event] = env
      .eventsOf("PostConfirmation_ConfirmForgotPassword")
      .filter((e) => e.userPoolId === poolId);
    expectEnvelope(event, {
      triggerSource: "PostConfirmation_ConfirmForgotPassword",
      userPoolId: poolId,
      userName: "ned",
      clientId,
    });
    expect(event!.request.clientMetadata).toEqual({ why: "forgot" });
    expect((event!.request.userAttributes as Record<string, string>)["cognito:user_status"]).toBe(
      "CONFIRMED",
    );
    expect(event!.response).toEqual({});
  });
});
