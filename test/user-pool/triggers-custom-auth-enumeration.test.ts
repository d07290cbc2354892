// Custom authentication in a client that hides users (PreventUserExistenceErrors ENABLED), through
// the real AWS SDK: a name nobody holds is answered CUSTOM_CHALLENGE in the same form as a real
// user's (ChallengeParameters.USERNAME as the SRP flow's USER_ID_FOR_SRP: a UUID in an email pool,
// the name as the pool keys it in a username pool), with a Session of the same shape, and its
// answers refused as a real user's wrong answer is, SECRET_HASH included.
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../helpers/acijs.js";
import { PASSWORD, rejection, triggerServer, CUSTOM_AUTH_TRIGGERS } from "./triggers-harness.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const server = triggerServer();
const CUSTOM = CUSTOM_AUTH_TRIGGERS;
const HIDING = {
  ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH" as const, "ALLOW_REFRESH_TOKEN_AUTH" as const],
  PreventUserExistenceErrors: "ENABLED" as const,
};

// AWS's one-time-answer example, reduced: one custom challenge, tokens on a right answer, failure
// after a wrong one.
function oneChallenge() {
  server.handlers.define = async (event) => {
    const last = event.request.session.at(-1);
    if (last === undefined) event.response.challengeName = "CUSTOM_CHALLENGE";
    else if (last.challengeResult === true) event.response.issueTokens = true;
    else event.response.failAuthentication = true;
    return event;
  };
  server.handlers.create = async (event) => {
    event.response.publicChallengeParameters = { hint: "check your email" };
    event.response.privateChallengeParameters = { answer: "123456" };
    return event;
  };
  server.handlers.verify = async (event) => {
    event.response.answerCorrect =
      event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  };
}

const start = (clientId: string, USERNAME: string, SECRET_HASH?: string) =>
  server.admin().send(
    new InitiateAuthCommand({
      AuthFlow: "CUSTOM_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME, ...(SECRET_HASH ? { SECRET_HASH } : {}) },
    }),
  );
const respond = (clientId: string, session: string, USERNAME: string, ANSWER: string, SECRET_HASH?: string) =>
  server.admin().send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "CUSTOM_CHALLENGE",
      Session: session,
      ChallengeResponses: { USERNAME, ANSWER, ...(SECRET_HASH ? { SECRET_HASH } : {}) },
    }),
  );

/** What a caller sees of a challenge, with the values that must differ by nature (the Session's bytes) reduced to their form. */
function shape(answer: InitiateAuthCommandOutput) {
  return {
    ChallengeName: answer.ChallengeName,
    keys: Object.keys(answer.ChallengeParameters ?? {}).sort(),
    hint: answer.ChallengeParameters?.hint,
    session: /^[A-Za-z0-9+/]{64}$/.test(answer.Session ?? "") ? "64 base64 characters" : answer.Session,
  };
}

const secretHash = (secret: string, name: string, clientId: string) =>
  createHmac("sha256", secret)
    .update(name + clientId)
    .digest("base64");

