// Amplify v6 (`aws-amplify/auth`, unmodified) against the real Node entry (`start()`) over HTTP,
// with `userPoolEndpoint` pointing at the server: sign-up and confirmation with the outbox code,
// SRP sign-in, tokens verified against the served JWKS, TOTP set-up (signed in, and as a sign-in
// step) and TOTP sign-in, refresh, local and global sign-out, and a remembered device standing in
// for MFA. Amplify's own calls are recorded off the wire, since some of its APIs swallow errors.
import {
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  fetchDevices,
  fetchMFAPreference,
  forgetDevice,
  getCurrentUser,
  rememberDevice,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  verifyTOTPSetup,
} from "aws-amplify/auth";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  amplifyPool,
  claimsOf,
  lastCodeTo,
  recordAmplifyCalls,
  summary,
  totpCode,
} from "./amplify-helpers.js";
import { rejection, sdk, startServer, verifyToken } from "./auth-helpers.js";

const PASSWORD = "Amplify-Horse-9!";
let env: Awaited<ReturnType<typeof startServer>>;
let url: string;
const wire = recordAmplifyCalls();

beforeAll(async () => {
  env = await startServer("cognate-amplify-");
  url = env.server.url;
});
afterAll(async () => {
  wire.restore();
  await env?.server.close();
});
// Amplify keeps the signed-in user in global state: every test ends signed out.
afterEach(async () => {
  await signOut();
  wire.take();
});

/** Signs the user in when the pool requires MFA, enrolling TOTP on the way; returns the secret. */
async function signedInEnrollingTotp(username: string) {
  const started = await signIn({ username, password: PASSWORD });
  if (started.nextStep.signInStep !== "CONTINUE_SIGN_IN_WITH_TOTP_SETUP")
    throw new Error(`unexpected ${started.nextStep.signInStep}`);
  const secret = started.nextStep.totpSetupDetails.sharedSecret;
  expect(await confirmSignIn({ challengeResponse: await totpCode(secret) })).toEqual({
    isSignedIn: true,
    nextStep: { signInStep: "DONE" },
  });
  return secret;
}

/** Signs a user up and confirms them with the code the server sent to their email. */
async function signedUp(username: string) {
  const email = `${username}@example.com`;
  const started = await signUp({ username, password: PASSWORD, options: { userAttributes: { email } } });
  expect(started).toMatchObject({
    isSignUpComplete: false,
    nextStep: {
      signUpStep: "CONFIRM_SIGN_UP",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", attributeName: "email" },
    },
  });
  const confirmed = await confirmSignUp({ username, confirmationCode: lastCodeTo(env.dataDir, email) });
  expect(confirmed).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
  expect(summary(wire.take())).toEqual(["SignUp 200", "ConfirmSignUp 200"]);
  return { userId: started.userId!, email };
}

/** The current session's tokens, as strings. */
async function tokens(forceRefresh = false) {
  const session = await fetchAuthSession({ forceRefresh });
  return {
    accessToken: session.tokens!.accessToken.toString(),
    idToken: session.tokens!.idToken!.toString(),
    sub: session.userSub,
  };
}

describe("Amplify v6 sign-up and SRP sign-in", () => {
  it("signs up, confirms with the emailed code, signs in with SRP and gets tokens that verify", async () => {
    const { poolId, clientId } = await amplifyPool(url);
    const { userId, email } = await signedUp("anna");
    const done = await signIn({ username: "anna", password: PASSWORD });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    const calls = wire.take();
    expect(summary(calls)).toEqual(["InitiateAuth 200", "RespondToAuthChallenge 200"]);
    expect([calls[0]!.request.AuthFlow, calls[1]!.request.ChallengeName]).toEqual([
      "USER_SRP_AUTH",
      "PASSWORD_VERIFIER",
    ]);
    expect(await getCurrentUser()).toMatchObject({ username: "anna", userId });

    const { accessToken, idToken, sub } = await tokens();
    expect(sub).toBe(userId);
    expect(await verifyToken(url, poolId, idToken, "id", clientId)).toMatchObject({
      sub: userId,
      "cognito:username": "anna",
      email,
      email_verified: true,
      aud: clientId,
    });
    expect(await verifyToken(url, poolId, accessToken, "access", clientId)).toMatchObject({
      sub: userId,
      username: "anna",
      client_id: clientId,
      token_use: "access",
    });
  });

  it("refuses a wrong password with NotAuthorizedException", async () => {
    await amplifyPool(url);
    await signedUp("bert");
    const error = await rejection(signIn({ username: "bert", password: "Wrong-Horse-9!" }));
    expect([error.name, error.message]).toEqual([
      "NotAuthorizedException",
      "Incorrect username or password.",
    ]);
  });
});

