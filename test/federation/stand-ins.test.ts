import { createRemoteJWKSet, exportPKCS8, generateKeyPair, jwtVerify, SignJWT } from "jose";
import * as client from "openid-client";
import { afterAll, describe, expect, it } from "vitest";
import { startApple } from "./stand-ins/apple.js";
import { startAmazon } from "./stand-ins/amazon.js";
import { startFacebook } from "./stand-ins/facebook.js";
import { startGoogle } from "./stand-ins/google.js";
import { startOidc } from "./stand-ins/oidc.js";
import { Codes } from "./stand-ins/shared.js";
import { walk } from "./stand-ins/walk.js";

const callback = "https://cognate.test/oauth2/idpresponse";
const cleanups: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(cleanups.map((f) => f())));

describe("Facebook stand-in", async () => {
  const fb = await startFacebook({ clientId: "fb-app", clientSecret: "fb-secret", redirectUris: [callback] });
  cleanups.push(fb.close);
  const dialog = (state = "s1") =>
    `${fb.url}/v21.0/dialog/oauth?${new URLSearchParams({ client_id: "fb-app", redirect_uri: callback, state, scope: "public_profile,email" })}`;
  const exchange = (code: string, over: Record<string, string> = {}) =>
    fetch(
      `${fb.url}/v21.0/oauth/access_token?${new URLSearchParams({ client_id: "fb-app", redirect_uri: callback, client_secret: "fb-secret", code, ...over })}`,
    );

  it("signs in with a GET token exchange and answers only the fields asked for", async () => {
    fb.nextUser({ id: "42", email: "ann@example.test", name: "Ann", first_name: "Ann", locale: "en_GB" });
    const { url } = await walk(dialog(), callback);
    expect(url.searchParams.get("state")).toBe("s1");
    const res = await exchange(url.searchParams.get("code")!);
    expect(res.status).toBe(200);
    const { access_token, token_type } = (await res.json()) as { access_token: string; token_type: string };
    expect(token_type).toBe("bearer");
    const me = await fetch(`${fb.url}/v21.0/me?fields=id,email,first_name&access_token=${access_token}`);
    expect(await me.json()).toEqual({ id: "42", email: "ann@example.test", first_name: "Ann" });
  });

  it("refuses a wrong secret, a wrong redirect_uri and a replayed code in Graph's error format", async () => {
    const code = (await walk(dialog(), callback)).url.searchParams.get("code")!;
    const bad = await exchange(code, { client_secret: "nope" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe("OAuthException");
    expect((await exchange(code, { redirect_uri: `${callback}x` })).status).toBe(400);
    expect((await exchange(code)).status).toBe(400); // consumed by the failed attempt, as a replay
    const again = (await walk(dialog(), callback)).url.searchParams.get("code")!;
    expect((await exchange(again)).status).toBe(200);
    expect((await exchange(again)).status).toBe(400);
  });

  it("sends a cancelled dialog back with Facebook's user_denied error", async () => {
    fb.cancelNext();
    const { url } = await walk(dialog("s2"), callback);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      error: "access_denied",
      error_code: "200",
      error_description: "Permissions error",
      error_reason: "user_denied",
      state: "s2",
    });
  });

  it("refuses an unregistered redirect_uri at the dialog", async () => {
    const res = await fetch(
      dialog().replace(encodeURIComponent(callback), encodeURIComponent("https://evil.test/cb")),
    );
    expect(res.status).toBe(400);
  });
});