describe("CUSTOM_AUTH hiding users: an unknown name answered as a real user", () => {
  it("in a pool that signs in by email: a UUID for both, stable per name, the same shape, and the same end", async () => {
    oneChallenge();
    const { poolId, clientId } = await server.pool(
      { LambdaConfig: CUSTOM, ...{ UsernameAttributes: ["email"] } } as never,
      HIDING,
    );
    await server.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "alice@example.com",
        UserAttributes: [
          { Name: "email", Value: "alice@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    const known = await start(clientId, "alice@example.com");
    const unknown = await start(clientId, "nobody@example.com");
    expect(known.ChallengeParameters!.USERNAME).toMatch(UUID);
    expect(unknown.ChallengeParameters!.USERNAME).toMatch(UUID);
    expect(shape(unknown)).toEqual(shape(known));
    // Asked again, a name is answered with the same id, as a real user's internal name is.
    expect((await start(clientId, "Nobody@Example.com")).ChallengeParameters!.USERNAME).toBe(
      unknown.ChallengeParameters!.USERNAME,
    );
    expect((await start(clientId, "alice@example.com")).ChallengeParameters!.USERNAME).toBe(
      known.ChallengeParameters!.USERNAME,
    );
    // The functions still see the name as typed for an unknown user.
    const creates = server.events.filter((e) => e.triggerSource === "CreateAuthChallenge_Authentication");
    expect(creates.at(-3)!).toMatchObject({
      userName: "nobody@example.com",
      request: { userNotFound: true },
    });

    // Answered with the id shown or the name typed, a wrong answer ends alike for both.
    const wrongKnown = await rejection(
      respond(clientId, known.Session!, known.ChallengeParameters!.USERNAME!, "0"),
    );
    const wrongUnknown = await rejection(
      respond(clientId, unknown.Session!, unknown.ChallengeParameters!.USERNAME!, "0"),
    );
    expect([wrongUnknown.name, wrongUnknown.message]).toEqual([wrongKnown.name, wrongKnown.message]);
    const again = await start(clientId, "nobody@example.com");
    expect(await rejection(respond(clientId, again.Session!, "nobody@example.com", "123456"))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("in a username pool that folds case: the name as the pool keys it, for real users and unknown names alike", async () => {
    oneChallenge();
    const { poolId, clientId } = await server.pool({ LambdaConfig: CUSTOM } as never, HIDING);
    for (const Username of ["alice", "Dora"])
      await server
        .admin()
        .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: "SUPPRESS" }));
    const name = async (typed: string) => (await start(clientId, typed)).ChallengeParameters!.USERNAME;
    expect(await name("ALICE")).toBe("alice");
    expect(await name("BOB")).toBe("bob");
    // A user whose stored name has capitals is shown as the pool keys it too (as USER_ID_FOR_SRP
    // shows it): its spelling would tell it from an unknown name typed the same way.
    expect(await name("Dora")).toBe("dora");
    expect(await name("Dorb")).toBe("dorb");
    // The key-shaped name answers a real user's challenge.
    const dora = await start(clientId, "DORA");
    const tokens = await respond(clientId, dora.Session!, dora.ChallengeParameters!.USERNAME!, "123456");
    expect(tokens.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("with a client secret: SECRET_HASH over the id shown or the name typed is taken for an unknown name, as for a real user", async () => {
    oneChallenge();
    const { poolId } = await server.pool(
      { LambdaConfig: CUSTOM, ...{ UsernameAttributes: ["email"] } } as never,
      HIDING,
    );
    const { UserPoolClient } = await server.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "secret",
        GenerateSecret: true,
        ...HIDING,
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const hash = (name: string) => secretHash(UserPoolClient!.ClientSecret!, name, clientId);
    await server.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "alice@example.com",
        UserAttributes: [
          { Name: "email", Value: "alice@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    for (const typed of ["alice@example.com", "nobody@example.com"]) {
      const byTyped = await start(clientId, typed, hash(typed));
      const wrong = await rejection(respond(clientId, byTyped.Session!, typed, "0", hash(typed)));
      expect([typed, wrong.name, wrong.message]).toEqual([
        typed,
        "NotAuthorizedException",
        "Incorrect username or password.",
      ]);
      const byShown = await start(clientId, typed, hash(typed));
      const shown = byShown.ChallengeParameters!.USERNAME!;
      const wrongShown = await rejection(respond(clientId, byShown.Session!, shown, "0", hash(shown)));
      expect([typed, wrongShown.message]).toEqual([typed, "Incorrect username or password."]);
      const byOther = await start(clientId, typed, hash(typed));
      const badHash = await rejection(respond(clientId, byOther.Session!, typed, "0", hash("someone-else")));
      expect([typed, badHash.message]).toEqual([
        typed,
        `Unable to verify secret hash for client ${clientId}`,
      ]);
    }
  });
});

// AWS's one-time-code sample with its three tries: tokens on a right answer, a new challenge after
// a wrong one, failure after the third; CUSTOM_WITH_SRP's password first when the loop starts with SRP_A.
function threeTries() {
  server.handlers.define = async (event) => {
    const session = event.request.session;
    const last = session.at(-1);
    if (session.length === 1 && last?.challengeName === "SRP_A")
      event.response.challengeName = "PASSWORD_VERIFIER";
    else if (last?.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult === true)
      event.response.issueTokens = true;
    else if (
      session.filter((r: { challengeName: string }) => r.challengeName === "CUSTOM_CHALLENGE").length >= 3
    )
      event.response.failAuthentication = true;
    else event.response.challengeName = "CUSTOM_CHALLENGE";
    return event;
  };
  server.handlers.create = async (event) => {
    event.response.publicChallengeParameters = { hint: "the code we emailed" };
    event.response.privateChallengeParameters = { answer: "424242" };
    return event;
  };
  server.handlers.verify = async (event) => {
    event.response.answerCorrect =
      event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  };
}

/** Each answer's outcome in turn: the next challenge's name, tokens, or the error's type and words. */
async function outcomes(clientId: string, name: string, answers: string[]): Promise<string[]> {
  const first = await server.anyone().send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "CUSTOM_AUTH",
      AuthParameters: { USERNAME: name },
    }),
  );
  const seen = [`challenge ${first.ChallengeName}`];
  let session = first.Session;
  for (const ANSWER of answers) {
    try {
      const next = await server.anyone().send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "CUSTOM_CHALLENGE",
          Session: session,
          ChallengeResponses: { USERNAME: first.ChallengeParameters!.USERNAME!, ANSWER },
        }),
      );
      session = next.Session;
      seen.push(next.AuthenticationResult === undefined ? `challenge ${next.ChallengeName}` : "tokens");
    } catch (error) {
      seen.push(`${(error as Error).name}: ${(error as Error).message}`);
      break;
    }
  }
  return seen;
}

