// What the MFA suites share: a pool with MFA (TOTP on, plus `extra` factors), a client for
// USER_PASSWORD_AUTH, users signed up and confirmed, and the calls of a sign-in.
import {
  AdminConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { usersServer } from "./users-setup.js";

export const SMS = {
  SmsMfaConfiguration: {
    SmsAuthenticationMessage: "Your code is {####}",
    SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
  },
};

export async function mfaPool(
  env: ReturnType<typeof usersServer>,
  password: string,
  mode: "ON" | "OPTIONAL",
  extra: Record<string, unknown> = {},
) {
  const poolId = await env.newPool();
  await env.admin().send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      ...extra,
    }),
  );
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const user = async (Username: string, attributes: Record<string, string> = {}) => {
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: password,
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
  };
  const signIn = (USERNAME: string) =>
    env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME, PASSWORD: password },
      }),
    );
  const answer = (
    ChallengeName: string,
    Session: string | undefined,
    ChallengeResponses: Record<string, string>,
  ) =>
    env.anyone().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: ChallengeName as never,
        Session,
        ChallengeResponses,
      }),
    );
  return { poolId, clientId, user, signIn, answer };
}
