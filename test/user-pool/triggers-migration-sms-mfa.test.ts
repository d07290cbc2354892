// UserMigration's enableSMSMFA (third outside review, finding 02): "Your user pool must have MFA
// enabled. Your user's attributes in the request parameters must include a phone number, or else
// the migration of that user will fail" (Migrate user Lambda trigger). An answer that turns SMS MFA
// on without a phone number, or in a pool whose MFA is OFF, fails the migration before anything is
// written; and an SMS or email MFA code is never handed to the sender without a destination.
import { describe, expect, it } from "vitest";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";
import { arn, type Json, rejection, triggerService } from "./triggers-harness.js";

const PASSWORD = "Legacy-Pass-9-battery";

/** A legacy store that knows every name, with these attributes, and turns SMS MFA on. */
const legacy =
  (attributes: Record<string, string>): LambdaHandler =>
  async (event) => {
    if (event.request.password !== PASSWORD) throw new Error("Bad password");
    event.response.userAttributes = attributes;
    event.response.enableSMSMFA = true;
    event.response.messageAction = "SUPPRESS";
    return event;
  };

async function migrationPool(attributes: Record<string, string>, pool: Json = {}) {
  const env = await triggerService({
    handlers: { migrate: legacy(attributes) },
    pool: {
      MfaConfiguration: "OPTIONAL",
      SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sms", ExternalId: "x" },
      ...pool,
      LambdaConfig: { UserMigration: arn("migrate") },
    },
  });
  const signIn = () =>
    env.call("InitiateAuth", {
      ClientId: env.clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "legacy", PASSWORD },
    });
  const users = async () => ((await env.call("ListUsers", { UserPoolId: env.poolId })).Users ?? []) as Json[];
  const smsWithoutNumber = () => env.sent.filter((m) => m.channel === "SMS" && !m.to);
  return { ...env, signIn, users, smsWithoutNumber };
}

describe("UserMigration enableSMSMFA", () => {
  it("without a phone_number fails the migration: nobody is created, no SMS goes out, the next sign-in asks again", async () => {
    const env = await migrationPool({ email: "legacy@example.com", email_verified: "true" });
    const error = await rejection(env.signIn());
    expect(error.name).toBe("UserNotFoundException");
    expect(error.message).toBe(`Exception migrating user in app client ${env.clientId}`);
    expect(await env.users()).toEqual([]);
    expect(env.smsWithoutNumber()).toEqual([]);
    // Nothing was kept: the name is still unknown, and the legacy store is asked again.
    await rejection(env.signIn());
    expect(env.eventsOf("UserMigration_Authentication")).toHaveLength(2);
  });

  it("an empty phone_number is no phone number", async () => {
    const env = await migrationPool({ email: "legacy@example.com", phone_number: "" });
    expect((await rejection(env.signIn())).name).toBe("UserNotFoundException");
    expect(await env.users()).toEqual([]);
  });

  it("in a pool whose MFA is OFF fails the migration, phone number or not: no setting waits to spring on later", async () => {
    const env = await migrationPool(
      { email: "legacy@example.com", phone_number: "+15550123", phone_number_verified: "true" },
      { MfaConfiguration: "OFF" },
    );
    const error = await rejection(env.signIn());
    expect(error.name).toBe("UserNotFoundException");
    expect(error.message).toBe(`Exception migrating user in app client ${env.clientId}`);
    expect(await env.users()).toEqual([]);
  });

  it("with a phone_number in a pool with MFA: the user is migrated with SMS MFA, and the code goes to that number", async () => {
    const env = await migrationPool({
      email: "legacy@example.com",
      phone_number: "+15550123",
      phone_number_verified: "true",
    });
    const answer = await env.signIn();
    expect(answer.ChallengeName).toBe("SMS_MFA");
    const user = await env.call("AdminGetUser", { UserPoolId: env.poolId, Username: "legacy" });
    expect(user.UserMFASettingList).toEqual(["SMS_MFA"]);
    expect(env.sent.filter((m) => m.channel === "SMS").map((m) => m.to)).toEqual(["+15550123"]);
  });
});

describe("An MFA code never goes to an empty destination", () => {
  it("a user with SMS MFA whose phone_number was deleted is refused cleanly, and no SMS is handed to the sender", async () => {
    const env = await migrationPool({
      email: "legacy@example.com",
      phone_number: "+15550123",
      phone_number_verified: "true",
    });
    expect((await env.signIn()).ChallengeName).toBe("SMS_MFA");
    await env.call("AdminDeleteUserAttributes", {
      UserPoolId: env.poolId,
      Username: "legacy",
      UserAttributeNames: ["phone_number"],
    });
    const error = await rejection(env.signIn());
    expect(error.name).toBe("MFAMethodNotFoundException");
    expect(env.smsWithoutNumber()).toEqual([]);
    expect(env.sent.filter((m) => m.channel === "SMS")).toHaveLength(1);
  });
});
