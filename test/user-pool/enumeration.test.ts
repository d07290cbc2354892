// PreventUserExistenceErrors ENABLED through the AWS SDK v3 against the Node entry: for every
// pool shape (usernames that fold case or not, email as username, email as an alias) the
// simulated USER_SRP_AUTH step of an unknown name has the same keys, the same value shapes and
// the same stability as a real one; the simulated CodeDeliveryDetails of ForgotPassword and
// ResendConfirmationCode look like real ones; the cheap errors that told users apart agree.
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
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../helpers/acijs.js";
import { repositories } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { seedUser, srpClient } from "./auth-helpers.js";
import { rejection, usersServer, UUID } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Enumerate-Me-9!";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX = /^[0-9a-f]+$/;
const BASE64 = /^[A-Za-z0-9+/]+=*$/;

async function hidingPool(settings: Partial<CreateUserPoolCommandInput> = {}) {
  const poolId = await env.newPool(settings);
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      PreventUserExistenceErrors: "ENABLED",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

async function confirmedUser(poolId: string, Username: string, attributes: Record<string, string> = {}) {
  const UserAttributes = Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
  const { User } = await env
    .admin()
    .send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username, UserAttributes, MessageAction: "SUPPRESS" }),
    );
  await env
    .admin()
    .send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
    );
  return User!.Username!;
}

/** USER_SRP_AUTH's first step for `USERNAME`. */
async function challenge(poolId: string, clientId: string, USERNAME: string) {
  const srp = await srpClient(poolId);
  const out = await env.anyone().send(
    new InitiateAuthCommand({
      AuthFlow: "USER_SRP_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME, SRP_A: srp.A },
    }),
  );
  return { srp, out, parameters: out.ChallengeParameters! };
}

/** Asserts what a real and a simulated challenge share: keys, value shapes, a Session, USERNAME = USER_ID_FOR_SRP. */
function expectSameForm(
  real: Awaited<ReturnType<typeof challenge>>,
  simulated: Awaited<ReturnType<typeof challenge>>,
) {
  for (const c of [real, simulated]) {
    expect(c.out.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect(c.out.Session).toEqual(expect.any(String));
    expect(c.parameters.SALT).toMatch(HEX);
    expect(c.parameters.SRP_B).toMatch(HEX);
    expect(c.parameters.SECRET_BLOCK).toMatch(BASE64);
    expect(c.parameters.USERNAME).toBe(c.parameters.USER_ID_FOR_SRP);
  }
  expect(Object.keys(simulated.parameters).sort()).toEqual(Object.keys(real.parameters).sort());
}

/** Two challenges for one name: USER_ID_FOR_SRP and SALT stay, SRP_B and SECRET_BLOCK change. */
async function expectStable(poolId: string, clientId: string, name: string) {
  const [a, b] = [await challenge(poolId, clientId, name), await challenge(poolId, clientId, name)];
  expect(b.parameters.USER_ID_FOR_SRP).toBe(a.parameters.USER_ID_FOR_SRP);
  expect(b.parameters.SALT).toBe(a.parameters.SALT);
  expect(b.parameters.SRP_B).not.toBe(a.parameters.SRP_B);
  expect(b.parameters.SECRET_BLOCK).not.toBe(a.parameters.SECRET_BLOCK);
  return a;
}

async function srpSignIn(poolId: string, clientId: string, USERNAME: string) {
  const { srp, out, parameters } = await challenge(poolId, clientId, USERNAME);
  const answer = await srp.answer(parameters, PASSWORD);
  return env.anyone().send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "PASSWORD_VERIFIER",
      Session: out.Session,
      ChallengeResponses: answer,
    }),
  );
}

