// Threat protection through the AWS SDK against the Node entry: risk configuration, compromised
// passwords refused (ENFORCED), recorded (AUDIT) or ignored (OFF), blocked and skipped address
// ranges, auth events named by the tokens' event_id, and feedback on them.
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  DescribeRiskConfigurationCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
  UpdateUserPoolCommand,
  type AuthEventType,
} from "@aws-sdk/client-cognito-identity-provider";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOnShippedList } from "../../src/user-pool/breached/index.js";
import type { UserPoolContext } from "../../src/user-pool/context.js";
import { importMasterKey } from "../../src/runtime/master-key.js";
import { feedbackToken } from "../../src/user-pool/risk/feedback-token.js";
import { rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const BREACHED = "password123";
const STRONG = "Ok-Unlisted-4417-quartz";
const LOOSE = {
  PasswordPolicy: {
    MinimumLength: 8,
    RequireUppercase: false,
    RequireLowercase: false,
    RequireNumbers: false,
    RequireSymbols: false,
  },
};
const LOOPBACK = ["127.0.0.0/8", "::1/128"];
const SECURITY = "Provided password cannot be used for security reasons.";

async function pool(mode: "OFF" | "AUDIT" | "ENFORCED") {
  const poolId = await env.newPool({
    Policies: LOOSE,
    UserPoolAddOns: { AdvancedSecurityMode: mode },
    AutoVerifiedAttributes: ["email"],
  });
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: [
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
      ],
    }),
  );
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

const setMode = (poolId: string, mode: "OFF" | "AUDIT" | "ENFORCED") =>
  env.admin().send(
    new UpdateUserPoolCommand({
      UserPoolId: poolId,
      Policies: LOOSE,
      AutoVerifiedAttributes: ["email"],
      UserPoolAddOns: { AdvancedSecurityMode: mode },
    }),
  );

async function user(poolId: string, username: string, password: string) {
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: `${username}@example.com` },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await env.admin().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
}

const signIn = (clientId: string, username: string, password: string) =>
  env.anyone().send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

async function events(poolId: string, username: string): Promise<AuthEventType[]> {
  return (
    (await env.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username })))
      .AuthEvents ?? []
  );
}

