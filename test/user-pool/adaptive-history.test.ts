// Adaptive authentication's history and its edges, through the AWS SDK against the Node entry:
// refreshes never crowd trusted sign-ins out, a pool's required MFA holds at Low risk, a challenged
// sign-in keeps its own context when answered from elsewhere, a second factor failed to the end is
// a failure, a refused trip reported Valid becomes trusted, and an SRP answer from a blocked range
// is refused however clean the address that started it.
import {
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminUpdateAuthEventFeedbackCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { srpClient } from "./auth-helpers.js";
import { adaptivePool, contextAt, PLACES } from "./adaptive-helpers.js";
import { rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const { PASSWORD, BLOCKED, LONDON, SYDNEY } = PLACES;
const wrongPassword = "Wrong-Pass-0000";
const TEMPORARY = "Temporary-Pass-2026";

/** A user invited by the admin, with a temporary password (FORCE_CHANGE_PASSWORD). */
async function invited(poolId: string, username: string) {
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: TEMPORARY,
      MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: `${username}@example.com` }],
    }),
  );
}

/** Answers NEW_PASSWORD_REQUIRED as the app server, from `where` (no ContextData without it). */
function answerNewPassword(
  pool: { poolId: string; clientId: string },
  started: { Session?: string },
  username: string,
  where?: Parameters<typeof contextAt>[0],
) {
  return env.admin().send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: started.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD },
      ...(where === undefined ? {} : { ContextData: contextAt(where) }),
    }),
  );
}

describe("the history a sign-in is compared with", () => {
  it("keeps trusted sign-ins however many refreshes follow them", async () => {
    const { poolId, clientId, signIn, user } = await adaptivePool(env, "ENFORCED");
    await user("ida");
    const home = (await signIn("ida", LONDON)).AuthenticationResult!;
    for (let i = 0; i < 65; i++) {
      await env.admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: home.RefreshToken! },
        }),
      );
    }
    expect((await rejection(signIn("ida", SYDNEY))).message).toBe(BLOCKED);
  });

  it("trusts a refused trip the user reported as theirs", async () => {
    const { poolId, signIn, events, user } = await adaptivePool(env, "ENFORCED");
    await user("jon");
    await signIn("jon", LONDON);
    expect((await rejection(signIn("jon", SYDNEY))).message).toBe(BLOCKED);
    const [refused] = await events("jon");
    await env.admin().send(
      new AdminUpdateAuthEventFeedbackCommand({
        UserPoolId: poolId,
        Username: "jon",
        EventId: refused!.EventId!,
        FeedbackValue: "Valid",
      }),
    );
    expect((await signIn("jon", SYDNEY)).AuthenticationResult?.AccessToken).toBeDefined();
    expect((await events("jon"))[0]!.EventRisk).toMatchObject({ RiskDecision: "NoRisk" });
  });
});

describe("notification emails", () => {
  it("go out once per 15 minutes for refused sign-ins, however often the password holder tries", async () => {
    const { signIn, events, user } = await adaptivePool(env, "ENFORCED");
    await user("tess");
    await signIn("tess", LONDON);
    for (let i = 0; i < 3; i++) expect((await rejection(signIn("tess", SYDNEY))).message).toBe(BLOCKED);
    expect(
      env
        .outbox()
        .filter((m) => m.to === "tess@example.com")
        .map((m) => m.subject),
    ).toEqual(["Blocked sign-in for tess"]);
    expect((await events("tess")).filter((e) => e.EventResponse === "Fail")).toHaveLength(3);
  });
});

