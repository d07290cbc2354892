import { afterAll, describe, expect, it } from "vitest";
import { startAmazon } from "./stand-ins/amazon.js";
import { startFacebook } from "./stand-ins/facebook.js";
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
