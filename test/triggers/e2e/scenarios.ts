// The end-to-end trigger scenarios (issue 15, item 5), written once and run in each delivery mode
// on Node and on wrangler dev: AWS's example handlers, unchanged, behind the real AWS SDK,
// amazon-cognito-identity-js and Amplify v6; then each kind of trigger failing each way.
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateResourceServerCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  type LambdaConfigType,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { Amplify } from "aws-amplify";
import { signIn, signOut } from "aws-amplify/auth";
import { ConsoleLogger } from "aws-amplify/utils";
import { Hono } from "hono";
import { expect, it } from "vitest";
import { authorizer } from "../../../src/authorizer/index.js";
import { memoryStorage } from "../../helpers/acijs.js";
import {
  attrs,
  claimsOf,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  unique,
} from "../../user-pool/e2e/target.js";
import { arnOf, type FunctionName, KMS_KEY_ID, TIMEOUT_MS, type TriggerTarget } from "./harness.js";

const PASSWORD = "Trigger-Passw0rd!";
const FLOWS = [
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
] as CreateUserPoolClientCommandInput["ExplicitAuthFlows"];

/** A pool with these triggers, its email verified on sign-up, and a client allowing every flow. */
const poolWith = (
  target: TriggerTarget,
  LambdaConfig: LambdaConfigType,
  pool: Partial<CreateUserPoolCommandInput> = {},
) =>
  poolWithClient(
    target,
    { AutoVerifiedAttributes: ["email"], LambdaConfig, ...pool },
    { ExplicitAuthFlows: FLOWS },
  );

// A function's email wording is Cognito's to send only for a pool that sends as DEVELOPER (SES).
const DEVELOPER_EMAIL: Partial<CreateUserPoolCommandInput> = {
  EmailConfiguration: {
    EmailSendingAccount: "DEVELOPER",
    SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/orders.example",
    From: "Orders <no-reply@orders.example>",
  },
};

const signUp = (target: TriggerTarget, clientId: string, Username: string, email: string) =>
  client(target, "anyone").send(
    new SignUpCommand({
      ClientId: clientId,
      Username,
      Password: PASSWORD,
      UserAttributes: [{ Name: "email", Value: email }],
    }),
  );

const getUser = (target: TriggerTarget, UserPoolId: string, Username: string) =>
  client(target).send(new AdminGetUserCommand({ UserPoolId, Username }));

const acijsPool = (target: TriggerTarget, UserPoolId: string, ClientId: string) =>
  new CognitoUserPool({ UserPoolId, ClientId, endpoint: target.endpoint, Storage: memoryStorage() });