describe("MFA that the risk asks for", () => {
  it("never lets a Low risk sign-in skip the MFA_SETUP a pool with MFA ON asks of everyone", async () => {
    const { poolId, signIn, user } = await adaptivePool(env, "ENFORCED");
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await user("kim");
    expect((await signIn("kim", LONDON)).ChallengeName).toBe("MFA_SETUP");
    // Four wrong passwords and a new network: Low, MFA_IF_CONFIGURED, and no factor to ask for.
    const away = { ...LONDON, ip: "192.0.2.60" };
    for (let i = 0; i < 4; i++) await rejection(signIn("kim", away, wrongPassword));
    expect((await signIn("kim", away)).ChallengeName).toBe("MFA_SETUP");
  });

  it("records an answered challenge with the context of the sign-in it judged, not of the answer", async () => {
    const { poolId, clientId, signIn, events, user } = await adaptivePool(env, "ENFORCED");
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OFF",
        EmailMfaConfiguration: { Subject: "Code", Message: "Code {####}" },
      }),
    );
    await user("lou");
    await signIn("lou", LONDON);
    const away = { ...LONDON, ip: "192.0.2.10" };
    const challenge = await signIn("lou", away);
    expect(challenge.ChallengeName).toBe("EMAIL_OTP");
    // Answered by the app server without ContextData.
    await env.admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "EMAIL_OTP",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: "lou", EMAIL_OTP_CODE: env.lastMessageTo("lou@example.com").code! },
      }),
    );
    expect((await events("lou"))[0]).toMatchObject({
      EventResponse: "Pass",
      EventContextData: { IpAddress: away.ip, City: "London" },
    });
    // So the network is known now: the next sign-in from it passes without a code.
    expect((await signIn("lou", away)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("ends a sign-in whose second factor fails five times as a failed event that counts toward the next", async () => {
    const { poolId, clientId, signIn, events, user } = await adaptivePool(env, "ENFORCED");
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OFF",
        EmailMfaConfiguration: { Subject: "Code", Message: "Code {####}" },
      }),
    );
    await user("max");
    await signIn("max", LONDON);
    const challenge = await signIn("max", { ...LONDON, ip: "192.0.2.20" });
    const code = env.lastMessageTo("max@example.com").code!;
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const error = await rejection(
        env.admin().send(
          new AdminRespondToAuthChallengeCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            ChallengeName: "EMAIL_OTP",
            Session: challenge.Session,
            ChallengeResponses: { USERNAME: "max", EMAIL_OTP_CODE: wrong },
          }),
        ),
      );
      expect(error.name).toBe("CodeMismatchException");
    }
    const [failed] = await events("max");
    expect(failed).toMatchObject({
      EventResponse: "Fail",
      EventRisk: { RiskLevel: "Low" },
      EventContextData: { IpAddress: "192.0.2.20" },
    });
    expect(failed!.ChallengeResponses).toEqual([
      { ChallengeName: "Password", ChallengeResponse: "Success" },
      { ChallengeName: "Mfa", ChallengeResponse: "Failure" },
    ]);
    // The fifth wrong code locked the user out for a second, as a fifth wrong password would.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // From home on a new browser: a new device (20) alone is no risk; with the failed factor (8), Low.
    expect((await signIn("max", { ...LONDON, agent: "curl/8.0" })).ChallengeName).toBe("EMAIL_OTP");
    expect((await events("max"))[0]).toMatchObject({
      EventResponse: "InProgress",
      EventRisk: { RiskLevel: "Low" },
    });
  });
});