describe("USER_SRP_AUTH of an unknown name, PreventUserExistenceErrors ENABLED", () => {
  it("answers a pool that folds case with the lower-cased name, for a real user typed in any case as for an unknown one", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "Dora");
    const real = await expectStable(poolId, clientId, "dORA");
    const simulated = await expectStable(poolId, clientId, "dORAx");
    expectSameForm(real, simulated);
    expect(real.parameters.USER_ID_FOR_SRP).toBe("dora");
    expect(simulated.parameters.USER_ID_FOR_SRP).toBe("dorax");
    // The same salt whatever the case typed, for both.
    expect((await challenge(poolId, clientId, "Dora")).parameters.SALT).toBe(real.parameters.SALT);
    expect((await challenge(poolId, clientId, "DORAX")).parameters.SALT).toBe(simulated.parameters.SALT);
    // And the real user still signs in, typing any case.
    expect((await srpSignIn(poolId, clientId, "DoRa")).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
    expect(await rejection(srpSignIn(poolId, clientId, "dORAx"))).toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("answers a case-sensitive pool with the name as typed, for both", async () => {
    const { poolId, clientId } = await hidingPool({ UsernameConfiguration: { CaseSensitive: true } });
    await confirmedUser(poolId, "Bob");
    const real = await expectStable(poolId, clientId, "Bob");
    const simulated = await expectStable(poolId, clientId, "BoB");
    expectSameForm(real, simulated);
    expect([real.parameters.USER_ID_FOR_SRP, simulated.parameters.USER_ID_FOR_SRP]).toEqual(["Bob", "BoB"]);
    expect((await challenge(poolId, clientId, "bob")).parameters.SALT).not.toBe(simulated.parameters.SALT);
    expect((await srpSignIn(poolId, clientId, "Bob")).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
  });

  it("answers a pool signing in by email with a UUID for both, stable, and the same when the UUID itself is typed", async () => {
    const { poolId, clientId } = await hidingPool({ UsernameAttributes: ["email"] });
    const internal = await confirmedUser(poolId, "erin@example.com", {
      email: "erin@example.com",
      email_verified: "true",
    });
    expect(internal).toMatch(UUID);
    const real = await expectStable(poolId, clientId, "Erin@Example.com");
    const simulated = await expectStable(poolId, clientId, "frank@example.com");
    expectSameForm(real, simulated);
    expect(real.parameters.USER_ID_FOR_SRP).toBe(internal);
    expect(simulated.parameters.USER_ID_FOR_SRP).toMatch(UUID_V4);
    expect((await challenge(poolId, clientId, "FRANK@example.com")).parameters.USER_ID_FOR_SRP).toBe(
      simulated.parameters.USER_ID_FOR_SRP,
    );
    // Typing the answer back gives the same answer and salt, as it does for a real user.
    for (const c of [real, simulated]) {
      const again = await challenge(poolId, clientId, c.parameters.USER_ID_FOR_SRP!);
      expect([again.parameters.USER_ID_FOR_SRP, again.parameters.SALT]).toEqual([
        c.parameters.USER_ID_FOR_SRP,
        c.parameters.SALT,
      ]);
    }
    expect((await srpSignIn(poolId, clientId, "erin@example.com")).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
  });

  it("answers an email alias with a UUID in an alias pool, and a typed username with itself", async () => {
    const { poolId, clientId } = await hidingPool({ AliasAttributes: ["email"] });
    const gina = crypto.randomUUID();
    await confirmedUser(poolId, gina, { email: "gina@example.com", email_verified: "true" });
    const real = await expectStable(poolId, clientId, "gina@example.com");
    const simulated = await expectStable(poolId, clientId, "hank@example.com");
    expectSameForm(real, simulated);
    expect(real.parameters.USER_ID_FOR_SRP).toBe(gina);
    expect(simulated.parameters.USER_ID_FOR_SRP).toMatch(UUID_V4);
    const back = await challenge(poolId, clientId, simulated.parameters.USER_ID_FOR_SRP!);
    expect(back.parameters.SALT).toBe(simulated.parameters.SALT);
    expect((await challenge(poolId, clientId, "Hank")).parameters.USER_ID_FOR_SRP).toBe("hank");
    expect((await srpSignIn(poolId, clientId, "gina@example.com")).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
  });

  it("takes SECRET_HASH over the name as typed at both steps, as some clients compute it", async () => {
    const poolId = await env.newPool();
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "secret",
        GenerateSecret: true,
        PreventUserExistenceErrors: "ENABLED",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const [clientId, secret] = [UserPoolClient!.ClientId!, UserPoolClient!.ClientSecret!];
    await confirmedUser(poolId, "Hugo");
    const SECRET_HASH = createHmac("sha256", secret).update(`HUGO${clientId}`).digest("base64");
    const srp = await srpClient(poolId);
    const started = await env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: "HUGO", SRP_A: srp.A, SECRET_HASH },
      }),
    );
    expect(started.ChallengeParameters!.USER_ID_FOR_SRP).toBe("hugo");
    const answer = await srp.answer(started.ChallengeParameters!, PASSWORD);
    const done = await env.anyone().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "PASSWORD_VERIFIER",
        Session: started.Session,
        ChallengeResponses: { ...answer, SECRET_HASH },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it("lets amazon-cognito-identity-js sign in a user whose name is typed in another case", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "Ivy.Lee");
    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: env.url(),
      Storage: memoryStorage(),
    });
    const user = new CognitoUser({ Username: "IVY.LEE", Pool: pool, Storage: memoryStorage() });
    const session = await new Promise<{ isValid(): boolean }>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: "IVY.LEE", Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    expect(session.isValid()).toBe(true);
    expect(user.getUsername()).toBe("ivy.lee");
  });
});