describe("risk configuration", () => {
  it("round-trips per pool and per app client, and survives UpdateUserPool", async () => {
    const { poolId, clientId } = await pool("ENFORCED");
    const settings = {
      CompromisedCredentialsRiskConfiguration: {
        EventFilter: ["SIGN_UP", "SIGN_IN"] as ("SIGN_UP" | "SIGN_IN")[],
        Actions: { EventAction: "BLOCK" as const },
      },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { Notify: false, EventAction: "NO_ACTION" as const },
          HighAction: { Notify: true, EventAction: "MFA_REQUIRED" as const },
        },
      },
      RiskExceptionConfiguration: {
        BlockedIPRangeList: ["192.0.2.0/24"],
        SkippedIPRangeList: ["2001:db8::/32"],
      },
    };
    const set = await env.admin().send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ...settings }));
    expect(set.RiskConfiguration).toMatchObject({ UserPoolId: poolId, ...settings });
    expect(set.RiskConfiguration!.LastModifiedDate).toBeInstanceOf(Date);
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24"] },
      }),
    );
    await setMode(poolId, "ENFORCED");

    const ofPool = (await env.admin().send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId })))
      .RiskConfiguration!;
    expect(ofPool).toMatchObject({ UserPoolId: poolId, ...settings });
    expect(ofPool.ClientId).toBeUndefined();
    const ofClient = (
      await env.admin().send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))
    ).RiskConfiguration!;
    expect(ofClient).toMatchObject({
      UserPoolId: poolId,
      ClientId: clientId,
      RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24"] },
    });
    expect(ofClient.CompromisedCredentialsRiskConfiguration).toBeUndefined();
  });

  it("is refused while threat protection is off, and for a bad range or an unknown client", async () => {
    const off = await pool("OFF");
    expect(
      await rejection(env.admin().send(new DescribeRiskConfigurationCommand({ UserPoolId: off.poolId }))),
    ).toMatchObject({ name: "UserPoolAddOnNotEnabledException" });
    await user(off.poolId, "nia", STRONG);
    expect(
      await rejection(
        env.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: off.poolId, Username: "nia" })),
      ),
    ).toMatchObject({ name: "UserPoolAddOnNotEnabledException" });
    expect(
      await rejection(
        env.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: off.poolId, Username: "nobody" })),
      ),
    ).toMatchObject({ name: "UserNotFoundException" });
    const on = await pool("AUDIT");
    const bad = await rejection(
      env.admin().send(
        new SetRiskConfigurationCommand({
          UserPoolId: on.poolId,
          RiskExceptionConfiguration: { BlockedIPRangeList: ["300.1.2.3/8"] },
        }),
      ),
    );
    expect(bad).toMatchObject({ name: "InvalidParameterException" });
    const unknown = await rejection(
      env
        .admin()
        .send(
          new SetRiskConfigurationCommand({ UserPoolId: on.poolId, ClientId: "nosuchclient1234567890abcd" }),
        ),
    );
    expect(unknown).toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("compromised credentials", () => {
  it("uses a password from the shipped list", () => {
    expect(isOnShippedList(BREACHED)).toBe(true);
    expect(isOnShippedList(STRONG)).toBe(false);
  });

  it("refuses a breached password on sign-up, change, reset, admin set and NEW_PASSWORD_REQUIRED under ENFORCED", async () => {
    const { poolId, clientId } = await pool("ENFORCED");
    const signUp = await rejection(
      env.anyone().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "ann",
          Password: BREACHED,
          UserAttributes: [{ Name: "email", Value: "ann@example.com" }],
        }),
      ),
    );
    expect(signUp).toMatchObject({ name: "InvalidPasswordException", message: SECURITY });

    await user(poolId, "bob", STRONG);
    expect(
      await rejection(
        env.admin().send(
          new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: "bob",
            Password: BREACHED,
            Permanent: true,
          }),
        ),
      ),
    ).toMatchObject({ name: "InvalidPasswordException", message: SECURITY });
    const { AuthenticationResult } = await signIn(clientId, "bob", STRONG);
    const change = await rejection(
      env.anyone().send(
        new ChangePasswordCommand({
          AccessToken: AuthenticationResult!.AccessToken,
          PreviousPassword: STRONG,
          ProposedPassword: BREACHED,
        }),
      ),
    );
    expect(change).toMatchObject({ name: "InvalidPasswordException", message: SECURITY });

    await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "bob" }));
    const code = env.lastMessageTo("bob@example.com").code!;
    const reset = await rejection(
      env.anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "bob",
          ConfirmationCode: code,
          Password: BREACHED,
        }),
      ),
    );
    expect(reset).toMatchObject({ name: "InvalidPasswordException", message: SECURITY });
    // The code was not spent on the refused password.
    await env.anyone().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "bob",
        ConfirmationCode: code,
        Password: `${STRONG}-2`,
      }),
    );

    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "cyd",
        TemporaryPassword: "Temp-Pass-90210",
        MessageAction: "SUPPRESS",
      }),
    );
    const challenge = await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "cyd", PASSWORD: "Temp-Pass-90210" },
      }),
    );
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    const answer = await rejection(
      env.admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: "cyd", NEW_PASSWORD: BREACHED },
        }),
      ),
    );
    expect(answer).toMatchObject({ name: "InvalidPasswordException", message: SECURITY });

    const bobEvents = await events(poolId, "bob");
    expect(
      bobEvents
        .filter(
          (e) =>
            e.EventResponse === "Fail" &&
            e.EventRisk?.CompromisedCredentialsDetected === true &&
            e.EventRisk.RiskDecision === "Block",
        )
        .map((e) => e.EventType),
    ).toEqual(["PasswordChange", "PasswordChange"]);
  });

  it("refuses a plaintext sign-in with a breached password under ENFORCED, as a failed event", async () => {
    const { poolId, clientId } = await pool("OFF");
    await user(poolId, "dee", BREACHED);
    await setMode(poolId, "ENFORCED");
    expect(await rejection(signIn(clientId, "dee", BREACHED))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Unable to login because of security reasons.",
    });
    const [event] = await events(poolId, "dee");
    expect(event).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "Block", CompromisedCredentialsDetected: true },
    });
    // A wrong password is still a wrong password, not a security refusal.
    expect(await rejection(signIn(clientId, "dee", "password1234"))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("follows the EventFilter and NO_ACTION", async () => {
    const { poolId, clientId } = await pool("ENFORCED");
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: {
          EventFilter: ["SIGN_IN"],
          Actions: { EventAction: "BLOCK" },
        },
      }),
    );
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "eve",
        Password: BREACHED,
        UserAttributes: [{ Name: "email", Value: "eve@example.com" }],
      }),
    );
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } },
      }),
    );
    await user(poolId, "fay", BREACHED);
    expect((await signIn(clientId, "fay", BREACHED)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("accepts a breached password with threat protection off", async () => {
    const { poolId, clientId } = await pool("OFF");
    const { UserSub } = await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "gus",
        Password: BREACHED,
        UserAttributes: [{ Name: "email", Value: "gus@example.com" }],
      }),
    );
    expect(UserSub).toBeDefined();
    await env.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "gus",
        Password: BREACHED,
        Permanent: true,
      }),
    );
    expect((await signIn(clientId, "gus", BREACHED)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("records but accepts a breached password under AUDIT", async () => {
    const { poolId, clientId } = await pool("AUDIT");
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "hal",
        Password: BREACHED,
        UserAttributes: [{ Name: "email", Value: "hal@example.com" }],
      }),
    );
    expect(await events(poolId, "hal")).toMatchObject([
      {
        EventType: "SignUp",
        EventResponse: "Pass",
        EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: true },
      },
    ]);
    await user(poolId, "ida", BREACHED);
    const { AuthenticationResult } = await signIn(clientId, "ida", BREACHED);
    const eventId = claims(AuthenticationResult!.AccessToken!).event_id;
    const list = await events(poolId, "ida");
    expect(list.map((e) => e.EventType)).toEqual(["SignIn", "PasswordChange"]);
    expect(list[0]).toMatchObject({
      EventId: eventId,
      EventResponse: "Pass",
      EventRisk: { CompromisedCredentialsDetected: true },
    });
  });
});