describe("Amplify v6 refresh and sign-out", () => {
  it("forceRefresh gives new tokens for the same user", async () => {
    const { poolId, clientId } = await amplifyPool(url);
    const { userId } = await signedUp("cleo");
    await signIn({ username: "cleo", password: PASSWORD });
    const before = await tokens();
    const after = await tokens(true);
    expect(summary(wire.take()).at(-1)).toBe("GetTokensFromRefreshToken 200");
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.idToken).not.toBe(before.idToken);
    const access = await verifyToken(url, poolId, after.accessToken, "access", clientId);
    expect(access).toMatchObject({ sub: userId, username: "cleo" });
    expect(access.origin_jti).toBe(claimsOf(before.accessToken).origin_jti);
  });

  it("local sign-out revokes the refresh token (RevokeToken)", async () => {
    const { clientId } = await amplifyPool(url);
    await signedUp("dora");
    await signIn({ username: "dora", password: PASSWORD });
    // The public API does not expose the refresh token; Amplify's own token store holds it.
    const refreshToken = (await cognitoUserPoolsTokenProvider.authTokenStore.loadTokens())!.refreshToken!;
    // Still good before sign-out: the check below can fail for the right reason only.
    expect(
      (
        await sdk(url).send(
          new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }),
        )
      ).AuthenticationResult?.AccessToken,
    ).toBeTruthy();
    wire.take();
    await signOut();
    expect(summary(wire.take())).toEqual(["RevokeToken 200"]);
    await expect(fetchAuthSession().then((s) => s.tokens)).resolves.toBeUndefined();
    for (const attempt of [
      sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
      sdk(url).send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken })),
    ]) {
      expect((await rejection(attempt)).name).toBe("NotAuthorizedException");
    }
  });

  it("global sign-out makes the old access token useless for GetUser", async () => {
    await amplifyPool(url);
    await signedUp("emil");
    await signIn({ username: "emil", password: PASSWORD });
    const { accessToken } = await tokens();
    expect((await sdk(url).send(new GetUserCommand({ AccessToken: accessToken }))).Username).toBe("emil");
    wire.take();
    await signOut({ global: true });
    expect(summary(wire.take())).toEqual(["GlobalSignOut 200"]);
    const refused = await rejection(sdk(url).send(new GetUserCommand({ AccessToken: accessToken })));
    expect([refused.name, refused.message]).toEqual([
      "NotAuthorizedException",
      "Access Token has been revoked",
    ]);
  });
});