describe("names that only look alike (NFKC)", () => {
  it("sign in with SRP through amazon-cognito-identity-js under any of their spellings, and an unknown one answers in the same form", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "\uff2a\uff4f");
    for (const typed of ["jo", "JO", "\uff2a\uff4f", "\uff4a\uff4f"]) {
      const pool = new CognitoUserPool({
        UserPoolId: poolId,
        ClientId: clientId,
        endpoint: env.url(),
        Storage: memoryStorage(),
      });
      const user = new CognitoUser({ Username: typed, Pool: pool, Storage: memoryStorage() });
      const session = await new Promise<{ isValid(): boolean }>((resolve, reject) =>
        user.authenticateUser(new AuthenticationDetails({ Username: typed, Password: PASSWORD }), {
          onSuccess: resolve,
          onFailure: reject,
        }),
      );
      expect(session.isValid(), typed).toBe(true);
      expect(user.getUsername()).toBe("jo");
    }
    expect((await challenge(poolId, clientId, "\uff2b\uff49\uff4d")).parameters.USER_ID_FOR_SRP).toBe("kim");
  });
});

describe("verifiers made before the lower-cased form", () => {
  it("keep signing in, and move to the lower-cased form at the next plain-password sign-in", async () => {
    const { poolId, clientId } = await hidingPool();
    const store = repositories(sqliteDriver(openSqliteDatabase(env.database())));
    await seedUser(store, poolId, { username: "Zed.Old", password: PASSWORD }); // salt and verifier over "Zed.Old", as before
    expect((await challenge(poolId, clientId, "zed.old")).parameters.USER_ID_FOR_SRP).toBe("Zed.Old");
    expect((await srpSignIn(poolId, clientId, "ZED.OLD")).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
    const plain = await env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: "zed.old", PASSWORD },
      }),
    );
    expect(plain.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect((await challenge(poolId, clientId, "ZED.old")).parameters.USER_ID_FOR_SRP).toBe("zed.old");
    expect((await srpSignIn(poolId, clientId, "Zed.Old")).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
  });
});

