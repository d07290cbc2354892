/**
 * amazon-cognito-identity-js's CognitoUser, unmodified, signing in with SRP against the SRP
 * module (through FakePool at the client's request seam): first sign-in with device tracking
 * (generateHashDevice + ConfirmDevice), then a sign-in that goes through DEVICE_SRP_AUTH.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type ICognitoStorage,
} from "amazon-cognito-identity-js";
import { memoryStorage } from "../helpers/acijs.js";
import { describe, expect, it } from "vitest";
import { FakePool } from "./fake-pool.js";

const USER_ID = "9b1c7e2a-5d4f-4a3b-8c2d-1e0f9a8b7c6d";
const EMAIL = "alice@example.com";
const PASSWORD = "Correct-Horse-9";

function signIn(pool: CognitoUserPool, storage: ICognitoStorage, password: string): Promise<CognitoUser> {
  const user = new CognitoUser({ Username: EMAIL, Pool: pool, Storage: storage });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: EMAIL, Password: password }), {
      onSuccess: () => resolve(user),
      onFailure: reject,
    });
  });
}

describe("CognitoUser.authenticateUser against the SRP module", () => {
  async function setUp() {
    const fake = new FakePool("AbCdEfGhI");
    await fake.addUser(EMAIL, USER_ID, PASSWORD);
    const storage = memoryStorage();
    const pool = new CognitoUserPool({
      UserPoolId: "us-east-1_AbCdEfGhI",
      ClientId: "1example23456789",
      Storage: storage,
    });
    (pool as unknown as { client: { request: FakePool["request"] } }).client.request = fake.request;
    return { fake, pool, storage };
  }

  it("signs in, remembers the device, then signs in again through DEVICE_SRP_AUTH", async () => {
    const { fake, pool, storage } = await setUp();
    const first = await signIn(pool, storage, PASSWORD);
    expect(first.getUsername()).toBe(USER_ID); // the client swapped in USER_ID_FOR_SRP
    expect(fake.calls).toEqual(["InitiateAuth", "RespondToAuthChallenge:PASSWORD_VERIFIER", "ConfirmDevice"]);
    const [device] = [...fake.devices.values()];
    expect(device?.stored?.salt).toMatch(/^[0-9a-f]+$/);

    fake.calls.length = 0;
    await signIn(pool, storage, PASSWORD);
    expect(fake.calls).toEqual([
      "InitiateAuth",
      "RespondToAuthChallenge:PASSWORD_VERIFIER",
      "RespondToAuthChallenge:DEVICE_SRP_AUTH",
      "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
    ]);
  });

  it("fails a wrong password with NotAuthorizedException", async () => {
    const { pool, storage } = await setUp();
    await expect(signIn(pool, storage, "Correct-Horse-8")).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("fails device SRP when the device secret no longer matches", async () => {
    const { fake, pool, storage } = await setUp();
    await signIn(pool, storage, PASSWORD);
    const [device] = [...fake.devices.values()];
    device!.stored = { ...device!.stored!, verifier: device!.stored!.verifier ^ 1n };
    await expect(signIn(pool, storage, PASSWORD)).rejects.toMatchObject({ code: "NotAuthorizedException" });
    expect(fake.calls.at(-1)).toBe("RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER");
  });
});
