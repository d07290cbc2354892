import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { authorizer, OptionsError, type AuthorizerOptions } from "../../src/index.js";
import { challenge, CLIENT_ID, COGNITO_ISSUER, get, POOL_ID, protectedApp } from "../helpers/app.js";
import { cognitoClaims, TestIssuer } from "../helpers/issuer.js";

const setup = async () => {
  const issuer = await TestIssuer.create(COGNITO_ISSUER);
  return { issuer, access: (extra = {}) => issuer.sign(cognitoClaims("access", CLIENT_ID, extra)) };
};

describe("RFC 6750 responses", () => {
  it("answers a request without credentials with 401 and a bare challenge", async () => {
    const { issuer } = await setup();
    for (const headers of [
      {},
      { authorization: "" },
      { authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l" },
    ] as Record<string, string>[]) {
      const res = await get(protectedApp(issuer), undefined, "/api/me", headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="cognate"');
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(await res.json()).toEqual({ message: "Unauthorized" });
    }
  });

  it("answers a malformed Authorization header with 400 invalid_request", async () => {
    const { issuer, access } = await setup();
    const t = await access();
    for (const authorization of [
      "Bearer",
      "Bearer ",
      `Bearer ${t} ${t}`,
      `Bearer ${t}, Bearer ${t}`,
      `Bearer\t${t}`,
    ]) {
      const res = await get(protectedApp(issuer), undefined, "/api/me", { authorization });
      expect(res.status, authorization).toBe(400);
      expect(challenge(res).error).toBe("invalid_request");
      expect(await res.json()).toEqual({ message: "Bad Request" });
    }
    // The scheme is case-insensitive.
    expect(
      (await get(protectedApp(issuer), undefined, "/api/me", { authorization: `bearer ${t}` })).status,
    ).toBe(200);
  });

  it("answers a bad token with 401 invalid_token and a description, in the configured realm", async () => {
    const { issuer } = await setup();
    const res = await get(protectedApp(issuer, { realm: "orders-api" }), "not.a.token");
    expect(res.status).toBe(401);
    expect(challenge(res)).toMatchObject({ realm: "orders-api", error: "invalid_token" });
    expect(challenge(res).error_description).toMatch(/malformed/);
  });

  it("answers a missing scope with 403 insufficient_scope naming the scopes", async () => {
    const { issuer, access } = await setup();
    const app = protectedApp(issuer, { scopes: ["orders/write", "orders/admin"] });
    const res = await get(app, await access());
    expect(res.status).toBe(403);
    expect(challenge(res)).toMatchObject({ error: "insufficient_scope", scope: "orders/write orders/admin" });
    expect(await res.json()).toEqual({ message: "Forbidden" });
    expect((await get(app, await access({ scope: "openid orders/admin" }))).status).toBe(200);
    // An ID token has no scopes: where scopes are required it never passes (as API Gateway).
    const anyUse = protectedApp(issuer, {
      scopes: ["orders/read"],
      issuers: [{ type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: null }],
    });
    expect((await get(anyUse, await issuer.sign(cognitoClaims("id", CLIENT_ID)))).status).toBe(403);
  });

  it("answers a missing group with 403, and admits any one of the groups", async () => {
    const { issuer, access } = await setup();
    const app = protectedApp(issuer, { groups: ["auditors"] });
    const res = await get(app, await access());
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: "User is not authorized to access this resource" });
    expect((await get(protectedApp(issuer, { groups: ["auditors", "staff"] }), await access())).status).toBe(
      200,
    );
  });
});

