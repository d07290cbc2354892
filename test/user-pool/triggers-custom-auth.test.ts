// The custom authentication loop (CUSTOM_AUTH, CUSTOM_WITH_SRP) with in-process trigger functions
// (functionInvoker): the events field by field, amazon-cognito-identity-js and Amplify v6 unmodified,
// the one-time-answer example, the wrong-answer bound, Session replay, userNotFound, and each
// trigger's failure kinds.
import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { Amplify } from "aws-amplify";
import { confirmSignIn, signIn, signOut } from "aws-amplify/auth";
import { ConsoleLogger } from "aws-amplify/utils";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../src/app.js";
import { repositories } from "../../src/storage/index.js";
import { openSqlite } from "../../src/storage/open.node.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { functionInvoker } from "../../src/user-pool/triggers/function.js";
import type { LambdaHandler } from "../../src/user-pool/triggers/handler-call.js";
import type { TriggerEvent } from "../../src/user-pool/triggers/invoker.js";
import { memoryStorage } from "../helpers/acijs.js";
import { ADMIN, rejection, seedUser } from "./auth-helpers.js";

const PASSWORD = "Correct-Horse-9";
// biome-ignore lint/suspicious/noExplicitAny: trigger events are read field by field
type Ev = TriggerEvent & { request: Record<string, any>; response: Record<string, any> };
type Handler = (event: Ev) => unknown;

/** The functions each test sets, and every event they were given (as received). */
const handlers: { define?: Handler; create?: Handler; verify?: Handler } = {};
const events: Ev[] = [];
const dispatch =
  (name: keyof typeof handlers): LambdaHandler =>
  async (event: unknown) => {
    events.push(structuredClone(event) as Ev);
    const handler = handlers[name];
    if (handler === undefined) throw new Error(`no ${name} handler`);
    return handler(event as Ev);
  };
const ARN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const LAMBDA_CONFIG = {
  DefineAuthChallenge: ARN("define"),
  CreateAuthChallenge: ARN("create"),
  VerifyAuthChallengeResponse: ARN("verify"),
};

let url: string;
let close: () => Promise<void>;
let store: ReturnType<typeof repositories>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-custom-"));
  const storage = await openSqlite(dataDir);
  store = repositories(await openSqlite(dataDir));
  const app = createGateway(
    { publicUrl: undefined } as never,
    {
      name: "node",
      getConnInfo,
      storage,
      masterKey: generateMasterKey(),
      adminCredentials: ADMIN,
      triggers: functionInvoker({
        define: dispatch("define"),
        create: dispatch("create"),
        verify: dispatch("verify"),
      }),
      // The hang tests wait this out; in-process functions answer well within it.
      triggerTimeoutMs: 500,
    } as never,
  );
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((ok) => server.once("listening", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((ok) => server.close(() => ok()));
});
afterAll(async () => {
  await close?.();
});

const admin = () =>
  new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: url,
    credentials: ADMIN,
    maxAttempts: 1,
  });

async function setUp(
  options: {
    hide?: boolean;
    flows?: ExplicitAuthFlowsType[];
    lambda?: Record<string, string>;
    secret?: boolean;
  } = {},
) {
  const { UserPool } = await admin().send(
    new CreateUserPoolCommand({ PoolName: "custom", LambdaConfig: options.lambda ?? LAMBDA_CONFIG }),
  );
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: options.flows ?? ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      ...(options.hide ? { PreventUserExistenceErrors: "ENABLED" } : {}),
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const user = await seedUser(store, poolId, {
    username: "alice",
    password: PASSWORD,
    attributes: { email: "alice@example.com", email_verified: "true" },
  });
  events.length = 0;
  const pool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: url,
    Storage: memoryStorage(),
  });
  return { poolId, clientId, user, pool };
}

// AWS's one-time-answer example: Create mails a fresh code (here: a plain store), Verify compares;
// Define issues tokens on a right answer and fails after three wrong ones.
const mailbox = new Map<string, string>();
function oneTimeAnswer(maxWrong = 3) {
  handlers.define = (event) => {
    const session = event.request.session as { challengeName: string; challengeResult: boolean }[];
    const last = session.at(-1);
    if (session.length === 1 && last?.challengeName === "SRP_A") {
      event.response.challengeName = "PASSWORD_VERIFIER";
      event.response.issueTokens = false;
      event.response.failAuthentication = false;
    } else if (last?.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult === true) {
      event.response.issueTokens = true;
      event.response.failAuthentication = false;
    } else if (session.filter((r) => r.challengeName === "CUSTOM_CHALLENGE").length >= maxWrong) {
      event.response.issueTokens = false;
      event.response.failAuthentication = true;
    } else {
      event.response.challengeName = "CUSTOM_CHALLENGE";
      event.response.issueTokens = false;
      event.response.failAuthentication = false;
    }
    return event;
  };
  handlers.create = (event) => {
    const code = String(Math.floor(100000 + Math.random() * 900000));
    if (!event.request.userNotFound) mailbox.set(event.request.userAttributes.email, code);
    event.response.publicChallengeParameters = {
      email: event.request.userAttributes.email ?? "",
      attempt: event.request.session.length + 1,
    };
    event.response.privateChallengeParameters = { answer: code };
    event.response.challengeMetadata = `CODE-${code}`;
    return event;
  };
  handlers.verify = (event) => {
    event.response.answerCorrect =
      event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  };
}