/** The newest of `read()`'s lines that `match`es, waiting a little for it (asynchronous senders). */
async function eventually<T>(read: () => T[] | Promise<T[]>, match: (item: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = (await read()).filter(match).at(-1);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error("nothing arrived");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** ACIJS's USER_PASSWORD_AUTH sign-in. */
function acijsPasswordSignIn(pool: CognitoUserPool, Username: string, Password: string) {
  const user = new CognitoUser({ Username, Pool: pool, Storage: memoryStorage() });
  user.setAuthenticationFlowType("USER_PASSWORD_AUTH");
  return new Promise<CognitoUserSession>((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username, Password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

type Step =
  | { kind: "challenge"; parameters: Record<string, string> }
  | { kind: "tokens"; session: CognitoUserSession };

/** ACIJS's CUSTOM_AUTH: the first step, then one answer at a time. */
function customAuth(pool: CognitoUserPool, Username: string) {
  const user = new CognitoUser({ Username, Pool: pool, Storage: memoryStorage() });
  user.setAuthenticationFlowType("CUSTOM_AUTH");
  const callbacks = (resolve: (step: Step) => void, reject: (e: unknown) => void) => ({
    onSuccess: (session: CognitoUserSession) => resolve({ kind: "tokens", session }),
    onFailure: reject,
    customChallenge: (parameters: Record<string, string>) => resolve({ kind: "challenge", parameters }),
  });
  return {
    start: () =>
      new Promise<Step>((resolve, reject) =>
        user.initiateAuth(new AuthenticationDetails({ Username }), callbacks(resolve, reject)),
      ),
    answer: (answer: string) =>
      new Promise<Step>((resolve, reject) =>
        user.sendCustomChallengeAnswer(answer, callbacks(resolve, reject)),
      ),
  };
}

/**
 * Registers the scenarios; `skipCustomSender`, when set, is why the custom email sender's scenario
 * cannot run on this target (it is then skipped with that reason in its name).
 */
export function triggerScenarios(
  get: () => TriggerTarget,
  { timeout = 30_000, skipCustomSender }: { timeout?: number; skipCustomSender?: string } = {},
): void {
  it("pre sign-up auto-confirms one domain, leaves another unconfirmed, refuses a blocked one and keeps no user", {
    timeout,
  }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(target, { PreSignUp: arnOf("pre-sign-up") });
    const ok = await signUp(target, clientId, "ann", "ann@example.com");
    expect(ok.UserConfirmed).toBe(true);
    const ann = await getUser(target, poolId, "ann");
    expect(ann.UserStatus).toBe("CONFIRMED");
    expect(attrs(ann.UserAttributes).email_verified).toBe("true");

    const other = await signUp(target, clientId, "otto", "otto@other.example");
    expect(other.UserConfirmed).toBe(false);
    expect((await getUser(target, poolId, "otto")).UserStatus).toBe("UNCONFIRMED");

    const refused = await rejection(signUp(target, clientId, "bea", "bea@blocked.example"));
    expect([refused.name, refused.message]).toEqual([
      "UserLambdaValidationException",
      "PreSignUp failed with error Sign-ups from this domain are closed.",
    ]);
    expect((await rejection(getUser(target, poolId, "bea"))).name).toBe("UserNotFoundException");
  });

  it("post confirmation records the user confirmed with the mailed code", { timeout }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(target, { PostConfirmation: arnOf("post-confirmation") });
    const email = `${unique("cora")}@example.com`;
    const { UserSub } = await signUp(target, clientId, "cora", email);
    expect(target.records().filter((r) => r.pool === poolId)).toEqual([]);
    const code = await target.readCode(email);
    await client(target, "anyone").send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: "cora", ConfirmationCode: code }),
    );
    expect(target.records().filter((r) => r.pool === poolId)).toEqual([
      { source: "PostConfirmation_ConfirmSignUp", pool: poolId, userName: "cora", sub: UserSub, email },
    ]);
  });

  it("pre token generation V2 puts the tenant into the access token, which authorizer()'s policy then checks", {
    timeout,
  }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(
      target,
      { PreTokenGenerationConfig: { LambdaArn: arnOf("pre-token-generation-v2"), LambdaVersion: "V2_0" } },
      {
        UserPoolTier: "ESSENTIALS",
        Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }],
      },
    );
    await client(target).send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: "orders",
        Name: "Orders",
        Scopes: [{ ScopeName: "approve", ScopeDescription: "approve orders" }],
      }),
    );
    await confirmedUser(target, poolId, "tina", PASSWORD, {
      email: "tina@acme.example",
      "custom:tenant": "acme",
    });
    await confirmedUser(target, poolId, "gus", PASSWORD, {
      email: "gus@globex.example",
      "custom:tenant": "globex",
    });
    const tina = await passwordSignIn(target, clientId, "tina", PASSWORD);
    const access = claimsOf(tina.AccessToken!);
    expect(access).toMatchObject({ tenant: "acme", roles: ["reader", "approver"], token_use: "access" });
    expect(String(access.scope).split(" ")).toContain("orders/approve");
    const id = claimsOf(tina.IdToken!);
    expect(id.tenant).toBe("acme");
    expect(id).not.toHaveProperty("email");
    expect(id["cognito:username"]).toBe("tina");

    const api = new Hono();
    api.use(
      "*",
      authorizer({
        issuers: [
          {
            type: "cognito",
            userPoolId: poolId,
            clientId,
            tokenUse: "access",
            issuer: `${target.endpoint}/${poolId}`,
          },
        ],
        policies: {
          everyone: [
            {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: "execute-api:Invoke",
                  Resource: "arn:aws:execute-api:*:*:*/*/GET/tenants/${jwt:tenant}/*",
                },
              ],
            },
          ],
        },
      }),
    );
    api.get("/tenants/:tenant/orders", (c) => c.text("orders"));
    const status = async (token: string, tenant: string) =>
      (await api.request(`/tenants/${tenant}/orders`, { headers: { authorization: `Bearer ${token}` } }))
        .status;
    const gus = await passwordSignIn(target, clientId, "gus", PASSWORD);
    expect(await status(tina.AccessToken!, "acme")).toBe(200);
    expect(await status(tina.AccessToken!, "globex")).toBe(403);
    expect(await status(gus.AccessToken!, "globex")).toBe(200);
    expect(await status(gus.AccessToken!, "acme")).toBe(403);
  });

  it("user migration: ACIJS and Amplify v6 move legacy users on their first sign-in, the trigger unused after", {
    timeout,
  }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(target, { UserMigration: arnOf("user-migration") });
    const pool = acijsPool(target, poolId, clientId);
    const wrong = await rejection(acijsPasswordSignIn(pool, "legacy-alice", "Not-Her-Passw0rd!"));
    expect([wrong.name ?? (wrong as { code?: string }).code, wrong.message]).toEqual([
      "UserLambdaValidationException",
      "UserMigration failed with error Bad password.",
    ]);
    expect((await rejection(getUser(target, poolId, "legacy-alice"))).name).toBe("UserNotFoundException");

    const first = await acijsPasswordSignIn(pool, "legacy-alice", "Legacy-Passw0rd!");
    expect(first.getIdToken().payload["cognito:username"]).toBe("legacy-alice");
    const alice = await getUser(target, poolId, "legacy-alice");
    expect(alice.UserStatus).toBe("CONFIRMED");
    expect(attrs(alice.UserAttributes)).toMatchObject({
      email: "alice@legacy.example",
      email_verified: "true",
    });

    const before = target.invocations?.("user-migration");
    const again = await acijsPasswordSignIn(pool, "legacy-alice", "Legacy-Passw0rd!");
    expect(again.isValid()).toBe(true);
    if (before !== undefined) expect(target.invocations!("user-migration")).toBe(before);
    // The user's password is now cognate's: once changed, the legacy one no longer signs in (the
    // trigger, which would accept it, is not asked again).
    await client(target).send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "legacy-alice",
        Password: "Changed-Passw0rd!",
        Permanent: true,
      }),
    );
    const stale = await rejection(acijsPasswordSignIn(pool, "legacy-alice", "Legacy-Passw0rd!"));
    expect((stale as { code?: string }).code ?? stale.name).toBe("NotAuthorizedException");
    await acijsPasswordSignIn(pool, "legacy-alice", "Changed-Passw0rd!");
    if (before !== undefined) expect(target.invocations!("user-migration")).toBe(before);

    ConsoleLogger.LOG_LEVEL = "ERROR";
    Amplify.configure({
      Auth: {
        Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: target.endpoint },
      },
    });
    try {
      const bob = await signIn({
        username: "legacy-bob",
        password: "Bob-Legacy-1!",
        options: { authFlowType: "USER_PASSWORD_AUTH" },
      });
      expect(bob).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    } finally {
      await signOut();
    }
    expect((await getUser(target, poolId, "legacy-bob")).UserStatus).toBe("CONFIRMED");
  });

  it("user migration on ForgotPassword: the legacy user is made, then sent the code that resets the password", {
    timeout,
  }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(target, { UserMigration: arnOf("user-migration") });
    const anyone = client(target, "anyone");
    const sent = await anyone.send(new ForgotPasswordCommand({ ClientId: clientId, Username: "legacy-bob" }));
    expect(sent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
    expect(attrs((await getUser(target, poolId, "legacy-bob")).UserAttributes).email).toBe(
      "bob@legacy.example",
    );
    const code = await target.readCode("bob@legacy.example");
    await anyone.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: "legacy-bob",
        ConfirmationCode: code,
        Password: "Bob-New-Passw0rd!",
      }),
    );
    expect(
      (await passwordSignIn(target, clientId, "legacy-bob", "Bob-New-Passw0rd!")).AccessToken,
    ).toBeDefined();
  });

  it("custom auth: ACIJS answers the mailed one-time code; a wrong answer gets another try, three fail", {
    timeout,
  }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(target, {
      DefineAuthChallenge: arnOf("define-auth-challenge"),
      CreateAuthChallenge: arnOf("create-auth-challenge"),
      VerifyAuthChallengeResponse: arnOf("verify-auth-challenge"),
    });
    const email = `${unique("cal")}@example.com`;
    await confirmedUser(target, poolId, "cal", PASSWORD, { email, email_verified: "true" });
    const pool = acijsPool(target, poolId, clientId);
    const mailed = () => eventually(target.mailbox, (m) => m.to === email).then((m) => m.answer!);

    const flow = customAuth(pool, "cal");
    expect(await flow.start()).toEqual({ kind: "challenge", parameters: { USERNAME: "cal", email } });
    const answer = await mailed();
    expect(await flow.answer(answer === "000000" ? "111111" : "000000")).toMatchObject({ kind: "challenge" });
    const done = await flow.answer(answer);
    expect(done.kind).toBe("tokens");
    if (done.kind === "tokens") expect(done.session.getAccessToken().payload.username).toBe("cal");

    const failing = customAuth(pool, "cal");
    await failing.start();
    const fresh = await mailed();
    const bad = fresh === "000000" ? "111111" : "000000";
    await failing.answer(bad);
    await failing.answer(bad);
    const third = await rejection(failing.answer(bad));
    expect((third as { code?: string }).code ?? third.name).toBe("NotAuthorizedException");
  });

  it("custom message: the sign-up email has the handler's words and the real code, which confirms", {
    timeout,
  }, async () => {
    const target = get();
    const { poolId, clientId } = await poolWith(
      target,
      { CustomMessage: arnOf("custom-message") },
      DEVELOPER_EMAIL,
    );
    const email = `${unique("mia")}@example.com`;
    await signUp(target, clientId, "mia", email);
    const code = await target.readCode(email);
    const message = (await target.outbox()).filter((m) => m.to === email).at(-1)!;
    expect(message.subject).toBe("Welcome to Orders");
    expect(message.body).toBe(`Thank you for signing up to Orders. Your confirmation code is ${code}.`);
    await client(target, "anyone").send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: "mia", ConfirmationCode: code }),
    );
    expect((await getUser(target, poolId, "mia")).UserStatus).toBe("CONFIRMED");
  });

  it.skipIf(skipCustomSender !== undefined)(
    `custom email sender: the handler decrypts the code, which confirms; nothing in the outbox${skipCustomSender === undefined ? "" : ` (skipped: ${skipCustomSender})`}`,
    { timeout },
    async () => {
      const target = get();
      const { poolId, clientId } = await poolWith(target, {
        CustomEmailSender: { LambdaArn: arnOf("custom-email-sender"), LambdaVersion: "V1_0" },
        KMSKeyID: KMS_KEY_ID,
      });
      const email = `${unique("sam")}@example.com`;
      await signUp(target, clientId, "sam", email);
      const sent = await eventually(target.mailbox, (m) => m.to === email);
      expect(sent).toMatchObject({ source: "CustomEmailSender_SignUp", userName: "sam" });
      expect(sent.code).toMatch(/^\d{6}$/);
      await client(target, "anyone").send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: "sam", ConfirmationCode: sent.code! }),
      );
      expect((await getUser(target, poolId, "sam")).UserStatus).toBe("CONFIRMED");
      expect((await target.outbox()).filter((m) => m.to === email)).toEqual([]);
    },
  );

  failureScenarios(get, timeout, skipCustomSender);
}

