// The browser session and the CSRF token in process: the cookie's names and flags for each place,
// the hour from the sign-in that use does not extend, the user states that end it, /logout's end,
// and the token bound to its cookie.
import { type Context, Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  browserSession,
  endBrowserSession,
  honours,
  noteSamlSignIn,
  SESSION_MS,
  startBrowserSession,
} from "./browser-session.js";
import { csrfToken, csrfValid } from "./csrf.js";
import { oauthFixture } from "./fixture.testing.js";
import type { Hosted } from "./hosted.js";

/** Runs `work` on a request carrying `cookie`. */
async function onRequest<T>(cookie: string, work: (c: Context) => Promise<T>): Promise<T> {
  let out: T | undefined;
  const app = new Hono();
  app.get("*", async (c) => {
    out = await work(c);
    return c.body(null, 204);
  });
  await app.request("http://127.0.0.1/", { headers: cookie === "" ? {} : { cookie } });
  return out as T;
}

const pair = (setCookie: string) => setCookie.split(";")[0]!;

async function fixtureAt(start: number) {
  const f = await oauthFixture();
  let now = start;
  const hosted: Hosted = { ...f.hosted, ctx: { ...f.hosted.ctx, now: () => now } };
  return { ...f, hosted, setNow: (t: number) => void (now = t) };
}