interface Outcome {
  kind: "success" | "challenge" | "failure";
  value?: unknown;
}
function callbacks(done: (o: Outcome) => void) {
  return {
    onSuccess: (session: unknown) => done({ kind: "success", value: session }),
    onFailure: (error: unknown) => done({ kind: "failure", value: error }),
    customChallenge: (parameters: unknown) => done({ kind: "challenge", value: parameters }),
  };
}
const acijsUser = (pool: CognitoUserPool, name = "alice") => {
  const user = new CognitoUser({ Username: name, Pool: pool, Storage: memoryStorage() });
  user.setAuthenticationFlowType("CUSTOM_AUTH");
  return user;
};
const initiate = (user: CognitoUser, name = "alice") =>
  new Promise<Outcome>((done) =>
    user.initiateAuth(new AuthenticationDetails({ Username: name }), callbacks(done)),
  );
const answer = (user: CognitoUser, value: string) =>
  new Promise<Outcome>((done) => user.sendCustomChallengeAnswer(value, callbacks(done)));

describe("CUSTOM_AUTH with amazon-cognito-identity-js", () => {
  it("emails a one-time answer; sendCustomChallengeAnswer completes it, with every event as AWS documents", async () => {
    const { poolId, clientId, user: seeded, pool } = await setUp();
    oneTimeAnswer();
    const user = acijsUser(pool);
    const first = await initiate(user);
    expect(first.kind).toBe("challenge");
    expect(first.value).toEqual({ email: "alice@example.com", attempt: "1", USERNAME: "alice" });
    const done = await answer(user, mailbox.get("alice@example.com")!);
    expect(done.kind).toBe("success");
    expect(events.map((e) => e.triggerSource)).toEqual([
      "DefineAuthChallenge_Authentication",
      "CreateAuthChallenge_Authentication",
      "VerifyAuthChallengeResponse_Authentication",
      "DefineAuthChallenge_Authentication",
    ]);
    const attributes = {
      sub: seeded.sub,
      email: "alice@example.com",
      email_verified: "true",
      "cognito:user_status": "CONFIRMED",
    };
    const envelope = {
      version: "1",
      region: "us-east-1",
      userPoolId: poolId,
      userName: "alice",
      callerContext: { awsSdkVersion: expect.any(String), clientId },
    };
    const code = mailbox.get("alice@example.com")!;
    expect(events[0]).toEqual({
      ...envelope,
      triggerSource: "DefineAuthChallenge_Authentication",
      request: { userAttributes: attributes, session: [] },
      response: { challengeName: null, issueTokens: null, failAuthentication: null },
    });
    expect(events[1]).toEqual({
      ...envelope,
      triggerSource: "CreateAuthChallenge_Authentication",
      request: { userAttributes: attributes, challengeName: "CUSTOM_CHALLENGE", session: [] },
      response: {
        publicChallengeParameters: null,
        privateChallengeParameters: null,
        challengeMetadata: null,
      },
    });
    expect(events[2]).toEqual({
      ...envelope,
      triggerSource: "VerifyAuthChallengeResponse_Authentication",
      request: {
        userAttributes: attributes,
        privateChallengeParameters: { answer: code },
        challengeAnswer: code,
        clientMetadata: {},
      },
      response: { answerCorrect: null },
    });
    expect(events[3]).toMatchObject({
      request: {
        session: [
          { challengeName: "CUSTOM_CHALLENGE", challengeResult: true, challengeMetadata: `CODE-${code}` },
        ],
      },
    });
    const session = done.value as { getIdToken(): { payload: Record<string, unknown> } };
    expect(session.getIdToken().payload).toMatchObject({ sub: seeded.sub, "cognito:username": "alice" });
  });

  it("CUSTOM_WITH_SRP: SRP_A, PASSWORD_VERIFIER through the SRP steps, then the custom challenge", async () => {
    const { pool } = await setUp();
    oneTimeAnswer();
    const user = acijsUser(pool);
    const first = await new Promise<Outcome>((done) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: "alice", Password: PASSWORD }),
        callbacks(done),
      ),
    );
    expect(first.kind).toBe("challenge");
    const done = await answer(user, mailbox.get("alice@example.com")!);
    expect(done.kind).toBe("success");
    const defines = events.filter((e) => e.triggerSource === "DefineAuthChallenge_Authentication");
    expect(defines.map((e) => e.request.session)).toEqual([
      [{ challengeName: "SRP_A", challengeResult: true, challengeMetadata: null }],
      [
        { challengeName: "SRP_A", challengeResult: true, challengeMetadata: null },
        { challengeName: "PASSWORD_VERIFIER", challengeResult: true, challengeMetadata: null },
      ],
      [
        { challengeName: "SRP_A", challengeResult: true, challengeMetadata: null },
        { challengeName: "PASSWORD_VERIFIER", challengeResult: true, challengeMetadata: null },
        expect.objectContaining({ challengeName: "CUSTOM_CHALLENGE", challengeResult: true }),
      ],
    ]);
  });

  it("CUSTOM_WITH_SRP with a wrong password fails before Define is asked again", async () => {
    const { pool } = await setUp();
    oneTimeAnswer();
    const user = acijsUser(pool);
    const outcome = await new Promise<Outcome>((done) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: "alice", Password: "Wrong-Horse-9" }),
        callbacks(done),
      ),
    );
    expect(outcome.kind).toBe("failure");
    expect(outcome.value).toMatchObject({
      code: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    expect(events.filter((e) => e.triggerSource === "DefineAuthChallenge_Authentication")).toHaveLength(1);
  });

  it("takes wrong answers with a new challenge each until Define fails the sign-in", async () => {
    const { pool } = await setUp();
    oneTimeAnswer(3);
    const user = acijsUser(pool);
    expect((await initiate(user)).kind).toBe("challenge");
    expect((await answer(user, "000000")).kind).toBe("challenge");
    expect((await answer(user, "000001")).kind).toBe("challenge");
    const last = await answer(user, "000002");
    expect(last.kind).toBe("failure");
    expect(last.value).toMatchObject({
      code: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });
});

