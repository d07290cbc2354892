// PreventUserExistenceErrors ENABLED, as an outsider probes it: for a pool of usernames (folding
// case) and a pool signing in by email, USER_SRP_AUTH answers a real user and an unknown name with
// the same keys, the same value shapes, stable ids and salts; a real user typed in another case
// still signs in with amazon-cognito-identity-js; ForgotPassword and ResendConfirmationCode give
// an unknown name a destination shaped as a real one, stable per name.
import {
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { expect } from "vitest";
import { memoryStorage } from "../../helpers/acijs.js";
import { srpClient } from "../auth-helpers.js";
import { client, confirmedUser, poolWithClient, rejection, unique, type Target } from "./target.js";

const PASSWORD = "Enumerate-Me-9";
const HIDE = { PreventUserExistenceErrors: "ENABLED" } as const;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MASKED_EMAIL = /^[a-z]\*{4}@[a-z]\*{4}$/;

async function challenge(target: Target, poolId: string, clientId: string, USERNAME: string) {
  const srp = await srpClient(poolId);
  const out = await client(target, "anyone").send(
    new InitiateAuthCommand({
      AuthFlow: "USER_SRP_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME, SRP_A: srp.A },
    }),
  );
  expect(out.ChallengeName).toBe("PASSWORD_VERIFIER");
  expect(out.Session).toEqual(expect.any(String));
  const p = out.ChallengeParameters!;
  expect(Object.keys(p).sort()).toEqual(["SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"]);
  expect(p).toMatchObject({
    SALT: expect.stringMatching(/^[0-9a-f]+$/),
    SRP_B: expect.stringMatching(/^[0-9a-f]+$/),
    SECRET_BLOCK: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
    USERNAME: p.USER_ID_FOR_SRP,
  });
  return p;
}

/** USER_ID_FOR_SRP and SALT of two challenges for `name`: asserted equal, returned once. */
async function stable(target: Target, poolId: string, clientId: string, name: string) {
  const [a, b] = [
    await challenge(target, poolId, clientId, name),
    await challenge(target, poolId, clientId, name),
  ];
  expect([b.USER_ID_FOR_SRP, b.SALT]).toEqual([a.USER_ID_FOR_SRP, a.SALT]);
  return { id: a.USER_ID_FOR_SRP!, salt: a.SALT! };
}

export async function enumeration(target: Target): Promise<void> {
  const anyone = client(target, "anyone");

  // A pool of usernames that folds case: the answer is the lower-cased name, for both.
  const names = await poolWithClient(target, { AutoVerifiedAttributes: ["email"] }, HIDE);
  const stored = unique("Dora");
  await confirmedUser(target, names.poolId, stored, PASSWORD, {
    email: `${unique("dora")}@example.com`,
    email_verified: "true",
  });
  const real = await stable(target, names.poolId, names.clientId, stored.toUpperCase());
  const unknownName = `${stored}x`.toUpperCase();
  const simulated = await stable(target, names.poolId, names.clientId, unknownName);
  expect(real.id).toBe(stored.toLowerCase());
  expect(simulated.id).toBe(unknownName.toLowerCase());
  expect((await stable(target, names.poolId, names.clientId, unknownName.toLowerCase())).salt).toBe(
    simulated.salt,
  );

  // amazon-cognito-identity-js still signs the real user in, typed in another case.
  const pool = new CognitoUserPool({
    UserPoolId: names.poolId,
    ClientId: names.clientId,
    endpoint: target.endpoint,
    Storage: memoryStorage(),
  });
  const user = new CognitoUser({ Username: stored.toUpperCase(), Pool: pool, Storage: memoryStorage() });
  const session = await new Promise<{ isValid(): boolean }>((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: stored.toUpperCase(), Password: PASSWORD }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
  expect(session.isValid()).toBe(true);

  // A pool signing in by email: a UUID for both; typing the UUID back answers the same.
  const byEmail = await poolWithClient(target, { UsernameAttributes: ["email"] }, HIDE);
  const erin = `${unique("erin")}@example.com`;
  await confirmedUser(target, byEmail.poolId, erin, PASSWORD, { email: erin, email_verified: "true" });
  const realUuid = await stable(target, byEmail.poolId, byEmail.clientId, erin);
  const frank = `${unique("frank")}@example.com`;
  const fakeUuid = await stable(target, byEmail.poolId, byEmail.clientId, frank);
  const forgotIn = async (clientId: string, Username: string) =>
    (await anyone.send(new ForgotPasswordCommand({ ClientId: clientId, Username }))).CodeDeliveryDetails;
  for (const [{ id, salt }, address] of [
    [realUuid, erin],
    [fakeUuid, frank],
  ] as const) {
    expect(id).toMatch(UUID_V4);
    expect(await stable(target, byEmail.poolId, byEmail.clientId, id)).toEqual({ id, salt });
    // Asking by the UUID shows what asking by the address does.
    expect(await forgotIn(byEmail.clientId, id)).toEqual(await forgotIn(byEmail.clientId, address));
  }

  // Simulated deliveries: the pool's medium, a masked address shaped as a real one, stable per name.
  const forgot = async (Username: string) =>
    (await anyone.send(new ForgotPasswordCommand({ ClientId: names.clientId, Username })))
      .CodeDeliveryDetails;
  const fake = await forgot(unknownName);
  expect(fake).toEqual({
    Destination: expect.stringMatching(MASKED_EMAIL),
    DeliveryMedium: "EMAIL",
    AttributeName: "email",
  });
  expect(await forgot(unknownName)).toEqual(fake);
  expect(await forgot(stored)).toEqual({
    Destination: expect.stringMatching(/^d\*{4}@e\*{4}$/),
    DeliveryMedium: "EMAIL",
    AttributeName: "email",
  });
  const resend = async (Username: string) =>
    (await anyone.send(new ResendConfirmationCodeCommand({ ClientId: names.clientId, Username })))
      .CodeDeliveryDetails;
  const pending = unique("gil");
  await anyone.send(
    new SignUpCommand({
      ClientId: names.clientId,
      Username: pending,
      Password: PASSWORD,
      UserAttributes: [{ Name: "email", Value: `${pending}@example.com` }],
    }),
  );
  await target.readCode(`${pending}@example.com`);
  expect(await resend(pending)).toEqual({
    Destination: "g****@e****",
    DeliveryMedium: "EMAIL",
    AttributeName: "email",
  });
  await target.readCode(`${pending}@example.com`);
  expect(await resend(unknownName)).toEqual({
    Destination: expect.stringMatching(MASKED_EMAIL),
    DeliveryMedium: "EMAIL",
    AttributeName: "email",
  });

  // A wrong password and an unknown name fail alike.
  const wrong = (USERNAME: string) =>
    rejection(
      anyone.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: names.clientId,
          AuthParameters: { USERNAME, PASSWORD: "Wrong-Pass-9" },
        }),
      ),
    );
  expect(await wrong(stored)).toMatchObject({
    name: "NotAuthorizedException",
    message: "Incorrect username or password.",
  });
  expect(await wrong(unknownName)).toMatchObject({
    name: "NotAuthorizedException",
    message: "Incorrect username or password.",
  });
}