describe("browser sessions", () => {
  it("remembers the SAML sign-in its request noted (single logout names it), and nothing otherwise", async () => {
    const { hosted, user } = await oauthFixture();
    const who = { sub: user.sub, username: "alice", authTime: Date.now(), amr: ["pwd"] };
    const saml = { provider: "Okta", nameId: "alice@corp", sessionIndex: "_s1" };
    const noted = pair(
      await onRequest("", (c) => {
        noteSamlSignIn(c, saml);
        return startBrowserSession(c, hosted, who);
      }),
    );
    expect((await onRequest(noted, (c) => browserSession(c, hosted)))?.saml).toEqual(saml);
    const plain = pair(await onRequest("", (c) => startBrowserSession(c, hosted, who)));
    expect((await onRequest(plain, (c) => browserSession(c, hosted)))?.saml).toBeUndefined();
  });

  it("names the cookie for its place: __Host- over https (with the pool under the issuer), plain over http", async () => {
    const { hosted, user } = await oauthFixture();
    const who = { sub: user.sub, username: "alice", authTime: Date.now(), amr: ["pwd"] };
    const start = (h: Hosted) => onRequest("", (c) => startBrowserSession(c, h, who));
    expect(await start({ ...hosted, https: true, base: "" })).toMatch(
      /^__Host-cognito=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=3[56]\d\d; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(await start({ ...hosted, https: true })).toMatch(
      new RegExp(
        `^__Host-cognito-${hosted.pool.id}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=3[56]\\d\\d; HttpOnly; Secure; SameSite=Lax$`,
      ),
    );
    expect(await start(hosted)).toMatch(
      new RegExp(
        `^cognito=[A-Za-z0-9_-]{43}; Path=/${hosted.pool.id}; Max-Age=3[56]\\d\\d; HttpOnly; SameSite=Lax$`,
      ),
    );
    expect(await start({ ...hosted, base: "" })).toMatch(
      /^cognito=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=3[56]\d\d; HttpOnly; SameSite=Lax$/,
    );
  });

  it("lasts an hour from the sign-in, however often it is used, and ends at /logout", async () => {
    const t0 = 1_800_000_000_000;
    const { hosted, user, setNow } = await fixtureAt(t0);
    const cookie = pair(
      await onRequest("", (c) =>
        startBrowserSession(c, hosted, {
          sub: user.sub,
          username: "alice",
          authTime: t0,
          amr: ["pwd", "mfa", "otp"],
        }),
      ),
    );
    const read = () => onRequest(cookie, (c) => browserSession(c, hosted));
    expect(await read()).toMatchObject({
      sub: user.sub,
      username: "alice",
      authTime: t0,
      amr: ["pwd", "mfa", "otp"],
    });
    for (const t of [t0 + 1000, t0 + SESSION_MS / 2, t0 + SESSION_MS - 1]) {
      setNow(t);
      expect(await read()).not.toBeNull();
    }
    setNow(t0 + SESSION_MS);
    expect(await read()).toBeNull();
    // A second session, ended by /logout: the clearing cookie, and the session dead.
    setNow(t0);
    const second = pair(
      await onRequest("", (c) =>
        startBrowserSession(c, hosted, { sub: user.sub, username: "alice", authTime: t0, amr: ["pwd"] }),
      ),
    );
    const cleared = await onRequest(second, (c) => endBrowserSession(c, hosted));
    expect(cleared).toBe(
      `cognito=; Path=/${hosted.pool.id}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`,
    );
    expect(await onRequest(second, (c) => browserSession(c, hosted))).toBeNull();
    // Without a cookie, /logout still clears.
    expect(await onRequest("", (c) => endBrowserSession(c, hosted))).toMatch(/^cognito=; /);
  });

  it("is not honoured once the user is disabled, signed out everywhere, reset or given a new password since", async () => {
    const { user } = await oauthFixture();
    const at = 1_800_000_000_000;
    expect(honours(user, at)).toBe(true);
    expect(honours({ ...user, enabled: false }, at)).toBe(false);
    expect(honours({ ...user, signedOutAt: at - 1 }, at)).toBe(true);
    expect(honours({ ...user, signedOutAt: at }, at)).toBe(false);
    expect(honours({ ...user, signedOutAt: at + 1 }, at)).toBe(false);
    expect(honours({ ...user, status: "RESET_REQUIRED" }, at)).toBe(false);
    expect(honours({ ...user, passwordUpdatedAt: at }, at)).toBe(true);
    expect(honours({ ...user, passwordUpdatedAt: at + 1 }, at)).toBe(false);
  });

  it("counts a session cookie sent twice (one planted beside it) as none", async () => {
    const { hosted, user } = await oauthFixture();
    for (const place of [hosted, { ...hosted, https: true }, { ...hosted, https: true, base: "" }]) {
      const who = { sub: user.sub, username: "alice", authTime: Date.now(), amr: ["pwd"] };
      const cookie = pair(await onRequest("", (c) => startBrowserSession(c, place, who)));
      expect(await onRequest(cookie, (c) => browserSession(c, place))).not.toBeNull();
      const name = cookie.slice(0, cookie.indexOf("="));
      for (const twice of [`${name}=${"A".repeat(43)}; ${cookie}`, `${cookie}; ${cookie}`])
        expect(await onRequest(twice, (c) => browserSession(c, place))).toBeNull();
    }
  });

  it("does not honour a session of another pool", async () => {
    const a = await oauthFixture();
    const cookie = pair(
      await onRequest("", (c) =>
        startBrowserSession(c, a.hosted, {
          sub: a.user.sub,
          username: "alice",
          authTime: Date.now(),
          amr: ["pwd"],
        }),
      ),
    );
    const b = { ...a.hosted, pool: { ...a.hosted.pool, id: "us-east-1_Other0001" } };
    expect(await onRequest(cookie, (c) => browserSession(c, b))).toBeNull();
  });
});

describe("CSRF tokens", () => {
  it("binds the form's token to the browser's XSRF-TOKEN cookie, checked in constant time", async () => {
    const { hosted } = await oauthFixture();
    const fresh = await onRequest("", (c) => csrfToken(c, hosted));
    expect(fresh.setCookie).toMatch(
      new RegExp(`^XSRF-TOKEN=[A-Za-z0-9_-]{43}; Path=/${hosted.pool.id}; HttpOnly; SameSite=Lax$`),
    );
    const cookie = pair(fresh.setCookie!);
    const again = await onRequest(cookie, (c) => csrfToken(c, hosted));
    expect(again).toEqual({ token: fresh.token });
    expect(await onRequest(cookie, (c) => csrfValid(c, hosted, fresh.token))).toBe(true);
    expect(await onRequest(cookie, (c) => csrfValid(c, hosted, undefined))).toBe(false);
    expect(await onRequest(cookie, (c) => csrfValid(c, hosted, ""))).toBe(false);
    // The token with its last character changed (to another one: "A" where it was not "A").
    const altered = `${fresh.token.slice(0, -1)}${fresh.token.endsWith("A") ? "B" : "A"}`;
    expect(await onRequest(cookie, (c) => csrfValid(c, hosted, altered))).toBe(false);
    expect(await onRequest("", (c) => csrfValid(c, hosted, fresh.token))).toBe(false);
    const other = pair((await onRequest("", (c) => csrfToken(c, hosted))).setCookie!);
    expect(await onRequest(other, (c) => csrfValid(c, hosted, fresh.token))).toBe(false);
    // The token is an HMAC of the cookie, not the cookie itself.
    expect(cookie.endsWith(fresh.token)).toBe(false);
    const secure = await onRequest("", (c) => csrfToken(c, { ...hosted, https: true, base: "" }));
    expect(secure.setCookie).toMatch(
      /^__Host-XSRF-TOKEN=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const issuer = await onRequest("", (c) => csrfToken(c, { ...hosted, https: true }));
    expect(issuer.setCookie).toMatch(
      new RegExp(
        `^__Host-XSRF-TOKEN-${hosted.pool.id}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; Secure; SameSite=Lax$`,
      ),
    );
    // A token cookie sent twice (one planted by another path or host) binds nothing.
    expect(await onRequest(`${other}; ${cookie}`, (c) => csrfValid(c, hosted, fresh.token))).toBe(false);
    expect(await onRequest(`${cookie}; ${cookie}`, (c) => csrfValid(c, hosted, fresh.token))).toBe(false);
  });
});
