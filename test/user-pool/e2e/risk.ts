// Threat protection through the SDK: the risk configuration round trip, a breached password
// refused at sign-up under ENFORCED, a sign-in refused from a blocked range, and the auth events
// (named by the tokens' event_id) with admin and user feedback.
import {
  AdminListUserAuthEventsCommand, AdminUpdateAuthEventFeedbackCommand, DescribeRiskConfigurationCommand, SetRiskConfigurationCommand, SignUpCommand,
  UpdateAuthEventFeedbackCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import type { UserPoolContext } from "../../../src/user-pool/context.js";
import { importMasterKey } from "../../../src/user-pool/keys/master-key.js";
import { feedbackToken } from "../../../src/user-pool/risk/feedback-token.js";
import { claimsOf, client, confirmedUser, passwordSignIn, poolWithClient, rejection, type Target } from "./target.js";

const PASSWORD = "Risk-Aware-Pass-7";

export async function threatProtection(target: Target): Promise<void> {
  const admin = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, { UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" }, Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: false, RequireSymbols: false } } });

  const settings = {
    CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" as const } },
    RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] },
  };
  await admin.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ...settings }));
  expect((await admin.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration).toMatchObject({ UserPoolId: poolId, ...settings });

  const breached = await rejection(anyone.send(new SignUpCommand({ ClientId: clientId, Username: "breached", Password: "password123" })));
  expect(breached).toMatchObject({ name: "InvalidPasswordException", message: "Provided password cannot be used for security reasons." });

  const sub = await confirmedUser(target, poolId, "watched", PASSWORD);
  const eventId = claimsOf((await passwordSignIn(target, clientId, "watched", PASSWORD)).AccessToken!).event_id as string;
  const { AuthEvents } = await admin.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "watched", MaxResults: 10 }));
  expect(AuthEvents![0]).toMatchObject({ EventId: eventId, EventType: "SignIn", EventResponse: "Pass", EventRisk: { CompromisedCredentialsDetected: false } });

  await admin.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "watched", EventId: eventId, FeedbackValue: "Valid" }));
  const ctx = { masterKey: () => importMasterKey(target.masterKey) } as unknown as UserPoolContext;
  const FeedbackToken = await feedbackToken(ctx, poolId, sub, eventId);
  await anyone.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: "watched", EventId: eventId, FeedbackToken, FeedbackValue: "Invalid" }));
  const [latest] = (await admin.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "watched" }))).AuthEvents!;
  expect(latest!.EventFeedback).toMatchObject({ FeedbackValue: "Invalid", Provider: "User" });

  // Every address the target may see us from is now blocked.
  await admin.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ["0.0.0.0/0", "::/0"] } }));
  expect(await rejection(passwordSignIn(target, clientId, "watched", PASSWORD))).toMatchObject({ name: "NotAuthorizedException", message: "Request not allowed due to security reasons." });
}