describe("IP ranges", () => {
  it("refuses a sign-in from a blocked range under ENFORCED; an app client's own configuration replaces the pool's", async () => {
    const { poolId, clientId } = await pool("ENFORCED");
    await user(poolId, "jo", STRONG);
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { BlockedIPRangeList: LOOPBACK },
      }),
    );
    expect(await rejection(signIn(clientId, "jo", STRONG))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Request not allowed due to security reasons.",
    });
    expect((await events(poolId, "jo"))[0]).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "Block" },
    });
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] },
      }),
    );
    expect((await signIn(clientId, "jo", STRONG)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("blocks a sign-in whose address cannot be read wherever a block list applies (the riskiest case)", async () => {
    const { poolId, clientId } = await pool("ENFORCED");
    await user(poolId, "ula", STRONG);
    const from = (IpAddress: string) =>
      env.admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "ula", PASSWORD: STRONG },
          ContextData: {
            IpAddress,
            ServerName: "app.example",
            ServerPath: "/login",
            HttpHeaders: [{ headerName: "user-agent", headerValue: "test" }],
          },
        }),
      );
    // No list: nothing to compare with, the sign-in goes on.
    expect((await from("not-an-ip")).AuthenticationResult?.AccessToken).toBeDefined();
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] },
      }),
    );
    for (const unreadable of ["not-an-ip", "203.0.113.005", "198.51.100.7, 192.0.2.5"]) {
      expect(await rejection(from(unreadable)), unreadable).toMatchObject({
        name: "NotAuthorizedException",
        message: "Request not allowed due to security reasons.",
      });
    }
    expect((await from("198.51.100.7")).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("exempts a skipped range from the compromised-password block", async () => {
    const { poolId, clientId } = await pool("OFF");
    await user(poolId, "kim", BREACHED);
    await setMode(poolId, "ENFORCED");
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { SkippedIPRangeList: LOOPBACK },
      }),
    );
    expect((await signIn(clientId, "kim", BREACHED)).AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe("auth events and feedback", () => {
  it("lists sign-ins newest first, named by the tokens' event_id, with the address, a page at a time", async () => {
    const { poolId, clientId } = await pool("AUDIT");
    await user(poolId, "lee", STRONG);
    const first = claims((await signIn(clientId, "lee", STRONG)).AuthenticationResult!.IdToken!).event_id;
    const second = claims(
      (await signIn(clientId, "lee", STRONG)).AuthenticationResult!.AccessToken!,
    ).event_id;
    const list = await events(poolId, "lee");
    expect(list.map((e) => e.EventId)).toEqual([second, first]);
    expect(list[0]).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false },
      ChallengeResponses: [{ ChallengeName: "Password", ChallengeResponse: "Success" }],
    });
    expect(list[0]!.CreationDate).toBeInstanceOf(Date);
    expect(list[0]!.EventContextData?.IpAddress).toMatch(/127\.0\.0\.1|::1/);
    const page = await env
      .admin()
      .send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "lee", MaxResults: 1 }));
    expect(page.AuthEvents!.map((e) => e.EventId)).toEqual([second]);
    const next = await env.admin().send(
      new AdminListUserAuthEventsCommand({
        UserPoolId: poolId,
        Username: "lee",
        MaxResults: 1,
        NextToken: page.NextToken,
      }),
    );
    expect(next.AuthEvents!.map((e) => e.EventId)).toEqual([first]);
    expect(next.NextToken).toBeUndefined();
  });

  it("takes feedback from an admin, and from the user with the event's feedback token only", async () => {
    const { poolId, clientId } = await pool("ENFORCED");
    await user(poolId, "max", STRONG);
    const eventId = claims((await signIn(clientId, "max", STRONG)).AuthenticationResult!.AccessToken!)
      .event_id as string;
    await env.admin().send(
      new AdminUpdateAuthEventFeedbackCommand({
        UserPoolId: poolId,
        Username: "max",
        EventId: eventId,
        FeedbackValue: "Valid",
      }),
    );
    expect((await events(poolId, "max"))[0]!.EventFeedback).toMatchObject({
      FeedbackValue: "Valid",
      Provider: "Admin",
    });
    const missing = await rejection(
      env.admin().send(
        new AdminUpdateAuthEventFeedbackCommand({
          UserPoolId: poolId,
          Username: "max",
          EventId: "no-such-event",
          FeedbackValue: "Valid",
        }),
      ),
    );
    expect(missing).toMatchObject({ name: "ResourceNotFoundException" });

    const master = await importMasterKey(readFileSync(join(env.dataDir, "master-key"), "utf8"));
    const ctx = { masterKey: () => Promise.resolve(master) } as unknown as UserPoolContext;
    const sub = claims((await signIn(clientId, "max", STRONG)).AuthenticationResult!.AccessToken!)
      .sub as string;
    const token = await feedbackToken(ctx, poolId, sub, eventId);
    const forged = await rejection(
      env.anyone().send(
        new UpdateAuthEventFeedbackCommand({
          UserPoolId: poolId,
          Username: "max",
          EventId: eventId,
          FeedbackToken: await feedbackToken(ctx, poolId, sub, "other"),
          FeedbackValue: "Invalid",
        }),
      ),
    );
    expect(forged).toMatchObject({ name: "NotAuthorizedException" });
    await env.anyone().send(
      new UpdateAuthEventFeedbackCommand({
        UserPoolId: poolId,
        Username: "max",
        EventId: eventId,
        FeedbackToken: token,
        FeedbackValue: "Invalid",
      }),
    );
    const feedback = (await events(poolId, "max")).find((e) => e.EventId === eventId)!.EventFeedback!;
    expect(feedback).toMatchObject({ FeedbackValue: "Invalid", Provider: "User" });
    expect(feedback.FeedbackDate).toBeInstanceOf(Date);
  });
});
