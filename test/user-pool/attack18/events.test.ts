// Two outside attacks on auth events (issue 18). A pool with threat protection OFF keeps no auth
// events (docs/threat-protection.md, as Cognito). A second factor that fails to the end (five wrong MFA codes, a wrong device proof)
// must not record one either: seen from outside by turning threat protection on afterwards and
// listing the user's events, which must not show what happened while it was off.
import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type AuthEventType,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceSecret, deviceSrp } from "../device-client.js";
import { attackServer, rejection, type AttackServer } from "./harness.js";

const PASSWORD = "Correct-Horse-9";
let s: AttackServer;
beforeAll(async () => {
  s = await attackServer();
});
afterAll(async () => {
  await s?.close();
});

async function offPool(pool: Record<string, unknown>, mfa: Record<string, unknown>) {
  const { UserPool } = await s.admin().send(new CreateUserPoolCommand({ PoolName: "off", ...pool }));
  const poolId = UserPool!.Id!;
  await s
    .admin()
    .send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", ...mfa }));
  const { UserPoolClient } = await s.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const user = async (Username: string, attributes: Record<string, string> = {}) => {
    await s.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        MessageAction: "SUPPRESS",
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await s.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  };
  const signIn = (USERNAME: string, DEVICE_KEY?: string) =>
    s.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME, PASSWORD, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) },
      }),
    );
  const answer = (
    ChallengeName: string,
    Session: string | undefined,
    ChallengeResponses: Record<string, string>,
  ) =>
    s.anyone().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: ChallengeName as never,
        Session,
        ChallengeResponses,
      }),
    );
  // What an administrator sees once threat protection is turned on: nothing from before.
  const eventsAfterTurningOn = async (Username: string) => {
    await s
      .admin()
      .send(
        new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }),
      );
    return (await s.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username })))
      .AuthEvents;
  };
  return { poolId, user, signIn, answer, eventsAfterTurningOn };
}

describe("threat protection off: a failed second factor records no auth event", () => {
  it("five wrong SMS codes", async () => {
    const p = await offPool(
      {},
      {
        SmsMfaConfiguration: {
          SmsAuthenticationMessage: "Your code is {####}",
          SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
        },
      },
    );
    await p.user("mia", { phone_number: "+15555550100", phone_number_verified: "true" });
    await s.admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: p.poolId,
        Username: "mia",
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await p.signIn("mia");
    expect(started.ChallengeName).toBe("SMS_MFA");
    for (let i = 0; i < 5; i++) {
      const wrong = await rejection(
        p.answer("SMS_MFA", started.Session, { USERNAME: "mia", SMS_MFA_CODE: "000000" }),
      );
      expect(wrong.name).toBe("CodeMismatchException");
    }
    expect(await p.eventsAfterTurningOn("mia")).toEqual([]);
  });

  it("a wrong device proof", async () => {
    const p = await offPool(
      {
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      },
      { SoftwareTokenMfaConfiguration: { Enabled: true } },
    );
    await p.user("dora");
    const first = (await p.signIn("dora")).AuthenticationResult!;
    const { SecretCode } = await s
      .anyone()
      .send(new AssociateSoftwareTokenCommand({ AccessToken: first.AccessToken! }));
    await s.anyone().send(
      new VerifySoftwareTokenCommand({
        AccessToken: first.AccessToken!,
        UserCode: await generate({ secret: SecretCode! }),
      }),
    );
    await s.anyone().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: first.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const secret = await deviceSecret(first.NewDeviceMetadata!);
    await s.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: first.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
        DeviceName: "laptop",
      }),
    );
    const started = await p.signIn("dora", secret.deviceKey);
    expect(started.ChallengeName).toBe("DEVICE_SRP_AUTH");
    const wrong = await rejection(
      deviceSrp(p.answer, started.Session, "dora", secret, "not-the-device-password"),
    );
    expect(wrong.name).toBe("NotAuthorizedException");
    expect(await p.eventsAfterTurningOn("dora")).toEqual([]);
  });
});

// The cap on failed sign-in events (the newest 200 per user) must not let a stranger erase what the
// user or an admin said about an event: a failed sign-in reported Invalid is what threat
// protection's "reported address" signal reads, and one reported Valid is a trusted baseline.
// Anyone who knows the username can fail 200 sign-ins (the lockout only spaces them).
describe("the cap on failed sign-in events", () => {
  it("keeps a failed sign-in the user reported, past 200 newer failures by a stranger", async () => {
    const { UserPool } = await s
      .admin()
      .send(
        new CreateUserPoolCommand({ PoolName: "cap", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }),
      );
    const UserPoolId = UserPool!.Id!;
    const { UserPoolClient } = await s.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
      }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    const Username = "victim";
    await s.admin().send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: "SUPPRESS" }));
    await s.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username,
        Password: "Right-Horse-18",
        Permanent: true,
      }),
    );
    const fail = () =>
      s
        .anyone()
        .send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId,
            AuthParameters: { USERNAME: Username, PASSWORD: "Wrong-Horse-18" },
          }),
        )
        .then(
          () => expect.unreachable(),
          (error: Error) => expect(error.name).toBe("NotAuthorizedException"),
        );

    await fail();
    const [reported] = (await s.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId, Username })))
      .AuthEvents!;
    await s.admin().send(
      new AdminUpdateAuthEventFeedbackCommand({
        UserPoolId,
        Username,
        EventId: reported!.EventId!,
        FeedbackValue: "Invalid",
      }),
    );

    // 200 more wrong passwords, each past the lockout's reset (15 minutes of the pools' clock).
    for (let i = 0; i < 200; i++) {
      s.advance(16 * 60_000);
      await fail();
    }

    const events: AuthEventType[] = [];
    let NextToken: string | undefined;
    do {
      const page = await s
        .admin()
        .send(new AdminListUserAuthEventsCommand({ UserPoolId, Username, MaxResults: 60, NextToken }));
      events.push(...page.AuthEvents!);
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    expect(events.find((e) => e.EventId === reported!.EventId)?.EventFeedback?.FeedbackValue).toBe("Invalid");
  });
});
