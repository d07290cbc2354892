// SECRET_HASH on the answers that follow a challenge naming the user (CUSTOM_CHALLENGE, and
// PASSWORD_VERIFIER of USER_SRP_AUTH and CUSTOM_WITH_SRP), for a confidential client that hides
// users (PreventUserExistenceErrors ENABLED): the names a hash may be computed over are one rule for
// a real user and a name nobody holds (the name shown, the name typed, and the answer's USERNAME when
// it keys like one of them), so which hashes are taken tells neither that the user exists nor how
// its name is stored; and a hash over another user's name answers no one's Session.
import {
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { srpClient } from "./auth-helpers.js";
import { PASSWORD, rejection, triggerServer, CUSTOM_AUTH_TRIGGERS } from "./triggers-harness.js";

const server = triggerServer();
const CUSTOM = CUSTOM_AUTH_TRIGGERS;

// One custom challenge (after SRP's proof, for CUSTOM_WITH_SRP): tokens on "123456", failure otherwise.
server.handle("define", async (event) => {
  const last = event.request.session.at(-1);
  if (last?.challengeName === "SRP_A") event.response.challengeName = "PASSWORD_VERIFIER";
  else if (last === undefined || last.challengeName === "PASSWORD_VERIFIER")
    event.response.challengeName = "CUSTOM_CHALLENGE";
  else if (last.challengeResult === true) event.response.issueTokens = true;
  else event.response.failAuthentication = true;
  return event;
});
server.handle("create", async (event) => {
  event.response.privateChallengeParameters = { answer: "123456" };
  return event;
});
server.handle("verify", async (event) => {
  event.response.answerCorrect = event.request.challengeAnswer === "123456";
  return event;
});

/** A pool folding case (or not) with the real user "Alice" (stored with a capital), and a confidential client hiding users. */
async function setUp(caseSensitive = false) {
  const { poolId } = await server.pool({
    LambdaConfig: CUSTOM,
    ...(caseSensitive ? { UsernameConfiguration: { CaseSensitive: true } } : {}),
  });
  await server.user(poolId, "Alice", PASSWORD);
  const { UserPoolClient } = await server.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "confidential",
      GenerateSecret: true,
      PreventUserExistenceErrors: "ENABLED",
      ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const hash = (name: string) =>
    createHmac("sha256", UserPoolClient!.ClientSecret!)
      .update(name + clientId)
      .digest("base64");
  return { poolId, clientId, hash };
}

type Env = Awaited<ReturnType<typeof setUp>>;

// The spellings of a name: as the pool keys it, as "Alice" is stored, in capitals.
const SPELLINGS = {
  key: (name: string) => name.toLowerCase(),
  stored: (name: string) => name[0]!.toUpperCase() + name.slice(1).toLowerCase(),
  upper: (name: string) => name.toUpperCase(),
};
type Spelling = keyof typeof SPELLINGS;
const spell = (spelling: Spelling, name: string) => SPELLINGS[spelling](name);

const startCustom = ({ clientId, hash }: Env, USERNAME: string, srpA?: string) =>
  server.admin().send(
    new InitiateAuthCommand({
      AuthFlow: "CUSTOM_AUTH",
      ClientId: clientId,
      AuthParameters: {
        USERNAME,
        SECRET_HASH: hash(USERNAME),
        ...(srpA === undefined ? {} : { CHALLENGE_NAME: "SRP_A", SRP_A: srpA }),
      },
    }),
  );

const answer = (
  { clientId }: Env,
  ChallengeName: "CUSTOM_CHALLENGE" | "PASSWORD_VERIFIER",
  Session: string,
  ChallengeResponses: Record<string, string>,
) =>
  server
    .admin()
    .send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }),
    );

/** Each name typed at InitiateAuth, name the answer's SECRET_HASH is over, and whether the answer names it as USERNAME. */
const CASES: [Spelling, Spelling, boolean][] = (["key", "upper"] as const).flatMap((typed) =>
  (["key", "stored", "upper"] as const).flatMap((hashed) =>
    [false, true].map((named): [Spelling, Spelling, boolean] => [typed, hashed, named]),
  ),
);

