// PreventUserExistenceErrors ENABLED, table-driven, through the AWS SDK v3 against the Node entry:
// every unauthenticated operation but SignUp answers a real user, whatever its state (UNCONFIRMED,
// CONFIRMED, disabled, without a verified contact, FORCE_CHANGE_PASSWORD), with the same kind of
// answer (success, or the error's __type) and the same words as a name nobody holds. A disabled
// user is told so only once the password is proven. (A locked-out user's "Password attempts
// exceeded" is Cognito's own tell, not covered here.)
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolCommandInput,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { srpClient } from "./auth-helpers.js";
import { usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "States-Alike-9!";
const WRONG = "Not-The-One-9!";
const WRONG_CODE = "000000";
let counter = 0;

type State =
  | "unknown"
  | "UNCONFIRMED"
  | "CONFIRMED"
  | "disabled"
  | "no verified contact"
  | "FORCE_CHANGE_PASSWORD";
const STATES: State[] = [
  "unknown",
  "UNCONFIRMED",
  "CONFIRMED",
  "disabled",
  "no verified contact",
  "FORCE_CHANGE_PASSWORD",
];

/** A name in `state` (the name typed: the username, or the email where it is the username). */
async function userIn(
  poolId: string,
  clientId: string,
  state: State,
  emailIsUsername: boolean,
): Promise<string> {
  const n = ++counter;
  const email = `s${n}@example.com`;
  const name = emailIsUsername ? email : `s${n}`;
  const contact = [
    { Name: "email", Value: email },
    { Name: "email_verified", Value: "true" },
  ];
  const admin = env.admin();
  switch (state) {
    case "unknown":
      return name;
    case "UNCONFIRMED":
      await env.anyone().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: name,
          Password: PASSWORD,
          UserAttributes: [{ Name: "email", Value: email }],
        }),
      );
      return name;
    case "FORCE_CHANGE_PASSWORD":
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          TemporaryPassword: PASSWORD,
          MessageAction: "SUPPRESS",
          UserAttributes: contact,
        }),
      );
      return name;
    case "no verified contact":
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: "SUPPRESS",
          UserAttributes: emailIsUsername ? [{ Name: "email", Value: email }] : [],
        }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: name,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      return name;
    default:
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: "SUPPRESS",
          UserAttributes: contact,
        }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: name,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      if (state === "disabled")
        await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: name }));
      return name;
  }
}

/** The operations a stranger may call, each with what it would try. */
const OPERATIONS: Record<string, (clientId: string, Username: string) => Promise<unknown>> = {
  "InitiateAuth USER_PASSWORD_AUTH, wrong password": (ClientId, USERNAME) =>
    env.anyone().send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME, PASSWORD: WRONG },
      }),
    ),
  "InitiateAuth USER_SRP_AUTH, first step": async (ClientId, USERNAME) => {
    const srp = await srpClient("us-east-1_any"); // SRP_A does not depend on the pool
    return env.anyone().send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "USER_SRP_AUTH",
        AuthParameters: { USERNAME, SRP_A: srp.A },
      }),
    );
  },
  ForgotPassword: (ClientId, Username) =>
    env.anyone().send(new ForgotPasswordCommand({ ClientId, Username })),
  "ConfirmForgotPassword, wrong code": (ClientId, Username) =>
    env.anyone().send(
      new ConfirmForgotPasswordCommand({
        ClientId,
        Username,
        ConfirmationCode: WRONG_CODE,
        Password: "Brand-New-Pass-9!",
      }),
    ),
  ResendConfirmationCode: (ClientId, Username) =>
    env.anyone().send(new ResendConfirmationCodeCommand({ ClientId, Username })),
  "ConfirmSignUp, wrong code": (ClientId, Username) =>
    env.anyone().send(new ConfirmSignUpCommand({ ClientId, Username, ConfirmationCode: WRONG_CODE })),
};

/** "ok", or the error's __type (and its message, to tell apart what the type does not). */
async function outcome(call: Promise<unknown>): Promise<{ type: string; message?: string }> {
  try {
    await call;
    return { type: "ok" };
  } catch (error) {
    return { type: (error as Error).name, message: (error as Error).message };
  }
}

const SHAPES: [string, Partial<CreateUserPoolCommandInput>, boolean][] = [
  ["usernames", { AutoVerifiedAttributes: ["email"] }, false],
  ["email as the username", { AutoVerifiedAttributes: ["email"], UsernameAttributes: ["email"] }, true],
];

describe.each(SHAPES)(
  "PreventUserExistenceErrors ENABLED, a pool with %s",
  (_shape, settings, emailIsUsername) => {
    for (const [operation, call] of Object.entries(OPERATIONS)) {
      it(`${operation}: every state answers as a name nobody holds`, async () => {
        const poolId = await env.newPool(settings);
        const { UserPoolClient } = await env.admin().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: "app",
            PreventUserExistenceErrors: "ENABLED",
            ExplicitAuthFlows: [
              "ALLOW_USER_SRP_AUTH",
              "ALLOW_USER_PASSWORD_AUTH",
              "ALLOW_REFRESH_TOKEN_AUTH",
            ],
          }),
        );
        const clientId = UserPoolClient!.ClientId!;
        const answers: Record<string, { type: string; message?: string }> = {};
        for (const state of STATES)
          answers[state] = await outcome(
            call(clientId, await userIn(poolId, clientId, state, emailIsUsername)),
          );
        const unknown = answers.unknown!;
        for (const state of STATES) {
          expect(answers[state]!.type, `${state}: ${JSON.stringify(answers[state])}`).toBe(unknown.type);
          expect(answers[state]!.message, state).toBe(unknown.message);
        }
      });
    }
  },
);

describe("a disabled user, PreventUserExistenceErrors ENABLED", () => {
  it("is told so only once the password is proven, by USER_PASSWORD_AUTH and by USER_SRP_AUTH", async () => {
    const poolId = await env.newPool({ AutoVerifiedAttributes: ["email"] });
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        PreventUserExistenceErrors: "ENABLED",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const name = await userIn(poolId, clientId, "disabled", false);
    const byPassword = (PASSWORD_: string) =>
      outcome(
        env.anyone().send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: name, PASSWORD: PASSWORD_ },
          }),
        ),
      );
    const bySrp = async (password: string) => {
      const srp = await srpClient(poolId);
      const first = await env.anyone().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME: name, SRP_A: srp.A },
        }),
      );
      const ChallengeResponses = await srp.answer(first.ChallengeParameters!, password);
      return outcome(
        env.anyone().send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: "PASSWORD_VERIFIER",
            Session: first.Session,
            ChallengeResponses,
          }),
        ),
      );
    };
    const incorrect = { type: "NotAuthorizedException", message: "Incorrect username or password." };
    const disabled = { type: "NotAuthorizedException", message: "User is disabled." };
    expect(await byPassword(WRONG)).toEqual(incorrect);
    expect(await bySrp(WRONG)).toEqual(incorrect);
    expect(await byPassword(PASSWORD)).toEqual(disabled);
    expect(await bySrp(PASSWORD)).toEqual(disabled);
  });
});
