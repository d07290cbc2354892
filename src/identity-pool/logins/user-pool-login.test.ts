import { describe, expect, it } from "vitest";
import {
  AWS_NAME,
  CLIENT,
  identityPool,
  ISSUER_NAME,
  loginsFixture,
  NOW,
  OTHER_CLIENT,
  USER_POOL,
} from "./fixture.testing.js";
import { verifyLogins } from "./verify-logins.js";

const GET_ID = { allowCognitoToken: false };

/** An identity pool that accepts the fixture's user pool through CLIENT, named as given. */
const accepting = (providerName = AWS_NAME, serverSideTokenCheck = false) =>
  identityPool({
    cognitoIdentityProviders: [
      { ProviderName: providerName, ClientId: CLIENT, ServerSideTokenCheck: serverSideTokenCheck },
    ],
  });

/** The refusal's `__type` and message, or "accepted". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    const e = error as { type?: string; message: string };
    return `${e.type}: ${e.message}`;
  }
}

describe("a user pool's ID token in Logins", () => {
  it("is accepted under either of the pool's names, whichever name the identity pool lists", async () => {
    const { deps, signIn, user } = await loginsFixture();
    const { IdToken } = await signIn();
    for (const listed of [AWS_NAME, ISSUER_NAME]) {
      for (const key of [AWS_NAME, ISSUER_NAME]) {
        const [login] = await verifyLogins(deps, accepting(listed), { [key]: IdToken }, GET_ID);
        expect(login).toMatchObject({
          key,
          provider: AWS_NAME,
          subject: user.sub,
          kind: "user-pool",
          clientId: CLIENT,
          claims: expect.objectContaining({ token_use: "id", email: "ann@example.com" }),
        });
      }
    }
  });

  it("refuses an access token for its missing aud, as Cognito does", async () => {
    const { deps, signIn } = await loginsFixture();
    const { AccessToken } = await signIn();
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: AccessToken }, GET_ID))).toBe(
      "NotAuthorizedException: Invalid login token. Missing a required claim: aud",
    );
  });

  it("refuses a pool the identity pool does not list, and a client it does not list", async () => {
    const { deps, signIn, addPool } = await loginsFixture();
    await addPool("us-east-1_OtherPool");
    const unsupported =
      "NotAuthorizedException: Token is not from a supported provider of this identity pool.";
    const other = await signIn({ poolId: "us-east-1_OtherPool" });
    const otherKey = "cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool";
    expect(await outcome(verifyLogins(deps, accepting(), { [otherKey]: other.IdToken }, GET_ID))).toBe(
      unsupported,
    );
    const { IdToken } = await signIn({ clientId: OTHER_CLIENT });
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: IdToken }, GET_ID))).toBe(unsupported);
    // Listing that client as well makes it acceptable.
    const both = identityPool({
      cognitoIdentityProviders: [
        { ProviderName: AWS_NAME, ClientId: CLIENT },
        { ProviderName: ISSUER_NAME, ClientId: OTHER_CLIENT },
      ],
    });
    expect((await verifyLogins(deps, both, { [AWS_NAME]: IdToken }, GET_ID))[0]?.clientId).toBe(OTHER_CLIENT);
    // An entry without a ClientId accepts no client.
    const noClient = identityPool({ cognitoIdentityProviders: [{ ProviderName: AWS_NAME }] });
    expect(await outcome(verifyLogins(deps, noClient, { [AWS_NAME]: IdToken }, GET_ID))).toBe(unsupported);
  });

  it("refuses a token whose issuer is not the key's pool", async () => {
    const { deps, signIn, addPool } = await loginsFixture();
    await addPool("us-east-1_OtherPool");
    const other = await signIn({ poolId: "us-east-1_OtherPool" });
    const mismatch = "NotAuthorizedException: Invalid login token. Issuer doesn't match providerName";
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: other.IdToken }, GET_ID))).toBe(
      mismatch,
    );
    // The pool's own keys, but an issuer that is not the pool's (AWS's host instead of cognate's).
    const aws = await signIn({ issuer: `https://${AWS_NAME}` });
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: aws.IdToken }, GET_ID))).toBe(
      mismatch,
    );
  });

  it("refuses a token another pool's key signed, a tampered one, and what is not a JWT", async () => {
    const { deps, signIn, addPool } = await loginsFixture();
    await addPool("us-east-1_OtherPool");
    // Another pool's key, this pool's issuer and client: the signature is what tells.
    const forged = await signIn({
      poolId: "us-east-1_OtherPool",
      issuer: `http://127.0.0.1:9229/${USER_POOL}`,
    });
    const unverified = "NotAuthorizedException: Invalid login token. Couldn't verify signed token.";
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: forged.IdToken }, GET_ID))).toBe(
      unverified,
    );
    const { IdToken } = await signIn();
    const [h, p, s] = IdToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString("base64url")}.${s}`;
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: tampered }, GET_ID))).toBe(unverified);
    for (const junk of ["not-a-token", "a.b", `${h}.${p}`]) {
      expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: junk }, GET_ID))).toBe(
        "NotAuthorizedException: Invalid login token. Not a valid OpenId Connect identity token.",
      );
    }
  });

  it("refuses an expired token in Cognito's words, now then exp", async () => {
    const { deps, signIn, tick } = await loginsFixture();
    const { IdToken } = await signIn();
    tick(3599_000);
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: IdToken }, GET_ID))).toBe("accepted");
    tick(1000);
    expect(await outcome(verifyLogins(deps, accepting(), { [AWS_NAME]: IdToken }, GET_ID))).toBe(
      `NotAuthorizedException: Invalid login token. Token expired: ${NOW / 1000 + 3600} >= ${NOW / 1000 + 3600}`,
    );
  });

  describe("with ServerSideTokenCheck", () => {
    it("refuses the token of a user signed out since, disabled, or deleted; without it, accepts them", async () => {
      const { deps, signIn, store, tick } = await loginsFixture();
      const { IdToken } = await signIn();
      const check = (serverSide: boolean) =>
        outcome(verifyLogins(deps, accepting(ISSUER_NAME, serverSide), { [ISSUER_NAME]: IdToken }, GET_ID));
      expect(await check(true)).toBe("accepted");
      tick(1000);
      await store.users.update(USER_POOL, "ann", { signedOutAt: NOW + 1000 }, { now: NOW + 1000 });
      expect(await check(true)).toBe("NotAuthorizedException: Invalid login token. Token has been revoked.");
      expect(await check(false)).toBe("accepted");
      // A token issued after the sign-out is good again.
      const after = await signIn();
      expect(
        await outcome(verifyLogins(deps, accepting(AWS_NAME, true), { [AWS_NAME]: after.IdToken }, GET_ID)),
      ).toBe("accepted");
      await store.users.update(USER_POOL, "ann", { enabled: false }, { now: NOW + 1000 });
      expect(
        await outcome(verifyLogins(deps, accepting(AWS_NAME, true), { [AWS_NAME]: after.IdToken }, GET_ID)),
      ).toBe("NotAuthorizedException: Invalid login token. User is disabled.");
      await store.users.delete(USER_POOL, "ann");
      expect(
        await outcome(verifyLogins(deps, accepting(AWS_NAME, true), { [AWS_NAME]: after.IdToken }, GET_ID)),
      ).toBe("NotAuthorizedException: Invalid login token. User does not exist.");
    });

    it("refuses the token of a revoked sign-in, and of a deleted app client", async () => {
      const { deps, signIn, store, user } = await loginsFixture();
      const family = crypto.randomUUID();
      await store.refreshTokens.issue(
        {
          tokenHash: "hash-1",
          poolId: USER_POOL,
          clientId: CLIENT,
          sub: user.sub,
          familyId: family,
          authTime: NOW,
          expiresAt: NOW + 86_400_000,
        },
        NOW,
      );
      const { IdToken } = await signIn({ originJti: family });
      const check = () =>
        outcome(verifyLogins(deps, accepting(AWS_NAME, true), { [AWS_NAME]: IdToken }, GET_ID));
      expect(await check()).toBe("accepted");
      await store.refreshTokens.revokeFamily(family, NOW);
      expect(await check()).toBe("NotAuthorizedException: Invalid login token. Token has been revoked.");
      const other = await signIn();
      expect(
        await outcome(verifyLogins(deps, accepting(AWS_NAME, true), { [AWS_NAME]: other.IdToken }, GET_ID)),
      ).toBe("accepted");
      await store.clients.delete(USER_POOL, CLIENT);
      expect(
        await outcome(verifyLogins(deps, accepting(AWS_NAME, true), { [AWS_NAME]: other.IdToken }, GET_ID)),
      ).toBe("NotAuthorizedException: Invalid login token. Token has been revoked.");
    });
  });
});
