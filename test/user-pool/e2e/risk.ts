// Threat protection through the SDK: the risk configuration round trip, a breached password
// refused at sign-up under ENFORCED, a sign-in refused from a blocked range, and the auth events
// (named by the tokens' event_id) with admin and user feedback.
import {
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  DescribeRiskConfigurationCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import type { UserPoolContext } from "../../../src/user-pool/context.js";
import { importMasterKey } from "../../../src/runtime/master-key.js";
import { feedbackToken } from "../../../src/user-pool/risk/feedback-token.js";
import {
  claimsOf,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  type Target,
} from "./target.js";

const PASSWORD = "Risk-Aware-Pass-7";

export async function threatProtection(target: Target): Promise<void> {
  const admin = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, {
    UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: false, RequireSymbols: false } },
  });

  const settings = {
    CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" as const } },
    RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] },
  };
  await admin.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ...settings }));
  expect(
    (await admin.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration,
  ).toMatchObject({ UserPoolId: poolId, ...settings });

  const breached = await rejection(
    anyone.send(new SignUpCommand({ ClientId: clientId, Username: "breached", Password: "password123" })),
  );
  expect(breached).toMatchObject({
    name: "InvalidPasswordException",
    message: "Provided password cannot be used for security reasons.",
  });

  const sub = await confirmedUser(target, poolId, "watched", PASSWORD);
  const eventId = claimsOf((await passwordSignIn(target, clientId, "watched", PASSWORD)).AccessToken!)
    .event_id as string;
  const { AuthEvents } = await admin.send(
    new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "watched", MaxResults: 10 }),
  );
  expect(AuthEvents![0]).toMatchObject({
    EventId: eventId,
    EventType: "SignIn",
    EventResponse: "Pass",
    EventRisk: { CompromisedCredentialsDetected: false },
  });

  await admin.send(
    new AdminUpdateAuthEventFeedbackCommand({
      UserPoolId: poolId,
      Username: "watched",
      EventId: eventId,
      FeedbackValue: "Valid",
    }),
  );
  const ctx = { masterKey: () => importMasterKey(target.masterKey) } as unknown as UserPoolContext;
  const FeedbackToken = await feedbackToken(ctx, poolId, sub, eventId);
  await anyone.send(
    new UpdateAuthEventFeedbackCommand({
      UserPoolId: poolId,
      Username: "watched",
      EventId: eventId,
      FeedbackToken,
      FeedbackValue: "Invalid",
    }),
  );
  const [latest] = (
    await admin.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "watched" }))
  ).AuthEvents!;
  expect(latest!.EventFeedback).toMatchObject({ FeedbackValue: "Invalid", Provider: "User" });

  // Every address the target may see us from is now blocked.
  await admin.send(
    new SetRiskConfigurationCommand({
      UserPoolId: poolId,
      RiskExceptionConfiguration: { BlockedIPRangeList: ["0.0.0.0/0", "::/0"] },
    }),
  );
  expect(await rejection(passwordSignIn(target, clientId, "watched", PASSWORD))).toMatchObject({
    name: "NotAuthorizedException",
    message: "Request not allowed due to security reasons.",
  });
}

const LONDON = {
  ip: "198.51.100.7",
  agent: "Firefox/140.0",
  lat: "51.5074",
  lon: "-0.1278",
  city: "London",
  country: "GB",
};
const SYDNEY = {
  ip: "203.0.113.9",
  agent: "Chrome/150.0",
  lat: "-33.8688",
  lon: "151.2093",
  city: "Sydney",
  country: "AU",
};

/**
 * Adaptive authentication: a sign-in that jumps to the other side of the earth within seconds, on
 * another browser and network, is High risk and blocked; the user's report through the feedback
 * page (as a notification's one-click link would post it) lands on the refused event.
 */
export async function adaptiveAuthentication(target: Target): Promise<void> {
  const admin = client(target);
  const { poolId, clientId } = await poolWithClient(target, {
    UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
  });
  await admin.send(
    new SetRiskConfigurationCommand({
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: "NO_ACTION", Notify: false },
          MediumAction: { EventAction: "BLOCK", Notify: false },
          HighAction: { EventAction: "BLOCK", Notify: false },
        },
      },
    }),
  );
  const sub = await confirmedUser(target, poolId, "traveller", PASSWORD);
  const signIn = (where: typeof LONDON) =>
    admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "traveller", PASSWORD },
        ContextData: {
          IpAddress: where.ip,
          ServerName: "app.example",
          ServerPath: "/login",
          HttpHeaders: [
            ["user-agent", where.agent],
            ["cf-iplatitude", where.lat],
            ["cf-iplongitude", where.lon],
            ["cf-ipcity", where.city],
            ["cf-ipcountry", where.country],
          ].map(([headerName, headerValue]) => ({ headerName, headerValue })),
        },
      }),
    );
  expect((await signIn(LONDON)).AuthenticationResult?.AccessToken).toBeDefined();
  expect(await rejection(signIn(SYDNEY))).toMatchObject({
    name: "NotAuthorizedException",
    message: "Unable to login because of security reasons.",
  });
  const [refused, home] = (
    await admin.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "traveller" }))
  ).AuthEvents!;
  expect(home).toMatchObject({
    EventResponse: "Pass",
    EventRisk: { RiskDecision: "NoRisk" },
    EventContextData: { IpAddress: LONDON.ip, City: "London", Country: "GB" },
  });
  expect(refused).toMatchObject({
    EventResponse: "Fail",
    EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "High" },
    EventContextData: { IpAddress: SYDNEY.ip, City: "Sydney" },
  });

  const ctx = { masterKey: () => importMasterKey(target.masterKey) } as unknown as UserPoolContext;
  const token = await feedbackToken(ctx, poolId, sub, refused!.EventId!);
  const page = `${target.endpoint}/${poolId}/feedback`;
  const query = new URLSearchParams({
    username: "traveller",
    event_id: refused!.EventId!,
    token,
    value: "Invalid",
  });
  expect((await fetch(`${page}?${query}`)).status).toBe(200);
  const posted = await fetch(page, { method: "POST", body: query });
  expect(posted.status).toBe(200);
  expect(await posted.text()).toContain("not yours");
  const [reported] = (
    await admin.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "traveller" }))
  ).AuthEvents!;
  expect(reported!.EventFeedback).toMatchObject({ FeedbackValue: "Invalid", Provider: "User" });
}