/** The SRP proof of a PASSWORD_VERIFIER answer, without USERNAME. */
const claim = (p: Record<string, string>) => ({
  PASSWORD_CLAIM_SECRET_BLOCK: p.PASSWORD_CLAIM_SECRET_BLOCK!,
  TIMESTAMP: p.TIMESTAMP!,
  PASSWORD_CLAIM_SIGNATURE: p.PASSWORD_CLAIM_SIGNATURE!,
});

/** What a caller learns of an answer's SECRET_HASH: refused for it, or let through (to whatever followed). */
const hashOutcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "let through",
    (e: Error) => (/secret hash/.test(e.message) ? `refused: ${e.name} ${e.message}` : "let through"),
  );

/** The same, with the client id (which differs per pool) taken out of the message. */
const outcomeOf = async (env: Env, promise: Promise<unknown>) =>
  (await hashOutcome(promise)).replace(env.clientId, "<client>");

describe("CUSTOM_CHALLENGE's SECRET_HASH: one rule for a real user and a name nobody holds", () => {
  let env: Env;
  beforeAll(async () => void (env = await setUp()));

  it.each(CASES)(
    "typed in %s form, SECRET_HASH over the %s form, USERNAME given: %s",
    async (typed, hashed, named) => {
      const outcome = async (name: string) => {
        const started = await startCustom(env, spell(typed, name));
        expect(started.ChallengeName).toBe("CUSTOM_CHALLENGE");
        const over = spell(hashed, name);
        const responses = { ANSWER: "0", SECRET_HASH: env.hash(over), ...(named ? { USERNAME: over } : {}) };
        return outcomeOf(env, answer(env, "CUSTOM_CHALLENGE", started.Session!, responses));
      };
      const real = await outcome("alice");
      expect(await outcome("bobby")).toBe(real);
      // The name shown, the name typed and a USERNAME keying like them are taken; without USERNAME,
      // a hash over the stored spelling is not (it would tell that spelling, and the user, apart).
      const taken = named || hashed === "key" || hashed === typed;
      expect(real).toBe(
        taken
          ? "let through"
          : "refused: NotAuthorizedException Unable to verify secret hash for client <client>",
      );
    },
  );

  it("refuses a hash over another user's name, given as USERNAME, for a real user and an unknown one alike", async () => {
    for (const name of ["alice", "bobby"]) {
      const started = await startCustom(env, name);
      const responses = { ANSWER: "123456", USERNAME: "zed", SECRET_HASH: env.hash("zed") };
      expect([
        name,
        await outcomeOf(env, answer(env, "CUSTOM_CHALLENGE", started.Session!, responses)),
      ]).toEqual([name, "refused: NotAuthorizedException Unable to verify secret hash for client <client>"]);
    }
  });

  it("still signs a real user in with the hash over the name shown, or over the name typed", async () => {
    for (const over of ["shown", "typed"] as const) {
      const started = await startCustom(env, "ALICE");
      const name = over === "shown" ? started.ChallengeParameters!.USERNAME! : "ALICE";
      expect(started.ChallengeParameters!.USERNAME).toBe("alice");
      const done = await answer(env, "CUSTOM_CHALLENGE", started.Session!, {
        ANSWER: "123456",
        USERNAME: name,
        SECRET_HASH: env.hash(name),
      });
      expect([over, done.AuthenticationResult?.AccessToken]).toEqual([over, expect.any(String)]);
    }
  });
});

