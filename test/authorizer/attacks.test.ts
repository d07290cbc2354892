import { beforeEach, describe, expect, it } from "vitest";
import { b64url, cognitoClaims, part, signRaw, TestIssuer, weakRsaKey } from "../helpers/issuer.js";
import { challenge, CLIENT_ID, COGNITO_ISSUER, get, protectedApp } from "../helpers/app.js";

// RFC 8725's threats, as tokens an attacker would send. Every one must be refused with 401
// invalid_token, and none may make the authorizer fetch anything it was not configured to.

let issuer: TestIssuer;
beforeEach(async () => {
  issuer = await TestIssuer.create(COGNITO_ISSUER);
});

async function expectRefused(token: string, description: RegExp) {
  const res = await get(protectedApp(issuer), token);
  expect(res.status).toBe(401);
  const params = challenge(res);
  expect(params.error).toBe("invalid_token");
  expect(params.error_description).toMatch(description);
  expect(await res.json()).toEqual({ message: "Unauthorized" });
  return res;
}

const access = () => cognitoClaims("access", CLIENT_ID);

async function hmac(secret: Uint8Array, data: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    secret as BufferSource,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data))));
}

describe("attack suite (RFC 8725)", () => {
  it("accepts the genuine token the attacks are made from", async () => {
    const res = await get(protectedApp(issuer), await issuer.sign(access()));
    expect(res.status).toBe(200);
  });

  it('refuses alg "none", signed or unsigned', async () => {
    const genuine = await issuer.sign(access());
    const header = b64url(JSON.stringify({ alg: "none", kid: "key-1" }));
    const body = genuine.split(".")[1];
    await expectRefused(`${header}.${body}.`, /malformed/);
    await expectRefused(`${header}.${body}.${genuine.split(".")[2]}`, /alg.*none.*not allowed/);
  });

  it("refuses HS256 signed with the RSA public key as the HMAC secret (key confusion)", async () => {
    const jwk = issuer.key("key-1").jwk;
    const header = b64url(JSON.stringify({ alg: "HS256", kid: "key-1", typ: "JWT" }));
    const body = b64url(JSON.stringify({ iss: COGNITO_ISSUER, exp: issuer.clock + 600, ...access() }));
    for (const secret of [JSON.stringify(jwk), jwk.n!]) {
      const sig = await hmac(new TextEncoder().encode(secret), `${header}.${body}`);
      await expectRefused(`${header}.${body}.${sig}`, /HS256.*not allowed/);
    }
  });

  it("refuses a tampered payload", async () => {
    const [h, , s] = (await issuer.sign(access())).split(".");
    const forged = b64url(
      JSON.stringify({
        ...access(),
        iss: COGNITO_ISSUER,
        exp: issuer.clock + 600,
        "cognito:groups": ["root"],
      }),
    );
    await expectRefused(`${h}.${forged}.${s}`, /signature/);
  });

  it("refuses a tampered header (kid swapped to another published key)", async () => {
    await issuer.addKey("key-2");
    const [, p, s] = (await issuer.sign(access())).split(".");
    await expectRefused(`${b64url(JSON.stringify({ alg: "RS256", kid: "key-2" }))}.${p}.${s}`, /signature/);
  });

  it("refuses a stripped or truncated signature", async () => {
    const token = await issuer.sign(access());
    const [h, p, s] = token.split(".");
    await expectRefused(`${h}.${p}.`, /malformed/);
    await expectRefused(`${h}.${p}`, /malformed/);
    await expectRefused(`${h}.${p}.${s!.slice(0, 100)}`, /signature/);
  });

  it("refuses tokens with non-base64url characters or two encodings of one signature", async () => {
    const token = await issuer.sign(access());
    await expectRefused(`${token}=`, /malformed/);
    await expectRefused(token.replace(".", ".+"), /malformed/);
    // Outside RFC 6750's b64token syntax: the header itself is malformed.
    const res = await get(protectedApp(issuer), `${token.slice(0, -2)}%${token.slice(-1)}`);
    expect(res.status).toBe(400);
    expect(challenge(res).error).toBe("invalid_request");
  });

  it("refuses a signature spelt with non-zero unused bits: each token has exactly one spelling", async () => {
    const token = await issuer.sign(access());
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sig = token.split(".")[2]!;
    expect(sig.length % 4).toBe(2); // 256 bytes: the last character carries 4 unused bits
    const last = alphabet.indexOf(sig.at(-1)!);
    const respelt = `${token.slice(0, -1)}${alphabet[last | 1]}`;
    expect(respelt).not.toBe(token);
    expect((await get(protectedApp(issuer), token)).status).toBe(200);
    await expectRefused(respelt, /invalid base64url/);
  });

  it("refuses an expired token, and one not yet valid, and one issued in the future", async () => {
    await expectRefused(await issuer.sign({ ...access(), exp: issuer.clock - 1 }), /expired/);
    await expectRefused(await issuer.sign({ ...access(), exp: issuer.clock }), /expired/);
    await expectRefused(await issuer.sign({ ...access(), nbf: issuer.clock + 120 }), /not yet valid/);
    await expectRefused(await issuer.sign({ ...access(), iat: issuer.clock + 120 }), /future/);
  });

  it("refuses time claims that are not NumericDates, and a token without exp", async () => {
    await expectRefused(
      await issuer.sign({ ...access(), exp: String(issuer.clock + 600) as unknown as number }),
      /exp.*NumericDate/,
    );
    const { SignJWT } = await import("jose");
    const noExp = await new SignJWT({ ...access(), iss: COGNITO_ISSUER, iat: issuer.clock })
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .sign(issuer.key("key-1").privateKey);
    await expectRefused(noExp, /exp.*missing/);
  });

  it("refuses a token from an issuer it does not trust, without fetching anything", async () => {
    const evil = await TestIssuer.create("https://evil.example.com/us-east-1_TestPool1");
    const token = await evil.sign(access());
    const res = await get(protectedApp(issuer), token);
    expect(res.status).toBe(401);
    expect(challenge(res).error_description).toMatch(/issuer is not trusted/);
    expect(issuer.fetches).toEqual([]);
    expect(evil.fetches).toEqual([]);
  });

  it("says which issuer an untrusted token carried (the iss is not a secret)", async () => {
    const evil = await TestIssuer.create("https://evil.example.com/us-east-1_TestPool1");
    const res = await get(protectedApp(issuer), await evil.sign(access()));
    expect(challenge(res).error_description).toBe(
      "token issuer is not trusted: https://evil.example.com/us-east-1_TestPool1",
    );
    // A quote in the claim cannot break out of the challenge's quoted string.
    const quoted = await issuer.sign({ ...access(), iss: 'https://x.example.com/"a\\b' });
    const header = (await get(protectedApp(issuer), quoted)).headers.get("www-authenticate") ?? "";
    expect(header).toContain(`error_description="token issuer is not trusted: https://x.example.com/'a?b"`);
    await expectRefused(
      await issuer.sign({ ...access(), iss: undefined }),
      /^token issuer is not trusted: the token has no iss claim$/,
    );
    await expectRefused(
      await issuer.sign({ ...access(), iss: 7 as unknown as string }),
      /^token issuer is not trusted: the token's iss claim is not a string$/,
    );
    await expectRefused(
      await issuer.sign({ ...access(), iss: `https://${"a".repeat(300)}.example.com` }),
      /^token issuer is not trusted: https:\/\/a{92}\.\.\.$/,
    );
  });

  it("refuses an iss that only resembles the trusted one (exact match)", async () => {
    for (const iss of [
      `${COGNITO_ISSUER}/`,
      COGNITO_ISSUER.toUpperCase(),
      `${COGNITO_ISSUER}x`,
      ` ${COGNITO_ISSUER}`,
    ]) {
      await expectRefused(await issuer.sign({ ...access(), iss }), /issuer is not trusted/);
    }
    expect(issuer.fetches).toEqual([]);
  });

  it("refuses a wrong client_id on an access token and a wrong aud on an ID token", async () => {
    await expectRefused(await issuer.sign({ ...access(), client_id: "someoneelse" }), /client_id/);
    const app = protectedApp(issuer, {
      issuers: [{ type: "cognito", userPoolId: "us-east-1_TestPool1", clientId: CLIENT_ID, tokenUse: "id" }],
    });
    const res = await get(app, await issuer.sign(cognitoClaims("id", "someoneelse")));
    expect(res.status).toBe(401);
    expect(challenge(res).error_description).toMatch(/aud/);
  });

  it("refuses an ID token where an access token is required, and the reverse", async () => {
    await expectRefused(
      await issuer.sign(cognitoClaims("id", CLIENT_ID)),
      /id token where an access token is required/,
    );
    const app = protectedApp(issuer, {
      issuers: [{ type: "cognito", userPoolId: "us-east-1_TestPool1", clientId: CLIENT_ID, tokenUse: "id" }],
    });
    const res = await get(app, await issuer.sign(access()));
    expect(res.status).toBe(401);
    expect(challenge(res).error_description).toMatch(/access token where an id token is required/);
    expect((await get(app, await issuer.sign(cognitoClaims("id", CLIENT_ID)))).status).toBe(200);
  });

  it("refuses an unknown kid, and a token with no kid", async () => {
    const stranger = await TestIssuer.create(COGNITO_ISSUER);
    await expectRefused(await stranger.sign(access(), { kid: "key-1" }), /signature/);
    await stranger.addKey("not-published", "RS256", { publish: false });
    await expectRefused(await stranger.sign(access(), { kid: "not-published" }), /no key with kid/);
    const [, p, s] = (await issuer.sign(access())).split(".");
    await expectRefused(`${b64url(JSON.stringify({ alg: "RS256" }))}.${p}.${s}`, /no usable 'kid'/);
  });

  it("ignores jku, x5u and an embedded jwk: keys come only from the configured JWKS", async () => {
    const attacker = await TestIssuer.create(COGNITO_ISSUER);
    const headers = [
      { jku: "https://attacker.example/jwks.json" },
      { x5u: "https://attacker.example/cert.pem" },
      { jwk: attacker.key("key-1").jwk },
    ];
    for (const header of headers) {
      await expectRefused(await attacker.sign(access(), { header }), /signature/);
    }
    expect(issuer.fetches.every((url) => url === issuer.jwksUri)).toBe(true);
    expect(attacker.fetches).toEqual([]);
    // The genuine issuer's token with a jku is still judged by the configured key alone.
    const res = await get(
      protectedApp(issuer),
      await issuer.sign(access(), { header: { jku: "https://attacker.example/jwks.json" } }),
    );
    expect(res.status).toBe(200);
  });

  it("refuses a crit header it does not understand", async () => {
    const claims = { ...access(), iss: COGNITO_ISSUER, exp: issuer.clock + 600 };
    const token = await signRaw(
      await issuer.privateJwk("key-1"),
      "RS256",
      { kid: "key-1", crit: ["urn:example:policy"], "urn:example:policy": 1 },
      claims,
    );
    await expectRefused(token, /crit/);
  });

  it("refuses an algorithm outside the issuer's allow-list, and a key used with another algorithm", async () => {
    const es = await TestIssuer.create(COGNITO_ISSUER, ["ES256"]);
    issuer.keys.push(es.key("key-1"));
    issuer.published.add("key-1");
    await expectRefused(await es.sign(access()), /ES256.*not allowed/);
    // An RS256 key signing PS256: same kty, but the JWK says alg RS256.
    const ps = await signRaw(
      await issuer.privateJwk("key-1"),
      "PS256",
      { kid: "key-1" },
      { ...access(), iss: COGNITO_ISSUER, exp: issuer.clock + 600 },
    );
    const app = protectedApp(issuer, {
      issuers: [
        {
          type: "cognito",
          userPoolId: "us-east-1_TestPool1",
          clientId: CLIENT_ID,
          tokenUse: "access",
          algorithms: ["RS256", "PS256"],
        },
      ],
    });
    const res = await get(app, ps);
    expect(res.status).toBe(401);
    expect(challenge(res).error_description).toMatch(/not for PS256/);
  });

  it("refuses an oversized token before decoding it", async () => {
    const big = await issuer.sign({ ...access(), padding: "x".repeat(9000) });
    await expectRefused(big, /longer than 8192/);
    expect(issuer.fetches).toEqual([]);
  });

  it("refuses a payload that is not a JSON object, or not UTF-8", async () => {
    const [h, , s] = (await issuer.sign(access())).split(".");
    await expectRefused(`${h}.${b64url("[1,2]")}.${s}`, /not a JSON object/);
    await expectRefused(`${h}.${b64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.${s}`, /not UTF-8 JSON/);
  });

  it("refuses a token signed by an RSA key under 2048 bits, even when the JWKS publishes it", async () => {
    const weak = await weakRsaKey("weak");
    issuer.publish(weak.publicJwk as typeof weak.publicJwk & { kid: string });
    const token = await signRaw(
      weak.privateJwk,
      "RS256",
      { kid: "weak" },
      { ...access(), iss: COGNITO_ISSUER, exp: issuer.clock + 600 },
    );
    expect(part(token, 0)).toMatchObject({ alg: "RS256", kid: "weak" });
    await expectRefused(token, /cannot verify RS256/);
  });
});