const INCORRECT = "NotAuthorizedException: Incorrect username or password.";
const DISABLED = "NotAuthorizedException: User is disabled.";

describe("CUSTOM_AUTH hiding users: a disabled user is told so only once an answer is proven", () => {
  it("wrong answers go on as an unknown name's do (Verify judges them); a right one ends in User is disabled.", async () => {
    threeTries();
    const { poolId, clientId } = await server.pool({ LambdaConfig: CUSTOM }, HIDING);
    await server.user(poolId, "dora", PASSWORD);
    await server.admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "dora" }));

    const wrong = ["000000", "000001", "000002"];
    const unknown = await outcomes(clientId, "nobody", wrong);
    expect(unknown).toEqual([
      "challenge CUSTOM_CHALLENGE",
      "challenge CUSTOM_CHALLENGE",
      "challenge CUSTOM_CHALLENGE",
      INCORRECT,
    ]);
    server.events.length = 0;
    expect(await outcomes(clientId, "dora", wrong)).toEqual(unknown);
    // Each wrong answer was Verify's to judge, as for anyone; the functions were told the user is held.
    expect(server.eventsOf("VerifyAuthChallengeResponse_Authentication")).toHaveLength(3);
    expect(server.eventsOf("CreateAuthChallenge_Authentication").map((e) => e.request.userNotFound)).toEqual([
      false,
      false,
      false,
    ]);

    // The right answer proves the sign-in: only then is the user told it is disabled, and no tokens.
    expect(await outcomes(clientId, "dora", ["000000", "424242"])).toEqual([
      "challenge CUSTOM_CHALLENGE",
      "challenge CUSTOM_CHALLENGE",
      DISABLED,
    ]);
    expect(await server.refreshTokens(poolId)).toBe(0);
  });

  it("a client that does not hide users refuses a user disabled during the loop before Verify is asked", async () => {
    threeTries();
    const { poolId, clientId } = await server.pool(
      { LambdaConfig: CUSTOM },
      { ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    );
    await server.user(poolId, "dora", PASSWORD);
    const first = await server.anyone().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "CUSTOM_AUTH",
        AuthParameters: { USERNAME: "dora" },
      }),
    );
    await server.admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "dora" }));
    server.events.length = 0;
    const refused = await rejection(
      server.anyone().send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "CUSTOM_CHALLENGE",
          Session: first.Session,
          ChallengeResponses: { USERNAME: "dora", ANSWER: "000000" },
        }),
      ),
    );
    expect(`${refused.name}: ${refused.message}`).toBe(DISABLED);
    expect(server.events).toEqual([]);
  });

  it("CUSTOM_WITH_SRP: a wrong password is refused as an unknown name's; the proven one ends in User is disabled. before Define is asked again", async () => {
    threeTries();
    const { poolId, clientId } = await server.pool({ LambdaConfig: CUSTOM }, HIDING);
    await server.user(poolId, "dora", PASSWORD);
    await server.admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "dora" }));
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url });
    const signIn = (name: string, password: string) =>
      new Promise<string>((done) => {
        const user = new CognitoUser({ Username: name, Pool: pool, Storage: memoryStorage() });
        user.setAuthenticationFlowType("CUSTOM_AUTH");
        user.authenticateUser(new AuthenticationDetails({ Username: name, Password: password }), {
          onSuccess: () => done("tokens"),
          onFailure: (error: Error & { code?: string }) => done(`${error.code}: ${error.message}`),
          customChallenge: () => done("challenge CUSTOM_CHALLENGE"),
        });
      });
    const unknown = await signIn("nobody", "Wrong-Horse-9");
    expect(unknown).toBe(INCORRECT);
    expect(await signIn("dora", "Wrong-Horse-9")).toBe(unknown);
    server.events.length = 0;
    expect(await signIn("dora", PASSWORD)).toBe(DISABLED);
    // Define was asked once (SRP_A), not again with the proven password: no Create mails the user.
    expect(server.events.map((e) => e.triggerSource)).toEqual(["DefineAuthChallenge_Authentication"]);
  });
});