describe("Login with Amazon stand-in", async () => {
  const lwa = await startAmazon({
    clientId: "amzn-client",
    clientSecret: "amzn-secret",
    redirectUris: [callback],
  });
  cleanups.push(lwa.close);
  const authorize = () =>
    `${lwa.url}/ap/oa?${new URLSearchParams({ client_id: "amzn-client", redirect_uri: callback, response_type: "code", scope: "profile postal_code", state: "st" })}`;
  const token = (code: string, over: Record<string, string> = {}) =>
    fetch(`${lwa.url}/auth/o2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: callback,
        client_id: "amzn-client",
        client_secret: "amzn-secret",
        ...over,
      }),
    });

  it("exchanges a code and serves /user/profile to the Bearer token", async () => {
    lwa.nextUser({
      user_id: "amzn1.account.AAA",
      name: "Bo",
      email: "bo@example.test",
      postal_code: "10115",
    });
    const { url } = await walk(authorize(), callback);
    expect(url.searchParams.get("state")).toBe("st");
    const res = await token(url.searchParams.get("code")!);
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const profile = await fetch(`${lwa.url}/user/profile`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await profile.json()).toEqual({
      user_id: "amzn1.account.AAA",
      name: "Bo",
      email: "bo@example.test",
      postal_code: "10115",
    });
    expect((await fetch(`${lwa.url}/user/profile`, { headers: { authorization: "Bearer x" } })).status).toBe(
      401,
    );
  });

  it("refuses a wrong secret, a wrong redirect_uri and a replayed code with OAuth errors", async () => {
    const code = (await walk(authorize(), callback)).url.searchParams.get("code")!;
    const bad = await token(code, { client_secret: "nope" });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([401, "invalid_client"]);
    const wrong = await token(code, { redirect_uri: "https://cognate.test/other" });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([400, "invalid_grant"]);
    const code2 = (await walk(authorize(), callback)).url.searchParams.get("code")!;
    expect((await token(code2)).status).toBe(200);
    expect((await token(code2)).status).toBe(400);
  });
});

describe("Sign in with Apple stand-in", async () => {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const p8 = await exportPKCS8(privateKey);
  const ids = { clientId: "com.example.cognate", teamId: "TEAM123456", keyId: "KEY1234567" };
  const apple = await startApple({ ...ids, p8, redirectUris: [callback] });
  cleanups.push(apple.close);
  const secret = (
    o: { kid?: string; iss?: string; aud?: string; sub?: string; life?: number; key?: CryptoKey } = {},
  ) => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: o.kid ?? ids.keyId })
      .setIssuer(o.iss ?? ids.teamId)
      .setSubject(o.sub ?? ids.clientId)
      .setAudience(o.aud ?? "https://appleid.apple.com")
      .setIssuedAt(iat - 120)
      .setExpirationTime(iat - 120 + (o.life ?? 300))
      .sign(o.key ?? privateKey);
  };
  const authorize = (nonce = "n-1") =>
    `${apple.url}/auth/authorize?${new URLSearchParams({ client_id: ids.clientId, redirect_uri: callback, response_type: "code id_token", response_mode: "form_post", scope: "name email", state: "as", nonce })}`;
  const token = async (code: string, clientSecret?: string, over: Record<string, string> = {}) =>
    fetch(`${apple.url}/auth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: callback,
        client_id: ids.clientId,
        client_secret: clientSecret ?? (await secret()),
        ...over,
      }),
    });
  const jwks = createRemoteJWKSet(new URL(`${apple.url}/auth/keys`));

  it("form_posts code, state, id_token and the user JSON on the first authorization only", async () => {
    apple.nextUser({
      sub: "001.abc",
      email: "x@privaterelay.appleid.com",
      isPrivateEmail: true,
      firstName: "Cy",
      lastName: "Dee",
    });
    const first = await walk(authorize(), callback);
    expect(first.form).toMatchObject({ state: "as" });
    expect(JSON.parse(first.form!.user!)).toEqual({
      name: { firstName: "Cy", lastName: "Dee" },
      email: "x@privaterelay.appleid.com",
    });
    const { payload } = await jwtVerify(first.form!.id_token!, jwks, {
      issuer: "https://appleid.apple.com",
      audience: ids.clientId,
    });
    expect(payload).toMatchObject({
      sub: "001.abc",
      email_verified: "true",
      is_private_email: "true",
      nonce: "n-1",
    });
    const res = await token(first.form!.code!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id_token: string; token_type: string };
    expect((await jwtVerify(body.id_token, jwks, { audience: ids.clientId })).payload.nonce).toBe("n-1");

    apple.nextUser({ sub: "001.abc", email: "x@privaterelay.appleid.com" });
    const second = await walk(authorize(), callback);
    expect(second.form!.user).toBeUndefined();
    expect(second.form!.code).toBeTruthy();

    // response_type=code alone: no id_token in the form (Apple's behaviour); the token response has one.
    apple.nextUser({ sub: "001.abc", email: "x@privaterelay.appleid.com" });
    const codeOnly = await walk(authorize().replace("code+id_token", "code"), callback);
    expect(Object.keys(codeOnly.form!).sort()).toEqual(["code", "state"]);
  });

  it("refuses a client secret with a wrong kid, iss, sub, aud, key, or an expired or over-long one", async () => {
    const other = (await generateKeyPair("ES256")).privateKey;
    for (const bad of [
      await secret({ kid: "WRONGKID00" }),
      await secret({ iss: "OTHERTEAM0" }),
      await secret({ sub: "com.example.other" }),
      await secret({ aud: "https://appleid.apple.com/" }),
      await secret({ key: other }),
      await secret({ life: 60 }), // expired a minute ago
      await secret({ life: 15_777_001 }),
    ]) {
      const code = (await walk(authorize(), callback)).form!.code!;
      const res = await token(code, bad);
      expect([res.status, await res.json()]).toEqual([400, { error: "invalid_client" }]);
    }
  });

  it("refuses a replayed code and a wrong redirect_uri with invalid_grant", async () => {
    const code = (await walk(authorize(), callback)).form!.code!;
    expect((await token(code)).status).toBe(200);
    const replay = await token(code);
    expect([replay.status, ((await replay.json()) as { error: string }).error]).toEqual([
      400,
      "invalid_grant",
    ]);
    const code2 = (await walk(authorize(), callback)).form!.code!;
    const wrong = await token(code2, undefined, { redirect_uri: "https://cognate.test/other" });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([400, "invalid_grant"]);
  });

  it("refuses name and email scopes without form_post", async () => {
    const res = await fetch(authorize().replace("response_mode=form_post", "response_mode=query"));
    expect(res.status).toBe(400);
  });
});