describe("blocked ranges and SRP", () => {
  it("refuses a PASSWORD_VERIFIER answer from a blocked range, however clean the address that started it", async () => {
    const { poolId, clientId, user } = await adaptivePool(env, "ENFORCED", ["ALLOW_USER_SRP_AUTH"]);
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["203.0.113.0/24"] },
      }),
    );
    await user("ned");
    const srp = await srpClient(poolId);
    const started = await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "USER_SRP_AUTH",
        AuthParameters: { USERNAME: "ned", SRP_A: srp.A },
        ContextData: contextAt(LONDON),
      }),
    );
    const answer = await srp.answer(started.ChallengeParameters!, PASSWORD);
    const refused = await rejection(
      env.admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: answer,
          ContextData: contextAt(SYDNEY),
        }),
      ),
    );
    expect({ name: refused.name, message: refused.message }).toEqual({
      name: "NotAuthorizedException",
      message: "Request not allowed due to security reasons.",
    });
  });

  it("refuses a PASSWORD_VERIFIER answer from a blocked range alike for a held user and a name nobody holds, hiding users", async () => {
    const { poolId, user } = await adaptivePool(env, "ENFORCED", ["ALLOW_USER_SRP_AUTH"]);
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["203.0.113.0/24"] },
      }),
    );
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "hiding",
        ExplicitAuthFlows: [
          "ALLOW_ADMIN_USER_PASSWORD_AUTH",
          "ALLOW_USER_SRP_AUTH",
          "ALLOW_REFRESH_TOKEN_AUTH",
        ],
        PreventUserExistenceErrors: "ENABLED",
      }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    await user("nia");
    const answerFromSydney = async (USERNAME: string) => {
      const srp = await srpClient(poolId);
      const started = await env.admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME, SRP_A: srp.A },
          ContextData: contextAt(LONDON),
        }),
      );
      const refused = await rejection(
        env.admin().send(
          new AdminRespondToAuthChallengeCommand({
            UserPoolId: poolId,
            ClientId,
            ChallengeName: "PASSWORD_VERIFIER",
            Session: started.Session,
            ChallengeResponses: await srp.answer(started.ChallengeParameters!, wrongPassword),
            ContextData: contextAt(SYDNEY),
          }),
        ),
      );
      return `${refused.name}: ${refused.message}`;
    };
    const held = await answerFromSydney("nia");
    expect(held).toBe("NotAuthorizedException: Request not allowed due to security reasons.");
    expect(await answerFromSydney("nobody-here")).toBe(held);
  });

  it("judges an admin SRP sign-in on what InitiateAuth's ContextData showed when the answer shows nothing", async () => {
    const { poolId, clientId, signIn, user } = await adaptivePool(env, "ENFORCED", ["ALLOW_USER_SRP_AUTH"]);
    await user("sid");
    await signIn("sid", LONDON);
    const srp = await srpClient(poolId);
    const started = await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "USER_SRP_AUTH",
        AuthParameters: { USERNAME: "sid", SRP_A: srp.A },
        ContextData: contextAt(SYDNEY),
      }),
    );
    const answer = await srp.answer(started.ChallengeParameters!, PASSWORD);
    const refused = await rejection(
      env.admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: answer,
        }),
      ),
    );
    expect(refused.message).toBe(BLOCKED);
  });

  it("refuses a NEW_PASSWORD_REQUIRED answer from a blocked range before the password changes", async () => {
    const pool = await adaptivePool(env, "ENFORCED");
    const { poolId, signIn } = pool;
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ["203.0.113.0/24"] },
      }),
    );
    await invited(poolId, "ola");
    const started = await signIn("ola", LONDON, TEMPORARY);
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    const refused = await rejection(answerNewPassword(pool, started, "ola", SYDNEY));
    expect(refused.message).toBe("Request not allowed due to security reasons.");
    expect(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ola" }))).UserStatus,
    ).toBe("FORCE_CHANGE_PASSWORD");
  });
});

describe("a temporary password's sign-in", () => {
  it("is judged before NEW_PASSWORD_REQUIRED: a refused one changes no password", async () => {
    const { poolId, signIn } = await adaptivePool(env, "ENFORCED");
    const block = { EventAction: "BLOCK", Notify: false } as const;
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: {
          Actions: { LowAction: block, MediumAction: block, HighAction: block },
        },
      }),
    );
    await invited(poolId, "pat");
    for (let i = 0; i < 4; i++) await rejection(signIn("pat", LONDON, wrongPassword));
    expect((await rejection(signIn("pat", LONDON, TEMPORARY))).message).toBe(BLOCKED);
    expect(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "pat" }))).UserStatus,
    ).toBe("FORCE_CHANGE_PASSWORD");
  });

  it("carries its judgement past the new password: the context it was judged on is the event's", async () => {
    const pool = await adaptivePool(env, "AUDIT");
    await invited(pool.poolId, "quentin");
    const started = await pool.signIn("quentin", LONDON, TEMPORARY);
    const done = await answerNewPassword(pool, started, "quentin");
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    expect((await pool.events("quentin"))[0]).toMatchObject({
      EventResponse: "Pass",
      EventContextData: { IpAddress: LONDON.ip, City: "London" },
    });
  });
});

describe("a sign-in without a User-Agent", () => {
  it("is a new device, not an unknown one", async () => {
    const { signIn, events, user } = await adaptivePool(env, "AUDIT");
    await user("rex");
    await signIn("rex", LONDON);
    await signIn("rex", { ip: "198.51.100.9" });
    // A new address in a known network (10) and a new device (20): Low.
    expect((await events("rex"))[0]!.EventRisk).toMatchObject({
      RiskDecision: "AccountTakeover",
      RiskLevel: "Low",
    });
  });
});