const FAILING = ["throws", "garbage", "hangs"] as const satisfies readonly FunctionName[];

/** What each failing handler gives, for a trigger named `name` firing as `source`. */
const expected = (name: string, source: string, how: (typeof FAILING)[number]) =>
  ({
    throws: ["UserLambdaValidationException", `${name} failed with error refused ${source}.`],
    garbage: ["InvalidLambdaResponseException", "Unrecognizable lambda output"],
    hangs: ["UnexpectedLambdaException", `${name} invocation failed due to error TimeoutException.`],
  })[how];

interface Kind {
  /** The trigger's name in Cognito's messages. */
  name: string;
  source: string;
  config: (arn: string) => LambdaConfigType;
  pool?: Partial<CreateUserPoolCommandInput>;
  /** Does what fires the trigger; answers the promise that fails, and a check after. */
  act: (
    target: TriggerTarget,
    pool: { poolId: string; clientId: string },
  ) => Promise<{ call: Promise<unknown>; after?: () => Promise<void> }>;
}

const customAuthPool = (failing: Partial<LambdaConfigType>): LambdaConfigType => ({
  DefineAuthChallenge: arnOf("define-auth-challenge"),
  CreateAuthChallenge: arnOf("create-auth-challenge"),
  VerifyAuthChallengeResponse: arnOf("verify-auth-challenge"),
  ...failing,
});