describe("the principal", () => {
  it("describes a Cognito access token's user", async () => {
    const { issuer, access } = await setup();
    const res = await get(protectedApp(issuer), await access());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      sub: "5f9c1a2e-0000-4000-8000-00000000beef",
      username: "alice",
      groups: ["admins", "staff"],
      scopes: ["aws.cognito.signin.user.admin", "orders/read"],
      tokenUse: "access",
      issuer: COGNITO_ISSUER,
      clientId: CLIENT_ID,
      claims: { token_use: "access", client_id: CLIENT_ID },
    });
  });

  it("describes a Cognito ID token's user, with cognito:username", async () => {
    const { issuer } = await setup();
    const app = protectedApp(issuer, {
      issuers: [{ type: "cognito", userPoolId: POOL_ID, clientId: [CLIENT_ID, "other"], tokenUse: "id" }],
    });
    const res = await get(app, await issuer.sign(cognitoClaims("id", CLIENT_ID)));
    expect(await res.json()).toMatchObject({
      username: "alice",
      tokenUse: "id",
      clientId: CLIENT_ID,
      scopes: [],
      claims: { email: "alice@example.com" },
    });
  });

  it("serves a Cognito pool and an OIDC issuer side by side, each by its own rules", async () => {
    const pool = await TestIssuer.create(COGNITO_ISSUER);
    const idp = await TestIssuer.create("https://idp.example.com", ["ES256"]);
    const fetch = (input: RequestInfo | URL, init?: RequestInit) =>
      String(input instanceof Request ? input.url : input).startsWith(idp.issuer)
        ? idp.fetch(input, init)
        : pool.fetch(input, init);
    const app = new Hono();
    app.use(
      "/api/*",
      authorizer({
        issuers: [
          { type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access" },
          {
            type: "oidc",
            issuer: idp.issuer,
            audience: ["my-api"],
            jwksUri: idp.jwksUri,
            typ: "at+jwt",
            groupsClaim: "roles",
          },
        ],
        fetch,
        now: pool.now,
      }),
    );
    app.get("/api/me", (c) => c.json(c.var.principal));
    expect((await get(app, await pool.sign(cognitoClaims("access", CLIENT_ID)))).status).toBe(200);
    const at = await idp.sign(
      {
        sub: "u-9",
        aud: ["my-api", "other"],
        client_id: "spa",
        roles: ["reader"],
        scope: "read",
        preferred_username: "bob",
      },
      { header: { typ: "at+jwt" } },
    );
    const res = await get(app, at);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      sub: "u-9",
      username: "bob",
      groups: ["reader"],
      scopes: ["read"],
      tokenUse: "access",
      clientId: "spa",
      issuer: idp.issuer,
    });
    expect(idp.fetches).toEqual([idp.jwksUri]);

    // RFC 9068 profile: an ID token (typ JWT) cannot pass as an access token; "application/at+jwt" can.
    const idToken = await idp.sign({ sub: "u-9", aud: "my-api" }, { header: { typ: "JWT" } });
    const refused = await get(app, idToken);
    expect(refused.status).toBe(401);
    expect(challenge(refused).error_description).toMatch(/typ/);
    expect(
      (
        await get(
          app,
          await idp.sign({ sub: "u-9", aud: "my-api" }, { header: { typ: "application/at+jwt" } }),
        )
      ).status,
    ).toBe(200);
    // Wrong audience.
    expect(
      (await get(app, await idp.sign({ sub: "u-9", aud: "not-mine" }, { header: { typ: "at+jwt" } }))).status,
    ).toBe(401);
    // The Cognito pool's token-kind rule does not leak into the OIDC issuer, nor the reverse.
    expect((await get(app, await pool.sign(cognitoClaims("id", CLIENT_ID)))).status).toBe(401);
  });

  it("verifies RS256, PS256, ES256 and EdDSA tokens from an OIDC issuer's JWKS", async () => {
    const idp = await TestIssuer.create("https://idp.example.com", ["RS256", "PS256", "ES256", "EdDSA"]);
    const app = protectedApp(idp, {
      issuers: [{ type: "oidc", issuer: idp.issuer, audience: "my-api", jwksUri: idp.jwksUri }],
    });
    for (const { kid, alg } of idp.keys) {
      const res = await get(app, await idp.sign({ sub: `user-${alg}`, aud: "my-api" }, { kid }));
      expect(res.status, alg).toBe(200);
      expect(((await res.json()) as { sub: string }).sub).toBe(`user-${alg}`);
    }
    expect(idp.fetches).toEqual([idp.jwksUri]);
    // An allow-list narrower than the keys: the others are refused, before any key is fetched.
    const rsOnly = protectedApp(idp, {
      issuers: [
        { type: "oidc", issuer: idp.issuer, audience: "my-api", jwksUri: idp.jwksUri, algorithms: ["RS256"] },
      ],
    });
    const refused = await get(rsOnly, await idp.sign({ sub: "u", aud: "my-api" }, { kid: "key-3" }));
    expect(challenge(refused).error_description).toMatch(/ES256.*not allowed/);
    expect(idp.fetches).toEqual([idp.jwksUri]);
  });

  it("tells apart keys of different types that share a kid (RFC 7517 §4.5)", async () => {
    const idp = await TestIssuer.create("https://idp.example.com", ["RS256", "ES256"]);
    const ec = idp.key("key-2");
    ec.kid = "key-1";
    ec.jwk.kid = "key-1";
    const app = protectedApp(idp, {
      issuers: [{ type: "oidc", issuer: idp.issuer, audience: "my-api", jwksUri: idp.jwksUri }],
    });
    expect(idp.jwks().keys.map((k) => [k.kid, k.kty])).toEqual([
      ["key-1", "RSA"],
      ["key-1", "EC"],
    ]);
    const rs = await idp.sign({ sub: "u", aud: "my-api" }, { kid: "key-1" });
    expect((await get(app, rs)).status).toBe(200);
    const es = await new (await import("jose")).SignJWT({
      iss: idp.issuer,
      sub: "u",
      aud: "my-api",
      exp: idp.clock + 60,
    })
      .setProtectedHeader({ alg: "ES256", kid: "key-1" })
      .sign(ec.privateKey);
    expect((await get(app, es)).status).toBe(200);
  });

  it("refuses other token kinds by default on an OIDC issuer (typ dpop+jwt, logout+jwt)", async () => {
    const idp = await TestIssuer.create("https://idp.example.com");
    const app = protectedApp(idp, {
      issuers: [{ type: "oidc", issuer: idp.issuer, audience: "my-api", jwksUri: idp.jwksUri }],
    });
    expect((await get(app, await idp.sign({ sub: "u", aud: "my-api" }))).status).toBe(200);
    for (const typ of ["dpop+jwt", "logout+jwt", "secevent+jwt"]) {
      expect(
        (await get(app, await idp.sign({ sub: "u", aud: "my-api" }, { header: { typ } }))).status,
        typ,
      ).toBe(401);
    }
    const noSub = await get(app, await idp.sign({ aud: "my-api" }));
    expect(challenge(noSub).error_description).toMatch(/sub/);
  });
});