describe("CUSTOM_AUTH over the API", () => {
  const start = (clientId: string, extra: Record<string, string> = {}) =>
    admin().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "CUSTOM_AUTH",
        AuthParameters: { USERNAME: "alice", ...extra },
      }),
    );
  const respond = (clientId: string, session: string, value: string, name = "alice") =>
    admin().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "CUSTOM_CHALLENGE",
        Session: session,
        ChallengeResponses: { USERNAME: name, ANSWER: value },
        ClientMetadata: { app: "tests" },
      }),
    );

  it("refuses a replayed Session, and a client without ALLOW_CUSTOM_AUTH", async () => {
    const { clientId, poolId } = await setUp();
    oneTimeAnswer();
    const challenge = await start(clientId);
    expect(challenge.ChallengeName).toBe("CUSTOM_CHALLENGE");
    const wrong = await respond(clientId, challenge.Session!, "nope");
    expect(wrong.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(wrong.Session).not.toBe(challenge.Session);
    const replay = await rejection(respond(clientId, challenge.Session!, mailbox.get("alice@example.com")!));
    expect(replay).toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid session for the user, session can only be used once.",
    });
    const ok = await respond(clientId, wrong.Session!, mailbox.get("alice@example.com")!);
    expect(ok.AuthenticationResult?.AccessToken).toBeDefined();
    // The Verify event got the answer call's ClientMetadata; the InitiateAuth Define none.
    expect(events[0]!.request.clientMetadata).toBeUndefined();
    expect(events.at(-2)!.request.clientMetadata).toEqual({ app: "tests" });

    const { UserPoolClient } = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "srp",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
      }),
    );
    expect(await rejection(start(UserPoolClient!.ClientId!))).toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("AdminInitiateAuth takes CUSTOM_AUTH too", async () => {
    const { poolId, clientId } = await setUp();
    oneTimeAnswer();
    const challenge = await admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "CUSTOM_AUTH",
        AuthParameters: { USERNAME: "alice" },
      }),
    );
    expect(challenge.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(challenge.ChallengeParameters?.USERNAME).toBe("alice");
  });

  it("bounds the wrong answers of a Define that never fails", async () => {
    const { clientId } = await setUp();
    oneTimeAnswer(1000);
    let session = (await start(clientId)).Session!;
    let error: Error | undefined;
    for (let i = 0; i < 10 && error === undefined; i++) {
      try {
        session = (await respond(clientId, session, "nope")).Session!;
      } catch (e) {
        error = e as Error;
      }
    }
    expect(error).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    expect(events.filter((e) => e.triggerSource.startsWith("Verify"))).toHaveLength(5);
  });

  it("an unknown user, hidden, runs the loop with userNotFound and ends as a wrong answer does", async () => {
    const { clientId } = await setUp({ hide: true });
    oneTimeAnswer();
    handlers.verify = (event) => {
      event.response.answerCorrect = true; // even a function that says yes gives no tokens
      return event;
    };
    const challenge = await admin().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "CUSTOM_AUTH",
        AuthParameters: { USERNAME: "nobody" },
      }),
    );
    expect(challenge.ChallengeParameters).toMatchObject({ USERNAME: "nobody" });
    expect(events[0]).toMatchObject({
      userName: "nobody",
      request: { userAttributes: {}, userNotFound: true, session: [] },
    });
    const error = await rejection(respond(clientId, challenge.Session!, "123456", "nobody"));
    expect(error).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    expect(await store.users.get(events[0]!.userPoolId, "nobody")).toBeNull();
  });

  it("an unknown user, not hidden, is UserNotFoundException; a known one shows userNotFound only when hidden", async () => {
    const { clientId } = await setUp();
    oneTimeAnswer();
    const error = await rejection(
      admin().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "CUSTOM_AUTH",
          AuthParameters: { USERNAME: "nobody" },
        }),
      ),
    );
    expect(error).toMatchObject({ name: "UserNotFoundException" });
    await start(clientId);
    expect("userNotFound" in events[0]!.request).toBe(false);
  });

  it("a pool without DefineAuthChallenge refuses CUSTOM_AUTH", async () => {
    const { clientId } = await setUp({ lambda: {} });
    expect(await rejection(start(clientId))).toMatchObject({
      name: "InvalidParameterException",
      message: "Custom auth lambda trigger is not configured for the user pool.",
    });
  });

  it("a disabled user is refused", async () => {
    const { clientId, poolId } = await setUp();
    oneTimeAnswer();
    await store.users.update(poolId, "alice", { enabled: false }, { now: Date.now() });
    expect(await rejection(start(clientId))).toMatchObject({
      name: "NotAuthorizedException",
      message: "User is disabled.",
    });
  });

  it("a Define answering neither a challenge nor a decision is an unrecognizable answer", async () => {
    const { clientId } = await setUp();
    handlers.define = (event) => event;
    expect(await rejection(start(clientId))).toMatchObject({ name: "InvalidLambdaResponseException" });
  });

  for (const trigger of ["define", "create", "verify"] as const) {
    const name = {
      define: "DefineAuthChallenge",
      create: "CreateAuthChallenge",
      verify: "VerifyAuthChallengeResponse",
    }[trigger];
    const run = async (clientId: string) => {
      if (trigger !== "verify") return start(clientId);
      const challenge = await start(clientId);
      return respond(clientId, challenge.Session!, "123456");
    };
    it(`${name} that throws: UserLambdaValidationException`, async () => {
      const { clientId } = await setUp();
      oneTimeAnswer();
      handlers[trigger] = () => {
        throw new Error("no way");
      };
      expect(await rejection(run(clientId))).toMatchObject({
        name: "UserLambdaValidationException",
        message: `${name} failed with error no way.`,
      });
    });
    it(`${name} that returns garbage: InvalidLambdaResponseException`, async () => {
      const { clientId } = await setUp();
      oneTimeAnswer();
      handlers[trigger] = () => "garbage";
      expect(await rejection(run(clientId))).toMatchObject({ name: "InvalidLambdaResponseException" });
    });
    it(`${name} that hangs: UnexpectedLambdaException`, { timeout: 15_000 }, async () => {
      const { clientId } = await setUp();
      oneTimeAnswer();
      handlers[trigger] = () => new Promise(() => undefined);
      expect(await rejection(run(clientId))).toMatchObject({
        name: "UnexpectedLambdaException",
        message: `${name} invocation failed due to error TimeoutException.`,
      });
    });
  }
});

describe("CUSTOM_WITHOUT_SRP with Amplify v6", () => {
  it("signIn and confirmSignIn({ challengeResponse }) complete the loop", async () => {
    const { poolId, clientId } = await setUp();
    oneTimeAnswer();
    ConsoleLogger.LOG_LEVEL = "ERROR";
    Amplify.configure({
      Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: url } },
    });
    const started = await signIn({ username: "alice", options: { authFlowType: "CUSTOM_WITHOUT_SRP" } });
    expect(started.nextStep).toMatchObject({
      signInStep: "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
      additionalInfo: { email: "alice@example.com" },
    });
    const wrong = await confirmSignIn({ challengeResponse: "000000" });
    expect(wrong.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    const done = await confirmSignIn({ challengeResponse: mailbox.get("alice@example.com")! });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    await signOut();
  });
});