const startCustomAuth = (target: TriggerTarget, clientId: string) =>
  client(target, "anyone").send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "CUSTOM_AUTH",
      AuthParameters: { USERNAME: "kai" },
    }),
  );

const KINDS: Kind[] = [
  {
    name: "PreSignUp",
    source: "PreSignUp_SignUp",
    config: (arn) => ({ PreSignUp: arn }),
    act: async (target, { poolId, clientId }) => ({
      call: signUp(target, clientId, "fay", "fay@example.com"),
      after: async () => {
        expect((await rejection(getUser(target, poolId, "fay"))).name).toBe("UserNotFoundException");
      },
    }),
  },
  {
    name: "PostConfirmation",
    source: "PostConfirmation_ConfirmSignUp",
    config: (arn) => ({ PostConfirmation: arn }),
    act: async (target, { poolId, clientId }) => {
      await signUp(target, clientId, "pia", "pia@example.com");
      return {
        call: client(target).send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "pia" })),
      };
    },
  },
  ...(["PreAuthentication", "PostAuthentication"] as const).map(
    (name): Kind => ({
      name,
      source: `${name}_Authentication`,
      config: (arn) => ({ [name]: arn }),
      act: async (target, { poolId, clientId }) => {
        await confirmedUser(target, poolId, "ivy", PASSWORD, { email: "ivy@example.com" });
        return { call: passwordSignIn(target, clientId, "ivy", PASSWORD) };
      },
    }),
  ),
  {
    name: "PreTokenGeneration",
    source: "TokenGeneration_Authentication",
    config: (arn) => ({ PreTokenGeneration: arn }),
    act: async (target, { poolId, clientId }) => {
      await confirmedUser(target, poolId, "ted", PASSWORD, { email: "ted@example.com" });
      return { call: passwordSignIn(target, clientId, "ted", PASSWORD) };
    },
  },
  {
    name: "UserMigration",
    source: "UserMigration_Authentication",
    config: (arn) => ({ UserMigration: arn }),
    act: async (target, { poolId, clientId }) => ({
      call: passwordSignIn(target, clientId, "legacy-alice", "Legacy-Passw0rd!"),
      after: async () => {
        expect((await rejection(getUser(target, poolId, "legacy-alice"))).name).toBe("UserNotFoundException");
      },
    }),
  },
  {
    name: "DefineAuthChallenge",
    source: "DefineAuthChallenge_Authentication",
    config: (arn) => customAuthPool({ DefineAuthChallenge: arn }),
    act: async (target, { poolId, clientId }) => {
      await confirmedUser(target, poolId, "kai", PASSWORD, { email: "kai@example.com" });
      return { call: startCustomAuth(target, clientId) };
    },
  },
  {
    name: "CreateAuthChallenge",
    source: "CreateAuthChallenge_Authentication",
    config: (arn) => customAuthPool({ CreateAuthChallenge: arn }),
    act: async (target, { poolId, clientId }) => {
      await confirmedUser(target, poolId, "kai", PASSWORD, { email: "kai@example.com" });
      return { call: startCustomAuth(target, clientId) };
    },
  },
  {
    name: "VerifyAuthChallengeResponse",
    source: "VerifyAuthChallengeResponse_Authentication",
    config: (arn) => customAuthPool({ VerifyAuthChallengeResponse: arn }),
    act: async (target, { poolId, clientId }) => {
      await confirmedUser(target, poolId, "kai", PASSWORD, { email: "kai@example.com" });
      const { Session } = await startCustomAuth(target, clientId);
      return {
        call: client(target, "anyone").send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: "CUSTOM_CHALLENGE",
            Session,
            ChallengeResponses: { USERNAME: "kai", ANSWER: "123456" },
          }),
        ),
      };
    },
  },
  {
    name: "CustomMessage",
    source: "CustomMessage_SignUp",
    config: (arn) => ({ CustomMessage: arn }),
    pool: DEVELOPER_EMAIL,
    act: async (target, { clientId }) => ({
      call: signUp(target, clientId, "cy", "cy@example.com"),
      after: async () => {
        expect((await target.outbox()).filter((m) => m.to === "cy@example.com")).toEqual([]);
      },
    }),
  },
];