describe("Amplify v6 TOTP MFA", () => {
  it("sets up TOTP for a signed-in user, then signs in with a TOTP code; tokens carry amr mfa", async () => {
    const { poolId, clientId } = await amplifyPool(url, "OPTIONAL");
    await signedUp("fern");
    expect(await signIn({ username: "fern", password: PASSWORD })).toMatchObject({ isSignedIn: true });
    const setup = await setUpTOTP();
    expect(setup.sharedSecret).toMatch(/^[A-Z2-7]+=*$/);
    expect(setup.getSetupUri("cognate").href).toContain(`secret=${setup.sharedSecret}`);
    await verifyTOTPSetup({
      code: await totpCode(setup.sharedSecret),
      options: { friendlyDeviceName: "phone" },
    });
    await updateMFAPreference({ totp: "PREFERRED" });
    expect(await fetchMFAPreference()).toEqual({ enabled: ["TOTP"], preferred: "TOTP" });
    expect(summary(wire.take()).slice(2)).toEqual([
      "AssociateSoftwareToken 200",
      "VerifySoftwareToken 200",
      "SetUserMFAPreference 200",
      "GetUser 200",
    ]);
    await signOut();
    wire.take();

    const started = await signIn({ username: "fern", password: PASSWORD });
    expect(started).toEqual({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" },
    });
    expect(await confirmSignIn({ challengeResponse: await totpCode(setup.sharedSecret, 1) })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: "DONE" },
    });
    expect(wire.take().map((c) => c.request.ChallengeName ?? c.request.AuthFlow)).toEqual([
      "USER_SRP_AUTH",
      "PASSWORD_VERIFIER",
      "SOFTWARE_TOKEN_MFA",
    ]);
    const { accessToken } = await tokens();
    expect((await verifyToken(url, poolId, accessToken, "access", clientId)).amr).toEqual(
      expect.arrayContaining(["mfa"]),
    );
  });

  it("sets up TOTP as a sign-in step when the pool requires MFA, then signs in with a code", async () => {
    const { poolId, clientId } = await amplifyPool(url, "ON");
    await signedUp("gus");
    const secret = await signedInEnrollingTotp("gus");
    // Enrolment during sign-in runs on the challenge's Session, not on an access token.
    const enrolment = wire.take().slice(2);
    expect(summary(enrolment)).toEqual([
      "AssociateSoftwareToken 200",
      "VerifySoftwareToken 200",
      "RespondToAuthChallenge 200",
    ]);
    expect([
      enrolment[0]!.request.Session,
      enrolment[0]!.request.AccessToken,
      enrolment[2]!.request.ChallengeName,
    ]).toEqual([expect.any(String), undefined, "MFA_SETUP"]);
    expect(claimsOf((await tokens()).accessToken).amr).toEqual(expect.arrayContaining(["mfa"]));
    await signOut();

    const again = await signIn({ username: "gus", password: PASSWORD });
    expect(again).toEqual({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" } });
    const wrong = await rejection(confirmSignIn({ challengeResponse: "000000" }));
    expect(wrong.name).toBe("CodeMismatchException");
    expect(await confirmSignIn({ challengeResponse: await totpCode(secret, 1) })).toMatchObject({
      isSignedIn: true,
    });
    const access = await verifyToken(url, poolId, (await tokens()).accessToken, "access", clientId);
    expect(access).toMatchObject({ username: "gus", amr: expect.arrayContaining(["mfa"]) });
  });
});

describe("Amplify v6 remembered devices", () => {
  it("confirms and remembers the device, which then answers in place of the TOTP code (DEVICE_SRP_AUTH)", async () => {
    // Amplify names a new device from `navigator.userAgent` (getDeviceName in @aws-amplify/core).
    // Node 20 has no global `navigator` (Node 21 added one); without it Amplify skips ConfirmDevice
    // silently and the device is never confirmed.
    vi.stubGlobal("navigator", { userAgent: "node-20" });
    try {
      const { poolId, clientId } = await amplifyPool(url, "ON", {
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      });
      await signedUp("hugo");
      const secret = await signedInEnrollingTotp("hugo");
      expect(summary(wire.take()).at(-1)).toBe("ConfirmDevice 200");
      // A User opt-in pool lists the confirmed device only once it is remembered (amplify-js PR 12171).
      expect(await fetchDevices()).toEqual([]);
      await rememberDevice();
      const devices = await fetchDevices();
      expect(devices).toHaveLength(1);
      const [device] = devices;
      expect(device).toMatchObject({
        name: "node-20",
        attributes: { device_status: "valid", "dev:device_remembered_status": "remembered" },
      });
      await signOut();
      wire.take();

      expect(await signIn({ username: "hugo", password: PASSWORD })).toEqual({
        isSignedIn: true,
        nextStep: { signInStep: "DONE" },
      });
      const calls = wire.take();
      expect(
        calls.map((c) => `${String(c.request.ChallengeName ?? c.request.AuthFlow)} ${c.status}`),
      ).toEqual([
        "USER_SRP_AUTH 200",
        "PASSWORD_VERIFIER 200",
        "DEVICE_SRP_AUTH 200",
        "DEVICE_PASSWORD_VERIFIER 200",
      ]);
      expect(
        (await verifyToken(url, poolId, (await tokens()).accessToken, "access", clientId)).device_key,
      ).toBe(device!.id);

      await forgetDevice();
      expect(await fetchDevices()).toEqual([]);
      await signOut();
      expect(await signIn({ username: "hugo", password: PASSWORD })).toEqual({
        isSignedIn: false,
        nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" },
      });
      expect(await confirmSignIn({ challengeResponse: await totpCode(secret, 1) })).toMatchObject({
        isSignedIn: true,
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