describe("PASSWORD_VERIFIER's SECRET_HASH: one rule for a real user and a name nobody holds", () => {
  let env: Env;
  beforeAll(async () => void (env = await setUp()));

  /** USER_SRP_AUTH to PASSWORD_VERIFIER, answered with the right password's proof (the real user's). */
  async function srpAnswer(
    env: Env,
    typed: string,
    responses: (p: Record<string, string>) => Record<string, string>,
  ) {
    const srp = await srpClient(env.poolId);
    const started = await server.admin().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: env.clientId,
        AuthParameters: { USERNAME: typed, SRP_A: srp.A, SECRET_HASH: env.hash(typed) },
      }),
    );
    const parameters = started.ChallengeParameters!;
    const proof = await srp.answer(parameters, PASSWORD);
    return answer(env, "PASSWORD_VERIFIER", started.Session!, responses({ ...proof, ...parameters }));
  }

  it.each(CASES)(
    "typed in %s form, SECRET_HASH over the %s form, USERNAME given: %s",
    async (typed, hashed, named) => {
      const outcome = (name: string) =>
        outcomeOf(
          env,
          srpAnswer(env, spell(typed, name), (p) => {
            const over = spell(hashed, name);
            return { ...claim(p), SECRET_HASH: env.hash(over), ...(named ? { USERNAME: over } : {}) };
          }),
        );
      const real = await outcome("alice");
      expect(await outcome("bobby")).toBe(real);
      const taken = named || hashed === "key" || hashed === typed;
      expect(real).toBe(
        taken
          ? "let through"
          : "refused: NotAuthorizedException Unable to verify secret hash for client <client>",
      );
    },
  );

  it('refuses a SECRET_HASH over another user\'s name (a case-sensitive pool\'s "ALICE" is not "Alice")', async () => {
    const env = await setUp(true);
    await server.user(env.poolId, "ALICE", PASSWORD);
    const refused = await rejection(
      srpAnswer(env, "Alice", (p) => ({
        ...claim(p),
        USERNAME: "ALICE",
        SECRET_HASH: env.hash("ALICE"),
      })),
    );
    expect(refused.name).toBe("NotAuthorizedException");
    // And a name that is neither shown nor typed, whoever holds it.
    const other = await rejection(
      srpAnswer(env, "Alice", (p) => ({
        ...claim(p),
        USERNAME: "zed",
        SECRET_HASH: env.hash("zed"),
      })),
    );
    expect(other.name).toBe("NotAuthorizedException");
  });

  it("still signs in with the hash over USER_ID_FOR_SRP, as amazon-cognito-identity-js and Amplify send it", async () => {
    const done = await srpAnswer(env, "ALICE", (p) => ({
      ...claim(p),
      USERNAME: p.USER_ID_FOR_SRP!,
      SECRET_HASH: env.hash(p.USER_ID_FOR_SRP!),
    }));
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it("CUSTOM_WITH_SRP: the proof's hash as in USER_SRP_AUTH, then the custom challenge's, to tokens", async () => {
    const outcomes: string[] = [];
    for (const name of ["alice", "bobby"]) {
      const srp = await srpClient(env.poolId);
      const started = await startCustom(env, name, srp.A);
      expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
      const proof = await srp.answer(started.ChallengeParameters!, PASSWORD);
      const { USERNAME: _shown, ...unnamed } = proof;
      // Over the stored spelling, without USERNAME: refused for both.
      outcomes.push(
        await outcomeOf(
          env,
          answer(env, "PASSWORD_VERIFIER", started.Session!, {
            ...unnamed,
            SECRET_HASH: env.hash(spell("stored", name)),
          }),
        ),
      );
    }
    expect(outcomes).toEqual([
      "refused: NotAuthorizedException Unable to verify secret hash for client <client>",
      "refused: NotAuthorizedException Unable to verify secret hash for client <client>",
    ]);

    /** CUSTOM_WITH_SRP through its proof to the custom challenge, for "Alice" typed in capitals. */
    const toCustomChallenge = async () => {
      const srp = await srpClient(env.poolId);
      const started = await startCustom(env, "ALICE", srp.A);
      const proof = await srp.answer(started.ChallengeParameters!, PASSWORD);
      const custom = await answer(env, "PASSWORD_VERIFIER", started.Session!, {
        ...proof,
        SECRET_HASH: env.hash(proof.USERNAME),
      });
      expect(custom.ChallengeName).toBe("CUSTOM_CHALLENGE");
      return { Session: custom.Session!, shown: custom.ChallengeParameters!.USERNAME! };
    };
    // The custom challenge after the proof: not over the stored spelling either, without USERNAME.
    const refused = await toCustomChallenge();
    expect(
      await outcomeOf(
        env,
        answer(env, "CUSTOM_CHALLENGE", refused.Session, {
          ANSWER: "123456",
          SECRET_HASH: env.hash("Alice"),
        }),
      ),
    ).toBe("refused: NotAuthorizedException Unable to verify secret hash for client <client>");
    const { Session, shown } = await toCustomChallenge();
    const done = await answer(env, "CUSTOM_CHALLENGE", Session, {
      ANSWER: "123456",
      USERNAME: shown,
      SECRET_HASH: env.hash(shown),
    });
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});
