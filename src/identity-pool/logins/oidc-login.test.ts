import { describe, expect, it } from "vitest";
import { TestIssuer } from "../../../test/helpers/issuer.js";
import { identityPool, loginsFixture, NOW } from "./fixture.testing.js";
import type { OidcProviderConfig } from "./types.js";
import { verifyLogins } from "./verify-logins.js";

const GET_ID = { allowCognitoToken: false };
const ARN = "arn:aws:iam::123456789012:oidc-provider/login.example.com";
const KEY = "login.example.com";

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    const e = error as { type?: string; message: string };
    return `${e.type}: ${e.message}`;
  }
}

/** Issuers on one in-process fetch, each answering under its own URL. */
async function issuers(...urls: string[]) {
  const made = await Promise.all(urls.map((url) => TestIssuer.create(url)));
  for (const issuer of made) issuer.clock = NOW / 1000;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new Request(input).url;
    // The longest issuer the URL is under (a tenant's path under its host's).
    const issuer = made
      .filter((i) => url.startsWith(`${i.issuer}/`))
      .sort((a, b) => b.issuer.length - a.issuer.length)[0];
    return issuer === undefined ? new Response("no such host", { status: 404 }) : issuer.fetch(input, init);
  };
  return { made, fetch };
}

async function setUp(config: Partial<OidcProviderConfig> = {}, socialIssuers = {}) {
  const { made, fetch } = await issuers(
    "https://login.example.com",
    "https://login.example.com/tenant-1",
    "https://accounts.google.com",
    "http://127.0.0.1:7777/apple",
    "https://evil.example.com",
  );
  const [idp, tenant, google, apple, evil] = made as [
    TestIssuer,
    TestIssuer,
    TestIssuer,
    TestIssuer,
    TestIssuer,
  ];
  const fixture = await loginsFixture({
    oidc: { fetch, socialIssuers },
    oidcProviders: {
      [KEY]: { url: "https://login.example.com", clientIds: ["app-1", "app-2"], ...config },
      "login.example.com/tenant-1": { url: "https://login.example.com/tenant-1", clientIds: ["app-1"] },
    },
  });
  const pool = identityPool({
    openIdConnectProviderArns: [ARN, "arn:aws:iam::000000000000:oidc-provider/login.example.com/tenant-1"],
    supportedLoginProviders: {
      "accounts.google.com": "g-app-1, g-app-2",
      "appleid.apple.com": "com.example.web",
    },
  });
  const check = (logins: Record<string, string>) => outcome(verifyLogins(fixture.deps, pool, logins, GET_ID));
  return { ...fixture, idp, tenant, google, apple, evil, pool, check };
}