describe("simulated CodeDeliveryDetails, PreventUserExistenceErrors ENABLED", () => {
  it("ForgotPassword: an email destination shaped as a real one, stable per name, not built from the name", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "kim", { email: "kim@example.com", email_verified: "true" });
    const forgot = (Username: string) =>
      env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username }));
    const real = (await forgot("kim")).CodeDeliveryDetails!;
    expect(real).toEqual({ Destination: "k****@e****", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const names = Array.from({ length: 24 }, (_, i) => `quentin${i}`);
    const shown = [];
    for (const name of names) {
      const details = (await forgot(name)).CodeDeliveryDetails!;
      expect(details).toEqual({
        Destination: expect.stringMatching(/^[a-z]\*{4}@[a-z]\*{4}$/),
        DeliveryMedium: "EMAIL",
        AttributeName: "email",
      });
      expect((await forgot(name.toUpperCase())).CodeDeliveryDetails).toEqual(details);
      shown.push(details.Destination!);
    }
    // Drawn per name, not copied from it: the letters vary, and the domain's is not the name's.
    expect(new Set(shown.map((d) => d[0])).size).toBeGreaterThan(1);
    expect(new Set(shown.map((d) => d.split("@")[1]![0])).size).toBeGreaterThan(1);
    expect(shown.filter((d) => d.split("@")[1]![0] === "q").length).toBeLessThan(shown.length / 2);
  });

  it("ForgotPassword: an SMS destination where the pool recovers by phone first, and the real error where it recovers only through an admin", async () => {
    const phoneFirst = await hidingPool({
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Priority: 1, Name: "verified_phone_number" },
          { Priority: 2, Name: "verified_email" },
        ],
      },
    });
    await confirmedUser(phoneFirst.poolId, "lou", {
      phone_number: "+14155550123",
      phone_number_verified: "true",
    });
    const forgot = (clientId: string, Username: string) =>
      env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username }));
    expect((await forgot(phoneFirst.clientId, "lou")).CodeDeliveryDetails).toEqual({
      Destination: "+*******0123",
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    });
    const simulated = (await forgot(phoneFirst.clientId, "nobody-here")).CodeDeliveryDetails!;
    expect(simulated).toEqual({
      Destination: expect.stringMatching(/^\+\*{7}\d{4}$/),
      DeliveryMedium: "SMS",
      AttributeName: "phone_number",
    });
    expect((await forgot(phoneFirst.clientId, "nobody-here")).CodeDeliveryDetails).toEqual(simulated);
    expect(simulated.Destination).not.toBe("+*******0000");

    const adminOnly = await hidingPool({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: "admin_only" }] },
    });
    await confirmedUser(adminOnly.poolId, "max", { email: "max@example.com", email_verified: "true" });
    const realError = await rejection(forgot(adminOnly.clientId, "max"));
    const simulatedError = await rejection(forgot(adminOnly.clientId, "nobody-here"));
    expect({ name: simulatedError.name, message: simulatedError.message }).toEqual({
      name: realError.name,
      message: realError.message,
    });
  });

  it("ForgotPassword answers a disabled user and a user without a verified channel as it answers an unknown name", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "vera", { email: "vera@example.com", email_verified: "true" });
    await env.admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "vera" }));
    await confirmedUser(poolId, "walt", { email: "walt@example.com", email_verified: "false" });
    const forgot = (Username: string) =>
      env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username }));
    for (const name of ["vera", "walt", "nobody-here"]) {
      expect((await forgot(name)).CodeDeliveryDetails).toEqual({
        Destination: expect.stringMatching(/^[a-z]\*{4}@[a-z]\*{4}$/),
        DeliveryMedium: "EMAIL",
        AttributeName: "email",
      });
    }
    expect(env.outbox().filter((m) => m.to === "vera@example.com" || m.to === "walt@example.com")).toEqual(
      [],
    );
  });

  it("ForgotPassword and ResendConfirmationCode agree on a name's destination, real or not", async () => {
    const { poolId, clientId } = await hidingPool({ AutoVerifiedAttributes: ["email"] });
    await confirmedUser(poolId, "xena", { email: "xena@example.com", email_verified: "false" });
    await confirmedUser(poolId, "yuri", { email: "yuri@example.com", email_verified: "true" });
    await env.admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "yuri" }));
    for (const name of ["xena", "yuri", "nobody-here"]) {
      const forgot = (
        await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }))
      ).CodeDeliveryDetails;
      const resend = (
        await env.anyone().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name }))
      ).CodeDeliveryDetails;
      expect(forgot).toEqual(resend);
    }
  });

  it("agrees across operations in an email pool: the delivery for the UUID USER_SRP_AUTH names is the one for the address", async () => {
    for (const recovery of ["verified_email", "verified_phone_number"] as const) {
      const { poolId, clientId } = await hidingPool({
        UsernameAttributes: ["email", "phone_number"],
        AutoVerifiedAttributes: ["email"],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: recovery }] },
      });
      await confirmedUser(poolId, "ola@example.com", {
        email: "ola@example.com",
        email_verified: "true",
        phone_number: "+442071234567",
        phone_number_verified: "true",
      });
      for (const name of ["ola@example.com", "pia@sample.org", "+442071234567", "+33612345678"]) {
        const id = (await challenge(poolId, clientId, name)).parameters.USER_ID_FOR_SRP!;
        expect(id).toMatch(UUID);
        const forgot = async (Username: string) =>
          (await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username })))
            .CodeDeliveryDetails;
        const resend = async (Username: string) =>
          (await env.anyone().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username })))
            .CodeDeliveryDetails;
        expect(await forgot(id)).toEqual(await forgot(name));
        expect(await resend(id)).toEqual(await resend(name));
      }
    }
  });

  it("ForgotPassword by email address in an email pool masks the typed address, as a real user's", async () => {
    const { poolId, clientId } = await hidingPool({ UsernameAttributes: ["email"] });
    await confirmedUser(poolId, "nora@example.com", { email: "nora@example.com", email_verified: "true" });
    const forgot = (Username: string) =>
      env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username }));
    expect((await forgot("nora@example.com")).CodeDeliveryDetails!.Destination).toBe("n****@e****");
    expect((await forgot("olga@sample.org")).CodeDeliveryDetails!.Destination).toBe("o****@s****");
  });

  it("ResendConfirmationCode: the pool's medium, a destination shaped as a real one, and the real error without auto verification", async () => {
    const { clientId } = await hidingPool({ AutoVerifiedAttributes: ["email"] });
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "pat",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "pat@example.com" }],
      }),
    );
    const resend = (id: string, Username: string) =>
      env.anyone().send(new ResendConfirmationCodeCommand({ ClientId: id, Username }));
    expect((await resend(clientId, "pat")).CodeDeliveryDetails).toEqual({
      Destination: "p****@e****",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    const simulated = (await resend(clientId, "zz-nobody")).CodeDeliveryDetails!;
    expect(simulated).toEqual({
      Destination: expect.stringMatching(/^[a-z]\*{4}@[a-z]\*{4}$/),
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    expect((await resend(clientId, "zz-nobody")).CodeDeliveryDetails).toEqual(simulated);

    const manual = await hidingPool();
    await env.anyone().send(
      new SignUpCommand({
        ClientId: manual.clientId,
        Username: "quinn",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "quinn@example.com" }],
      }),
    );
    const realError = await rejection(resend(manual.clientId, "quinn"));
    const simulatedError = await rejection(resend(manual.clientId, "zz-nobody"));
    expect({ name: simulatedError.name, message: simulatedError.message }).toEqual({
      name: realError.name,
      message: realError.message,
    });
  });
});