function failureScenarios(get: () => TriggerTarget, timeout: number, skipCustomSender?: string): void {
  for (const kind of KINDS) {
    it(`${kind.name} that throws, answers garbage or hangs: Cognito's errors, and the server goes on`, {
      timeout,
    }, async () => {
      const target = get();
      for (const how of FAILING) {
        const pool = await poolWith(target, kind.config(arnOf(how)), kind.pool);
        const { call, after } = await kind.act(target, pool);
        const error = await rejection(call);
        expect([how, error.name, error.message]).toEqual([how, ...expected(kind.name, kind.source, how)]);
        await after?.();
      }
    });
  }

  it.skipIf(skipCustomSender !== undefined)(
    `CustomEmailSender that fails: the API call still succeeds (the sender runs asynchronously)${skipCustomSender === undefined ? "" : ` (skipped: ${skipCustomSender})`}`,
    {
      timeout,
    },
    async () => {
      const target = get();
      for (const how of FAILING) {
        const { poolId, clientId } = await poolWith(target, {
          CustomEmailSender: { LambdaArn: arnOf(how), LambdaVersion: "V1_0" },
          KMSKeyID: KMS_KEY_ID,
        });
        const email = `${unique(how)}@example.com`;
        // Whatever the mode: even where the handler never answers (serveTrigger answers an Event
        // invocation only once the handler has run), the call answers at once, well before the
        // invocation's deadline.
        const started = Date.now();
        const out = await signUp(target, clientId, "sid", email);
        expect([how, Date.now() - started < TIMEOUT_MS]).toEqual([how, true]);
        expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL" });
        expect((await getUser(target, poolId, "sid")).UserStatus).toBe("UNCONFIRMED");
        expect((await target.outbox()).filter((m) => m.to === email)).toEqual([]);
      }
    },
  );
}
