// PasswordHistorySize through the AWS SDK v3 against the Node entry: AdminSetUserPassword,
// ChangePassword, ConfirmForgotPassword and NEW_PASSWORD_REQUIRED refuse the current password and
// the size-1 before it; a wrong code never reveals whether a password was the user's; a pool
// without a history keeps none.
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const [P1, P2, P3, P4] = ["History-One-1!", "History-Two-2!", "History-Three-3!", "History-Four-4!"];
const VIOLATION = "PasswordHistoryPolicyViolationException";

async function historyPool(size: number) {
  const poolId = await env.newPool({
    Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: size } },
  });
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const set = (Username: string, Password: string, Permanent = true) =>
    env.admin().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password, Permanent }));
  const signIn = (USERNAME: string, PASSWORD: string) =>
    env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME, PASSWORD },
      }),
    );
  const invite = (Username: string, TemporaryPassword: string, attributes: Record<string, string> = {}) =>
    env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        TemporaryPassword,
        MessageAction: "SUPPRESS",
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  return { poolId, clientId, set, signIn, invite };
}

const historyRows = (poolId: string) => {
  const db = new Database(env.database(), { readonly: true });
  try {
    return (
      db.prepare("SELECT COUNT(*) AS n FROM password_history WHERE pool_id = ?").get(poolId) as { n: number }
    ).n;
  } finally {
    db.close();
  }
};

describe("PasswordHistorySize", () => {
  it("refuses the current password and the ones before it, up to the size", async () => {
    const { poolId, set, invite } = await historyPool(2);
    await invite("hana", P4);
    await set("hana", P1);
    expect((await rejection(set("hana", P1))).name).toBe(VIOLATION);
    await set("hana", P2);
    expect((await rejection(set("hana", P1))).name).toBe(VIOLATION);
    await set("hana", P3);
    // The history is the current password and one before it: P1 is free again.
    await set("hana", P1);
    expect(historyRows(poolId)).toBeGreaterThan(0);
  });

  it("applies to ChangePassword and to NEW_PASSWORD_REQUIRED", async () => {
    const { poolId, clientId, set, signIn, invite } = await historyPool(3);
    await invite("ivo", P4);
    await set("ivo", P1);
    const { AuthenticationResult } = await signIn("ivo", P1);
    const change = (ProposedPassword: string) =>
      env.anyone().send(
        new ChangePasswordCommand({
          AccessToken: AuthenticationResult!.AccessToken!,
          PreviousPassword: P1,
          ProposedPassword,
        }),
      );
    expect((await rejection(change(P1))).name).toBe(VIOLATION);
    expect((await rejection(change(P4))).name).toBe(VIOLATION);
    await change(P2);

    await invite("jun", P3);
    const started = await signIn("jun", P3);
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    const answer = (NEW_PASSWORD: string) =>
      env.admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: started.Session,
          ChallengeResponses: { USERNAME: "jun", NEW_PASSWORD },
        }),
      );
    expect((await rejection(answer(P3))).name).toBe(VIOLATION);
  });

  it("checks ConfirmForgotPassword only once the code is right, so a wrong code tells nothing", async () => {
    const { clientId, set, invite } = await historyPool(2);
    await invite("kai", P4, { email: "kai@example.com", email_verified: "true" });
    await set("kai", P1);
    await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "kai" }));
    const code = env.lastMessageTo("kai@example.com").code!;
    const wrong = code === "000000" ? "111111" : "000000";
    const confirm = (ConfirmationCode: string, Password: string) =>
      env.anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "kai",
          ConfirmationCode,
          Password,
        }),
      );
    expect((await rejection(confirm(wrong, P1))).name).toBe("CodeMismatchException");
    expect((await rejection(confirm(code, P1))).name).toBe(VIOLATION);
  });

  it("keeps no earlier passwords for a pool without a history", async () => {
    const { poolId, set, invite } = await historyPool(0);
    await invite("lia", P4);
    await set("lia", P1);
    await set("lia", P1);
    expect(historyRows(poolId)).toBe(0);
  });
});
