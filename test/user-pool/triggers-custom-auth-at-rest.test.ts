// What a copy of the database gives away of a pending custom sign-in: nothing of its answer.
// CreateAuthChallenge's privateChallengeParameters (AWS's samples put the one-time code there) and
// challengeMetadata (`CODE-<code>`) are kept in the Session sealed under the master key, bound to
// the pool and the Session, and opened only for Verify and Define.
import {
  AdminCreateUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, triggerServer, CUSTOM_AUTH_TRIGGERS } from "./triggers-harness.js";

const server = triggerServer();
const CUSTOM = CUSTOM_AUTH_TRIGGERS;
const CLIENT = { ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH" as const, "ALLOW_REFRESH_TOKEN_AUTH" as const] };

// AWS's one-time-answer example: a fresh code per challenge, in the private parameters and the metadata.
const codes: string[] = [];
function oneTimeCode() {
  server.handlers.define = async (event) => {
    const last = event.request.session.at(-1);
    if (last?.challengeResult === true) event.response.issueTokens = true;
    else if (event.request.session.length >= 3) event.response.failAuthentication = true;
    else event.response.challengeName = "CUSTOM_CHALLENGE";
    return event;
  };
  server.handlers.create = async (event) => {
    const code = String(900_000 + codes.length * 7919 + Math.floor(Math.random() * 1000));
    codes.push(code);
    event.response.publicChallengeParameters = { email: "a***@example.com" };
    event.response.privateChallengeParameters = { answer: code };
    event.response.challengeMetadata = `CODE-${code}`;
    return event;
  };
  server.handlers.verify = async (event) => {
    event.response.answerCorrect =
      event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  };
}

async function setUp() {
  oneTimeCode();
  return server.pool({ LambdaConfig: CUSTOM } as never, CLIENT);
}
const start = (clientId: string, USERNAME: string) =>
  server
    .admin()
    .send(
      new InitiateAuthCommand({ AuthFlow: "CUSTOM_AUTH", ClientId: clientId, AuthParameters: { USERNAME } }),
    );
const respond = (clientId: string, Session: string, USERNAME: string, ANSWER: string) =>
  server.admin().send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "CUSTOM_CHALLENGE",
      Session,
      ChallengeResponses: { USERNAME, ANSWER },
    }),
  );
const storedData = async (poolId: string) =>
  (
    await server.driver.all<{ data: string }>("SELECT data FROM auth_sessions WHERE pool_id = ?", [poolId])
  ).map((r) => r.data);

describe("a pending custom challenge at rest", () => {
  it("keeps Create's private parameters and metadata sealed; Verify and Define still get them", async () => {
    const { poolId, clientId } = await server.pool({ LambdaConfig: CUSTOM } as never, {
      ...CLIENT,
      PreventUserExistenceErrors: "ENABLED",
    });
    oneTimeCode();
    await server
      .admin()
      .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice", MessageAction: "SUPPRESS" }));
    for (const name of ["alice", "nobody"]) {
      const first = await start(clientId, name);
      const wrong = await respond(clientId, first.Session!, name, "000000");
      expect(wrong.ChallengeName).toBe("CUSTOM_CHALLENGE");
    }
    const stored = (await storedData(poolId)).join("\n");
    expect(stored).not.toBe("");
    for (const code of codes.slice(-4)) expect(stored).not.toContain(code);
    expect(stored).not.toContain("CODE-");
    expect(stored).not.toContain('"answer"');

    // Opened where they are needed: Verify judges by the answer, Define reads the metadata.
    const known = await start(clientId, "alice");
    const code = codes.at(-1)!;
    const tokens = await respond(clientId, known.Session!, "alice", code);
    expect(tokens.AuthenticationResult?.AccessToken).toBeDefined();
    const verify = server.eventsOf("VerifyAuthChallengeResponse_Authentication").at(-1)!;
    expect(verify.request.privateChallengeParameters).toEqual({ answer: code });
    const define = server.eventsOf("DefineAuthChallenge_Authentication").at(-1)!;
    expect(define.request.session).toEqual([
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: true, challengeMetadata: `CODE-${code}` },
    ]);
  });

  it("a sealed answer moved into another Session does not open there: the answer is refused, not a 500", async () => {
    const { poolId, clientId } = await setUp();
    await server
      .admin()
      .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "bob", MessageAction: "SUPPRESS" }));
    const a = await start(clientId, "bob");
    const b = await start(clientId, "bob");
    const rows = await server.driver.all<{ id_hash: string; data: string }>(
      "SELECT id_hash, data FROM auth_sessions WHERE pool_id = ? ORDER BY created_at",
      [poolId],
    );
    expect(rows).toHaveLength(2);
    // Session b's row is given a's sealed answer (a's code): an attacker with write access to the
    // rows cannot carry a known answer over.
    const [rowA, rowB] = rows;
    const dataB = JSON.parse(rowB!.data);
    dataB.custom.sealed = JSON.parse(rowA!.data).custom.sealed;
    await server.driver.run("UPDATE auth_sessions SET data = ? WHERE id_hash = ?", [
      JSON.stringify(dataB),
      rowB!.id_hash,
    ]);
    const error = await rejection(respond(clientId, b.Session!, "bob", codes.at(-2)!));
    expect(error).toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user." });
    // a's own Session still answers.
    expect((await respond(clientId, a.Session!, "bob", codes.at(-2)!)).AuthenticationResult).toBeDefined();
  });
});
