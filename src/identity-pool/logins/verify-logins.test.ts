import { describe, expect, it } from "vitest";
import {
  AWS_NAME,
  CLIENT,
  identityPool,
  IDENTITY_POOL,
  ISSUER_NAME,
  loginsFixture,
} from "./fixture.testing.js";
import { COGNITO_IDENTITY_PROVIDER } from "./providers.js";
import { verifyLogins } from "./verify-logins.js";

const GET_ID = { allowCognitoToken: false };
const CREDENTIALS = { allowCognitoToken: true };

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    const e = error as { type?: string; message: string };
    return `${e.type}: ${e.message}`;
  }
}

const userPoolListed = identityPool({
  cognitoIdentityProviders: [{ ProviderName: AWS_NAME, ClientId: CLIENT }],
});

describe("verifyLogins", () => {
  it("has nothing to verify without Logins", async () => {
    const { deps } = await loginsFixture();
    expect(await verifyLogins(deps, identityPool(), undefined, GET_ID)).toEqual([]);
    expect(await verifyLogins(deps, identityPool(), {}, GET_ID)).toEqual([]);
  });

  it("keeps the LoginsMap's limits, in the protocol's words and without echoing tokens", async () => {
    const { deps } = await loginsFixture();
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}.example.com`, "token"]));
    expect(await outcome(verifyLogins(deps, identityPool(), eleven, GET_ID))).toBe(
      "InvalidParameterException: 1 validation error detected: Value at 'logins' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
    const empty = await outcome(verifyLogins(deps, identityPool(), { [AWS_NAME]: "" }, GET_ID));
    expect(empty).toMatch(
      /^InvalidParameterException: .*Map value must satisfy constraint: \[Member must have length less than or equal to 50000, Member must have length greater than or equal to 1/,
    );
    const huge = await outcome(
      verifyLogins(deps, identityPool(), { [AWS_NAME]: "x".repeat(50_001) }, GET_ID),
    );
    expect(huge).toMatch(/^InvalidParameterException: /);
    expect(huge).not.toContain("xxxx");
    const longKey = await outcome(verifyLogins(deps, identityPool(), { ["k".repeat(129)]: "token" }, GET_ID));
    expect(longKey).toMatch(/^InvalidParameterException: .*Map keys must satisfy constraint/);
    const notString = await outcome(verifyLogins(deps, identityPool(), { [AWS_NAME]: 7 as never }, GET_ID));
    expect(notString).toMatch(/^SerializationException/);
  });

  it("refuses one user pool under both of its names", async () => {
    const { deps, signIn } = await loginsFixture();
    const { IdToken } = await signIn();
    expect(
      await outcome(
        verifyLogins(deps, userPoolListed, { [AWS_NAME]: IdToken, [ISSUER_NAME]: IdToken }, GET_ID),
      ),
    ).toBe(`InvalidParameterException: Logins name the provider ${AWS_NAME} more than once.`);
  });

  it("refuses a key the pool does not accept, whatever the token", async () => {
    const { deps, signIn } = await loginsFixture();
    const { IdToken } = await signIn();
    const unsupported =
      "NotAuthorizedException: Token is not from a supported provider of this identity pool.";
    for (const key of [
      "login.example.com",
      "accounts.google.com",
      "graph.facebook.com",
      "cognito-idp.eu-west-1.amazonaws.com/us-east-1_LoginsP01", // another region's endpoint
      "127.0.0.1:9230/us-east-1_LoginsP01", // another host's issuer
      "https://127.0.0.1:9229/us-east-1_LoginsP01", // the issuer with its scheme
      "my.developer.provider",
    ]) {
      const pool = identityPool({ developerProviderName: "my.developer.provider" });
      expect(await outcome(verifyLogins(deps, pool, { [key]: IdToken }, GET_ID)), key).toBe(unsupported);
    }
  });

  it("answers with the first refusal in the map's order, after verifying every login", async () => {
    const { deps, signIn } = await loginsFixture();
    const { IdToken, AccessToken } = await signIn();
    const pool = identityPool({
      cognitoIdentityProviders: [{ ProviderName: AWS_NAME, ClientId: CLIENT }],
      supportedLoginProviders: { "graph.facebook.com": "1234567890" },
    });
    expect(
      await outcome(
        verifyLogins(deps, pool, { [AWS_NAME]: AccessToken, "graph.facebook.com": "EAAB" }, GET_ID),
      ),
    ).toBe("NotAuthorizedException: Invalid login token. Missing a required claim: aud");
    expect(
      await outcome(verifyLogins(deps, pool, { "graph.facebook.com": "EAAB", [AWS_NAME]: IdToken }, GET_ID)),
    ).toMatch(/cognate does not verify graph\.facebook\.com logins/);
  });

  it("refuses Facebook, Amazon and SAML logins it cannot check offline, saying so", async () => {
    const { deps } = await loginsFixture();
    const saml = "arn:aws:iam::123456789012:saml-provider/Corp";
    const pool = identityPool({
      supportedLoginProviders: {
        "graph.facebook.com": "1234567890",
        "www.amazon.com": "amzn1.application.x",
      },
      samlProviderArns: [saml],
    });
    for (const key of ["graph.facebook.com", "www.amazon.com", saml]) {
      expect(await outcome(verifyLogins(deps, pool, { [key]: "an-access-token" }, GET_ID))).toBe(
        `NotAuthorizedException: Invalid login token. cognate does not verify ${key} logins: they can only be checked by calling the provider. Use an OpenID Connect provider or a user pool instead.`,
      );
    }
  });
});

describe("the identity service's own token under cognito-identity.amazonaws.com", () => {
  it("is refused where Cognito refuses it (GetId)", async () => {
    const { deps, identityToken } = await loginsFixture();
    expect(
      await outcome(
        verifyLogins(deps, identityPool(), { [COGNITO_IDENTITY_PROVIDER]: await identityToken() }, GET_ID),
      ),
    ).toBe("NotAuthorizedException: Invalid login token. Can't pass in a Cognito token.");
  });

  it("is accepted for its own identity pool where allowed, the identity its subject", async () => {
    const { deps, identityToken } = await loginsFixture();
    const [login] = await verifyLogins(
      deps,
      identityPool(),
      { [COGNITO_IDENTITY_PROVIDER]: await identityToken() },
      CREDENTIALS,
    );
    expect(login).toMatchObject({
      key: COGNITO_IDENTITY_PROVIDER,
      provider: COGNITO_IDENTITY_PROVIDER,
      subject: "us-east-1:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      kind: "cognito-identity",
      claims: expect.objectContaining({ aud: IDENTITY_POOL }),
    });
    expect(login).not.toHaveProperty("clientId");
  });

  it("is refused for another identity pool, expired, from another issuer, or forged", async () => {
    const { deps, identityToken, signIn, tick } = await loginsFixture();
    const check = async (token: string) =>
      outcome(verifyLogins(deps, identityPool(), { [COGNITO_IDENTITY_PROVIDER]: token }, CREDENTIALS));
    expect(
      await check(await identityToken({ identityPoolId: "us-east-1:00000000-0000-4000-8000-000000000000" })),
    ).toBe("NotAuthorizedException: Invalid login token. Incorrect token audience.");
    expect(await check(await identityToken({ issuer: "https://cognito-identity.amazonaws.com" }))).toBe(
      "NotAuthorizedException: Invalid login token. Not a Cognito token.",
    );
    expect(await check((await signIn()).IdToken)).toBe(
      "NotAuthorizedException: Invalid login token. Not a Cognito token.",
    );
    const token = await identityToken();
    const [h, p, s] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: "us-east-1:another" })).toString("base64url")}.${s}`;
    expect(await check(forged)).toBe(
      "NotAuthorizedException: Invalid login token. Couldn't verify signed token.",
    );
    expect(await check("garbage")).toBe(
      "NotAuthorizedException: Invalid login token. Not a valid OpenId Connect identity token.",
    );
    tick(600_000);
    expect(await check(token)).toBe(
      `NotAuthorizedException: Invalid login token. Token expired: ${claims.exp} >= ${claims.exp}`,
    );
  });
});