describe("an OIDC provider's ID token in Logins", () => {
  it("is accepted under the issuer without its scheme, for one of the provider's client ids", async () => {
    const { deps, idp, pool } = await setUp();
    const token = await idp.sign({ sub: "u-1", aud: "app-2", email: "u@example.com" });
    const [login] = await verifyLogins(deps, pool, { [KEY]: token }, GET_ID);
    expect(login).toEqual({
      key: KEY,
      provider: KEY,
      subject: "u-1",
      claims: expect.objectContaining({ iss: "https://login.example.com", email: "u@example.com" }),
      kind: "oidc",
      clientId: "app-2",
    });
  });

  it("checks azp when present, else aud (one of several audiences will do)", async () => {
    const { idp, check } = await setUp();
    const unsupported =
      "NotAuthorizedException: Token is not from a supported provider of this identity pool.";
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: ["other", "app-1"] }) })).toBe("accepted");
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "api", azp: "app-1" }) })).toBe("accepted");
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "app-1", azp: "other" }) })).toBe(
      unsupported,
    );
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "other" }) })).toBe(unsupported);
    expect(await check({ [KEY]: await idp.sign({ sub: "u" }) })).toBe(
      "NotAuthorizedException: Invalid login token. Missing a required claim: aud",
    );
    expect(await check({ [KEY]: await idp.sign({ aud: "app-1" }) })).toBe(
      "NotAuthorizedException: Invalid login token. Missing a required claim: sub",
    );
  });

  it("refuses another issuer's token, signed by that issuer or by the provider", async () => {
    const { idp, evil, tenant, check } = await setUp();
    const mismatch = "NotAuthorizedException: Invalid login token. Issuer doesn't match providerName";
    expect(await check({ [KEY]: await evil.sign({ sub: "u", aud: "app-1" }) })).toBe(mismatch);
    expect(
      await check({ [KEY]: await idp.sign({ sub: "u", aud: "app-1", iss: "https://evil.example.com" }) }),
    ).toBe(mismatch);
    expect(await check({ [KEY]: await tenant.sign({ sub: "u", aud: "app-1" }) })).toBe(mismatch);
    // The tenant's own key takes its own tokens.
    expect(await check({ "login.example.com/tenant-1": await tenant.sign({ sub: "u", aud: "app-1" }) })).toBe(
      "accepted",
    );
  });

  it("allows Cognito's five minutes of clock skew, and no more", async () => {
    const { idp, check } = await setUp();
    const at = (exp: number) => idp.sign({ sub: "u", aud: "app-1", iat: exp - 3600, exp });
    expect(await check({ [KEY]: await at(NOW / 1000 - 299) })).toBe("accepted");
    expect(await check({ [KEY]: await at(NOW / 1000 - 300) })).toBe(
      `NotAuthorizedException: Invalid login token. Token expired: ${NOW / 1000} >= ${NOW / 1000 - 300}`,
    );
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "app-1", nbf: NOW / 1000 + 301 }) })).toBe(
      "NotAuthorizedException: Invalid login token. Token is not valid yet.",
    );
  });

  it("refuses a signature of a key the provider does not publish, a non-RSA key, a tampered token", async () => {
    const { idp, check } = await setUp();
    const unverified = "NotAuthorizedException: Invalid login token. Couldn't verify signed token.";
    await idp.addKey("hidden", "RS256", { publish: false });
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "app-1" }, { kid: "hidden" }) })).toBe(
      unverified,
    );
    await idp.addKey("ec", "ES256");
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "app-1" }, { kid: "ec" }) })).toBe(
      unverified,
    );
    const [h, , s] = (await idp.sign({ sub: "u", aud: "app-1" })).split(".");
    const other = Buffer.from(
      JSON.stringify({ iss: idp.issuer, sub: "admin", aud: "app-1", exp: NOW / 1000 + 60 }),
    );
    expect(await check({ [KEY]: `${h}.${other.toString("base64url")}.${s}` })).toBe(unverified);
    expect(await check({ [KEY]: "opaque-access-token" })).toBe(
      "NotAuthorizedException: Invalid login token. Not a valid OpenId Connect identity token.",
    );
  });

  it("fetches the provider's keys once, by discovery or from the configured jwksUri", async () => {
    const discovered = await setUp();
    for (const sub of ["a", "b", "c"])
      expect(await discovered.check({ [KEY]: await discovered.idp.sign({ sub, aud: "app-1" }) })).toBe(
        "accepted",
      );
    expect(discovered.idp.fetches).toEqual([
      "https://login.example.com/.well-known/openid-configuration",
      "https://login.example.com/.well-known/jwks.json",
    ]);
    const direct = await setUp({ jwksUri: "https://login.example.com/.well-known/jwks.json" });
    expect(await direct.check({ [KEY]: await direct.idp.sign({ sub: "a", aud: "app-1" }) })).toBe("accepted");
    expect(direct.idp.fetches).toEqual(["https://login.example.com/.well-known/jwks.json"]);
  });

  it("answers ExternalServiceException when the provider's keys cannot be fetched", async () => {
    const { idp, check } = await setUp();
    idp.mode = "down";
    expect(await check({ [KEY]: await idp.sign({ sub: "u", aud: "app-1" }) })).toBe(
      "ExternalServiceException: Unable to reach login.example.com to verify the login token.",
    );
  });

  it("refuses a provider the pool names by ARN that the configuration does not describe", async () => {
    const { deps, idp } = await setUp();
    const arn = "arn:aws:iam::123456789012:oidc-provider/unknown.example.com";
    const pool = identityPool({ openIdConnectProviderArns: [arn] });
    const token = await idp.sign({ sub: "u", aud: "app-1" });
    expect(await outcome(verifyLogins(deps, pool, { "unknown.example.com": token }, GET_ID))).toBe(
      `InvalidIdentityPoolConfigurationException: The OpenID Connect provider ${arn} is not configured: add its issuer URL and client ids to the configuration's OIDC providers.`,
    );
    // Configured but not named by the pool: not a provider of this pool.
    expect(await outcome(verifyLogins(deps, identityPool(), { [KEY]: token }, GET_ID))).toBe(
      "NotAuthorizedException: Token is not from a supported provider of this identity pool.",
    );
  });
});

describe("Google and Apple ID tokens", () => {
  it("are verified as OIDC, the pool's app ids the audiences; Google's iss with or without the scheme", async () => {
    const { google, check } = await setUp();
    const key = "accounts.google.com";
    expect(await check({ [key]: await google.sign({ sub: "g-1", aud: "g-app-2" }) })).toBe("accepted");
    expect(
      await check({ [key]: await google.sign({ sub: "g-1", aud: "g-app-1", iss: "accounts.google.com" }) }),
    ).toBe("accepted");
    expect(await check({ [key]: await google.sign({ sub: "g-1", aud: "another-app" }) })).toBe(
      "NotAuthorizedException: Token is not from a supported provider of this identity pool.",
    );
    expect(
      await check({ [key]: await google.sign({ sub: "g-1", aud: "g-app-1", iss: "https://google.com" }) }),
    ).toBe("NotAuthorizedException: Invalid login token. Issuer doesn't match providerName");
  });

  it("come from the issuer the options name (a local fake of Apple here)", async () => {
    const { apple, deps, pool } = await setUp({}, { "appleid.apple.com": "http://127.0.0.1:7777/apple" });
    const token = await apple.sign({ sub: "001968.a6ca", aud: "com.example.web" });
    const [login] = await verifyLogins(deps, pool, { "appleid.apple.com": token }, GET_ID);
    expect(login).toMatchObject({
      provider: "appleid.apple.com",
      subject: "001968.a6ca",
      clientId: "com.example.web",
    });
    // With the default issuer, the fake's tokens are another issuer's.
    const real = await setUp();
    expect(
      await real.check({ "appleid.apple.com": await real.apple.sign({ sub: "x", aud: "com.example.web" }) }),
    ).toBe("NotAuthorizedException: Invalid login token. Issuer doesn't match providerName");
  });
});