/** openid-client as cognate's relying party will use it: discovery, PKCE, nonce, state. */
async function relyingParty(issuer: string, clientId: string, clientSecret: string) {
  const config = await client.discovery(
    new URL(issuer),
    clientId,
    clientSecret,
    client.ClientSecretPost(clientSecret),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
  });
  const finish = (landing: URL, checks: Partial<client.AuthorizationCodeGrantChecks> = {}) =>
    client.authorizationCodeGrant(config, landing, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
      ...checks,
    });
  return { config, url, finish };
}

describe("Google stand-in", async () => {
  const google = await startGoogle({
    clientId: "g-client",
    clientSecret: "g-secret",
    redirectUris: [callback],
  });
  cleanups.push(google.close);

  it("signs in through discovery, PKCE and nonce with openid-client; People API and userinfo answer", async () => {
    google.nextUser({
      sub: "1122",
      email: "gia@example.test",
      name: "Gia Ho",
      given_name: "Gia",
      family_name: "Ho",
      picture: "https://p.test/g.png",
    });
    const rp = await relyingParty(google.url, "g-client", "g-secret");
    expect(rp.url.pathname).toBe("/o/oauth2/v2/auth");
    const { url } = await walk(rp.url, callback);
    const tokens = await rp.finish(url);
    expect(tokens.claims()).toMatchObject({
      iss: google.url,
      aud: "g-client",
      azp: "g-client",
      sub: "1122",
      email: "gia@example.test",
      email_verified: true,
      name: "Gia Ho",
      picture: "https://p.test/g.png",
    });
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const people = (await (
      await fetch(`${google.url}/v1/people/me?personFields=names,emailAddresses`, { headers: auth })
    ).json()) as {
      names: Array<{ givenName: string }>;
      emailAddresses: Array<{ value: string }>;
      photos?: unknown;
    };
    expect([people.names[0]!.givenName, people.emailAddresses[0]!.value, people.photos]).toEqual([
      "Gia",
      "gia@example.test",
      undefined,
    ]);
    expect(await client.fetchUserInfo(rp.config, tokens.access_token, "1122")).toMatchObject({
      email: "gia@example.test",
    });
    expect((await fetch(`${google.url}/v1/people/me`, { headers: auth })).status).toBe(400);
    expect(
      (await fetch(`${google.url}/v1/userinfo`, { headers: { authorization: "Bearer nope" } })).status,
    ).toBe(401);
  });

  it("refuses a wrong PKCE verifier, a wrong nonce, a replayed code, a wrong secret and redirect_uri", async () => {
    const rp = await relyingParty(google.url, "g-client", "g-secret");
    const landing = (await walk(rp.url, callback)).url;
    await expect(
      rp.finish(landing, { pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(rp.finish(landing)).rejects.toMatchObject({ error: "invalid_grant" }); // the code died with the failed try

    const rp2 = await relyingParty(google.url, "g-client", "g-secret");
    await expect(
      rp2.finish((await walk(rp2.url, callback)).url, { expectedNonce: "other" }),
    ).rejects.toMatchObject({ cause: { cause: { claim: "nonce" } } });

    const rp3 = await relyingParty(google.url, "g-client", "wrong");
    await expect(rp3.finish((await walk(rp3.url, callback)).url)).rejects.toMatchObject({
      error: "invalid_client",
      status: 401,
    });

    const code = (
      await walk((await relyingParty(google.url, "g-client", "g-secret")).url, callback)
    ).url.searchParams.get("code")!;
    const res = await fetch(`${google.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        client_id: "g-client",
        client_secret: "g-secret",
        redirect_uri: `${callback}/x`,
      }),
    });
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: "redirect_uri_mismatch", error_description: "Bad Request" },
    ]);
    expect(
      (await fetch(rp.url.href.replace(encodeURIComponent(callback), "https%3A%2F%2Fevil.test%2Fcb"))).status,
    ).toBe(400);
  });
});

describe("OIDC stand-in (oidc-provider)", async () => {
  const op = await startOidc({ clientId: "cognate", clientSecret: "op-secret", redirectUris: [callback] });
  const conform = await startOidc({
    clientId: "cognate",
    clientSecret: "op-secret",
    redirectUris: [callback],
    conformIdTokenClaims: true,
  });
  cleanups.push(op.close, conform.close);

  it("signs in the queued subject through discovery, PKCE and nonce; claims in the ID token", async () => {
    op.nextSubject("bob", { email: "bob@corp.test", given_name: "Bob" });
    const rp = await relyingParty(op.url, "cognate", "op-secret");
    expect(rp.config.serverMetadata().token_endpoint_auth_methods_supported).toContain("client_secret_post");
    const tokens = await rp.finish((await walk(rp.url, callback)).url);
    expect(tokens.claims()).toMatchObject({
      iss: op.url,
      aud: "cognate",
      sub: "bob",
      email: "bob@corp.test",
      given_name: "Bob",
    });
    expect(await client.fetchUserInfo(rp.config, tokens.access_token, "bob")).toMatchObject({
      email: "bob@corp.test",
    });
  });

  it("keeps scope claims out of the ID token with conformIdTokenClaims, userinfo has them", async () => {
    conform.nextSubject("carol");
    const rp = await relyingParty(conform.url, "cognate", "op-secret");
    const tokens = await rp.finish((await walk(rp.url, callback)).url);
    expect(tokens.claims()!.sub).toBe("carol");
    expect(tokens.claims()!.email).toBeUndefined();
    expect(await client.fetchUserInfo(rp.config, tokens.access_token, "carol")).toMatchObject({
      email: "carol@idp.test",
    });
  });

  it("refuses a wrong verifier, a replayed code, a wrong secret, a wrong nonce and redirect_uri", async () => {
    const rp = await relyingParty(op.url, "cognate", "op-secret");
    const landing = (await walk(rp.url, callback)).url;
    await expect(
      rp.finish(landing, { pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
    // oidc-provider checks PKCE before it consumes the code: the right verifier still works, once.
    expect((await rp.finish(landing)).access_token).toBeTruthy();
    await expect(rp.finish(landing)).rejects.toMatchObject({ error: "invalid_grant" });

    const rp3 = await relyingParty(op.url, "cognate", "wrong");
    await expect(rp3.finish((await walk(rp3.url, callback)).url)).rejects.toMatchObject({
      error: "invalid_client",
    });

    const rp4 = await relyingParty(op.url, "cognate", "op-secret");
    await expect(
      rp4.finish((await walk(rp4.url, callback)).url, { expectedNonce: "x" }),
    ).rejects.toMatchObject({
      cause: { cause: { claim: "nonce" } },
    });

    const code = (
      await walk((await relyingParty(op.url, "cognate", "op-secret")).url, callback)
    ).url.searchParams.get("code")!;
    const res = await fetch(`${op.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        client_id: "cognate",
        client_secret: "op-secret",
        redirect_uri: `${callback}/x`,
        code_verifier: "x".repeat(43),
      }),
    });
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, "invalid_grant"]);
    const evil = rp.url.href.replace(encodeURIComponent(callback), "https%3A%2F%2Fevil.test%2Fcb");
    const page = await fetch(evil, { redirect: "manual" });
    expect([page.status, ((await page.json()) as { error: string }).error]).toEqual([
      400,
      "invalid_redirect_uri",
    ]);
  });
});