describe("clock and cache", () => {
  it("allows the configured leeway on exp and nbf, and no more", async () => {
    const { issuer, access } = await setup();
    const app = protectedApp(issuer, { leeway: 10 });
    expect((await get(app, await access({ exp: issuer.clock - 9 }))).status).toBe(200);
    expect((await get(app, await access({ exp: issuer.clock - 10 }))).status).toBe(401);
    expect((await get(app, await access({ nbf: issuer.clock + 10 }))).status).toBe(200);
    expect((await get(app, await access({ nbf: issuer.clock + 11 }))).status).toBe(401);
  });

  it("never serves a cached verification past the token's exp", async () => {
    const { issuer, access } = await setup();
    for (const cache of [undefined, false as const]) {
      const app = protectedApp(issuer, cache === undefined ? {} : { cache });
      const t = await access({ exp: issuer.clock + 60 });
      expect((await get(app, t)).status).toBe(200);
      expect((await get(app, t)).status).toBe(200);
      issuer.clock += 60;
      const res = await get(app, t);
      expect(res.status).toBe(401);
      expect(challenge(res).error_description).toMatch(/expired/);
    }
  });
});

describe("options are validated when the factory is called", () => {
  const base = { type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access" };
  const cases: Array<[string, unknown, RegExp]> = [
    ["no issuers", {}, /^issuers: must be a non-empty array/],
    [
      "bad pool id",
      { issuers: [{ ...base, userPoolId: "pool" }] },
      /^issuers\[0\]\.userPoolId: must be a user pool id/,
    ],
    [
      "unknown type",
      { issuers: [{ ...base, type: "saml" }] },
      /^issuers\[0\]\.type: must be "cognito" or "oidc"/,
    ],
    [
      "missing clientId",
      { issuers: [{ ...base, clientId: undefined }] },
      /^issuers\[0\]\.clientId: is required/,
    ],
    [
      "bad tokenUse",
      { issuers: [{ ...base, tokenUse: "refresh" }] },
      /^issuers\[0\]\.tokenUse: must be "id", "access" or null/,
    ],
    [
      "HMAC algorithm",
      { issuers: [{ ...base, algorithms: ["RS256", "HS256"] }] },
      /^issuers\[0\]\.algorithms\[1\]: must be one of .*asymmetric only/,
    ],
    ["alg none", { issuers: [{ ...base, algorithms: ["none"] }] }, /^issuers\[0\]\.algorithms\[0\]/],
    [
      "plain-http JWKS",
      { issuers: [{ ...base, jwksUri: "http://keys.example.com/jwks.json" }] },
      /^issuers\[0\]\.jwksUri: must be an https URL/,
    ],
    [
      "cognito issuer without a scheme: the value given, not the derived JWKS URL",
      { issuers: [{ ...base, issuer: "localhost:8787/us-east-1_TestPool1" }] },
      /^issuers\[0\]\.issuer: must be an https URL \(http only on loopback\), got "localhost:8787\/us-east-1_TestPool1"$/,
    ],
    [
      "OIDC without audience",
      { issuers: [{ type: "oidc", issuer: "https://idp.example.com" }] },
      /^issuers\[0\]\.audience: is required/,
    ],
    [
      "OIDC issuer not a URL",
      { issuers: [{ type: "oidc", issuer: "idp", audience: null }] },
      /^issuers\[0\]\.issuer: must be an https URL/,
    ],
    ["misspelt option", { issuers: [base], scope: ["a"] }, /^scope: unknown field/],
    ["duplicate issuer", { issuers: [base, base] }, /^issuers\[1\]: issuer .* is listed twice/],
    ["negative leeway", { issuers: [base], leeway: -1 }, /^leeway: must be a number from 0/],
    ["bad cache", { issuers: [base], cache: { max: 0 } }, /^cache\.max: must be a number from 1/],
    ["bad jwks tuning", { issuers: [base], jwks: { ttl: 5 } }, /^jwks\.ttl: unknown field/],
    ["empty scopes", { issuers: [base], scopes: [] }, /^scopes: must be a string or a non-empty array/],
  ];
  for (const [name, options, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        authorizer(options as AuthorizerOptions);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OptionsError);
      expect((error as Error).message).toMatch(message);
    });
  }
});