describe("other answers that told users apart", () => {
  it("ConfirmForgotPassword refuses a password the policy refuses for an unknown name as for a real one", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "ruth", { email: "ruth@example.com", email_verified: "true" });
    const confirm = (Username: string) =>
      env.anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username,
          ConfirmationCode: "123456",
          Password: "weakweak",
        }),
      );
    const real = await rejection(confirm("ruth"));
    const simulated = await rejection(confirm("nobody-here"));
    expect(real.name).toBe("InvalidPasswordException");
    expect({ name: simulated.name, message: simulated.message }).toEqual({
      name: real.name,
      message: real.message,
    });
  });

  it("ConfirmForgotPassword answers a user who asked for no code as it answers an unknown name", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "tess", { email: "tess@example.com", email_verified: "true" });
    const confirm = (Username: string) =>
      env.anyone().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username,
          ConfirmationCode: "123456",
          Password: "Fine-Password-9!",
        }),
      );
    const real = await rejection(confirm("tess"));
    const simulated = await rejection(confirm("nobody-here"));
    expect({ name: real.name, message: real.message }).toEqual({
      name: simulated.name,
      message: simulated.message,
    });
    // With a code asked for, a wrong one is a mismatch for both.
    await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "tess" }));
    await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: "nobody-here" }));
    expect((await rejection(confirm("tess"))).name).toBe((await rejection(confirm("nobody-here"))).name);
  });

  it("ConfirmSignUp and ResendConfirmationCode answer confirmed users and users without a code as unknown names", async () => {
    const { poolId, clientId } = await hidingPool({ AutoVerifiedAttributes: ["email"] });
    await confirmedUser(poolId, "uma", { email: "uma@example.com", email_verified: "true" });
    const confirm = (id: string, Username: string) =>
      env.anyone().send(new ConfirmSignUpCommand({ ClientId: id, Username, ConfirmationCode: "123456" }));
    const shape = (e: Error) => ({ name: e.name, message: e.message });
    const unknown = shape(await rejection(confirm(clientId, "nobody-here")));
    expect(shape(await rejection(confirm(clientId, "uma")))).toEqual(unknown);
    const before = env.outbox().length;
    const resent = (
      await env.anyone().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "uma" }))
    ).CodeDeliveryDetails;
    expect(resent).toEqual({ Destination: "u****@e****", DeliveryMedium: "EMAIL", AttributeName: "email" });
    expect(env.outbox().length).toBe(before);

    // A user without an address to verify gets what an unknown name gets, from both operations.
    await confirmedUser(poolId, "noaddress");
    for (const name of ["noaddress", "noaddresz"]) {
      const resend = (
        await env.anyone().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name }))
      ).CodeDeliveryDetails;
      expect(resend).toEqual({
        Destination: expect.stringMatching(/^[a-z]\*{4}@[a-z]\*{4}$/),
        DeliveryMedium: "EMAIL",
        AttributeName: "email",
      });
      expect(
        (await env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: name })))
          .CodeDeliveryDetails,
      ).toEqual(resend);
    }

    // In a pool that sends no sign-up code, an UNCONFIRMED user has none: answered as an unknown name.
    const manual = await hidingPool();
    await env
      .anyone()
      .send(new SignUpCommand({ ClientId: manual.clientId, Username: "vic", Password: PASSWORD }));
    expect(shape(await rejection(confirm(manual.clientId, "vic")))).toEqual(
      shape(await rejection(confirm(manual.clientId, "nobody-here"))),
    );
  });

  it("USER_PASSWORD_AUTH fails an unknown name and a wrong password alike", async () => {
    const { poolId, clientId } = await hidingPool();
    await confirmedUser(poolId, "sam");
    const signIn = (USERNAME: string) =>
      env.anyone().send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME, PASSWORD: "Wrong-Pass-9!" },
        }),
      );
    const real = await rejection(signIn("sam"));
    const simulated = await rejection(signIn("nobody-here"));
    expect({ name: simulated.name, message: simulated.message }).toEqual({
      name: real.name,
      message: real.message,
    });
  });
});