describe("authorization codes of the hand-written stand-ins", () => {
  const grant = { clientId: "c", redirectUri: callback, sub: "s", scope: "openid" };

  it("are single use and expire", async () => {
    const codes = new Codes(20);
    const once = codes.issue(grant);
    expect(codes.consume(once)).toEqual(grant);
    expect(codes.consume(once)).toBeUndefined();
    const late = codes.issue(grant);
    await new Promise((r) => setTimeout(r, 40));
    expect(codes.consume(late)).toBeUndefined();
    expect(codes.consume(undefined)).toBeUndefined();
  });
});

describe("the consent pages of the browser suites, and Google's forgery switch", async () => {
  const google = await startGoogle({
    clientId: "gc-client",
    clientSecret: "gc-secret",
    redirectUris: [callback],
    consent: true,
  });
  const facebook = await startFacebook({
    clientId: "fc-app",
    clientSecret: "s",
    redirectUris: [callback],
    consent: true,
  });
  const amazon = await startAmazon({
    clientId: "ac-client",
    clientSecret: "s",
    redirectUris: [callback],
    consent: true,
  });
  cleanups.push(google.close, facebook.close, amazon.close);

  /** The page at `url`, and its form's decision posted; the answer's Location. */
  async function decide(url: string, decision: "allow" | "deny") {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
    const id = /name="consent_id" value="([^"]+)"/.exec(html)![1]!;
    const post = () =>
      fetch(action, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ consent_id: id, decision }),
      });
    const answer = await post();
    expect(answer.status).toBe(302);
    // A page posted twice (the back button to a cached page) is refused by the provider.
    expect((await post()).status).toBe(400);
    return new URL(answer.headers.get("location")!);
  }

  it("Google: Continue signs in, Cancel is access_denied, a bad redirect_uri gets no page", async () => {
    google.nextUser({ sub: "77", email: "c@example.test" });
    const rp = await relyingParty(google.url, "gc-client", "gc-secret");
    const back = await decide(rp.url.href, "allow");
    expect((await rp.finish(back)).claims()).toMatchObject({ sub: "77" });

    const cancelled = await decide(
      (await relyingParty(google.url, "gc-client", "gc-secret")).url.href,
      "deny",
    );
    expect([cancelled.searchParams.get("error"), cancelled.searchParams.get("code")]).toEqual([
      "access_denied",
      null,
    ]);
    const evil = rp.url.href.replace(encodeURIComponent(callback), "https%3A%2F%2Fevil.test%2Fcb");
    expect((await fetch(evil)).status).toBe(400);
  });

  it("Google: forgeNext signs one ID token with a key outside its JWKS (same kid), or with another nonce", async () => {
    const rp = await relyingParty(google.url, "gc-client", "gc-secret");
    google.forgeNext();
    const back = await decide(rp.url.href, "allow");
    // openid-client takes a code flow's ID token from the token endpoint without checking its
    // signature (OIDC Core 3.1.3.7 allows it over TLS); against the JWKS it fails.
    const { id_token } = await rp.finish(back);
    const jwks = createRemoteJWKSet(new URL(`${google.url}/oauth2/v3/certs`));
    await expect(jwtVerify(id_token!, jwks)).rejects.toMatchObject({
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
    // Only the next one: the one after verifies again.
    const rp2 = await relyingParty(google.url, "gc-client", "gc-secret");
    const next = await rp2.finish(await decide(rp2.url.href, "allow"));
    await expect(jwtVerify(next.id_token!, jwks)).resolves.toBeDefined();
    const rp3 = await relyingParty(google.url, "gc-client", "gc-secret");
    google.forgeNext("nonce");
    await expect(rp3.finish(await decide(rp3.url.href, "allow"))).rejects.toMatchObject({
      cause: { cause: { claim: "nonce" } },
    });
  });

  it("Facebook and Amazon: Cancel sends the provider's access_denied with the state", async () => {
    const query = (clientId: string) =>
      new URLSearchParams({
        client_id: clientId,
        redirect_uri: callback,
        response_type: "code",
        state: "st",
      });
    const fb = await decide(`${facebook.url}/v21.0/dialog/oauth?${query("fc-app")}`, "deny");
    expect(Object.fromEntries(fb.searchParams)).toMatchObject({
      error: "access_denied",
      error_reason: "user_denied",
      state: "st",
    });
    const fbOk = await decide(`${facebook.url}/v21.0/dialog/oauth?${query("fc-app")}`, "allow");
    expect(fbOk.searchParams.get("code")).toEqual(expect.any(String));
    const amzn = await decide(`${amazon.url}/ap/oa?${query("ac-client")}`, "deny");
    expect(Object.fromEntries(amzn.searchParams)).toMatchObject({ error: "access_denied", state: "st" });
    const amznOk = await decide(`${amazon.url}/ap/oa?${query("ac-client")}`, "allow");
    expect(amznOk.searchParams.get("code")).toEqual(expect.any(String));
  });
});
