// The sealed state of a round trip to an IdP: what it carries back, its cookie for each place,
// and every way a state is refused (another browser, no cookie, replayed, another pool, expired,
// altered, overlong).
import { type Context, Hono } from "hono";
import { describe, expect, it } from "vitest";
import { callOperation, oauthFixture } from "../fixture.testing.js";
import type { Hosted } from "../hosted.js";
import { beginFederation, endFederation, FEDERATION_STATE_TTL_MS, type FederationState } from "./state.js";

/** Runs `work` on a request carrying `cookie`. */
async function onRequest<T>(cookie: string, work: (c: Context) => Promise<T>): Promise<T> {
  let out: T | undefined;
  const app = new Hono();
  app.all("*", async (c) => {
    out = await work(c);
    return c.body(null, 204);
  });
  await app.request("http://127.0.0.1/", { headers: cookie === "" ? {} : { cookie } });
  return out as T;
}

const pair = (setCookie: string) => setCookie.split(";")[0]!;
const TRIP = {
  provider: "Google",
  clientId: "client1",
  query: "response_type=code&client_id=client1&state=app-state",
  idpNonce: "nonce-1",
  pkceVerifier: "v".repeat(43),
};

async function fixture() {
  const f = await oauthFixture();
  let now = Date.now();
  const hosted: Hosted = { ...f.hosted, ctx: { ...f.hosted.ctx, now: () => now } };
  const begin = (cookie = "", h = hosted) => onRequest(cookie, (c) => beginFederation(c, h, TRIP));
  const end = (state: string | undefined, cookie: string, h = hosted) =>
    onRequest(cookie, (c) => endFederation(c, h, state));
  return { ...f, hosted, begin, end, advance: (ms: number) => void (now += ms) };
}

describe("federation state", () => {
  it("carries the round trip back to the browser that began it, never the app's state", async () => {
    const f = await fixture();
    const { state, cookie } = await f.begin();
    expect(state).not.toContain("app-state");
    expect(state).not.toContain("nonce-1");
    const opened = (await f.end(state, pair(cookie))) as FederationState;
    expect(opened).toEqual({ ...TRIP, poolId: f.poolId, createdAt: expect.any(Number) });
  });

  it("sets its cookie for the place: SameSite=None over https (Apple's cross-site form POST), Lax over http", async () => {
    const f = await fixture();
    expect((await f.begin("", { ...f.hosted, https: true })).cookie).toMatch(
      new RegExp(
        `^__Host-federation-${f.poolId}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=300; HttpOnly; Secure; SameSite=None$`,
      ),
    );
    expect((await f.begin("", { ...f.hosted, https: true, base: "" })).cookie).toMatch(
      /^__Host-federation=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=300; HttpOnly; Secure; SameSite=None$/,
    );
    expect((await f.begin()).cookie).toMatch(
      new RegExp(`^federation=[A-Za-z0-9_-]{43}; Path=/${f.poolId}; Max-Age=300; HttpOnly; SameSite=Lax$`),
    );
  });

  it("keeps the browser's cookie for a second round trip, so two tabs can sign in at once", async () => {
    const f = await fixture();
    const first = await f.begin();
    const second = await f.begin(pair(first.cookie));
    expect(pair(second.cookie)).toBe(pair(first.cookie));
    expect("error" in (await f.end(first.state, pair(first.cookie)))).toBe(false);
    expect("error" in (await f.end(second.state, pair(first.cookie)))).toBe(false);
  });

  it("refuses a state from another browser, or from one without the cookie", async () => {
    const f = await fixture();
    const { state, cookie } = await f.begin();
    const other = await f.begin();
    expect(await f.end(state, "")).toEqual({
      error: "Invalid state: this browser did not begin the sign-in (no cookie)",
    });
    expect(await f.end(state, pair(other.cookie))).toEqual({
      error: "Invalid state: this browser did not begin the sign-in",
    });
    // Refused there, it was not spent: the browser that began it still can finish.
    expect("error" in (await f.end(state, pair(cookie)))).toBe(false);
  });

  it("is spent once: a replay (or the same state with another code) is refused", async () => {
    const f = await fixture();
    const { state, cookie } = await f.begin();
    expect("error" in (await f.end(state, pair(cookie)))).toBe(false);
    expect(await f.end(state, pair(cookie))).toEqual({ error: "Invalid state: it was used already" });
  });

  it("refuses another pool's state, an altered one, an empty or overlong one", async () => {
    const f = await fixture();
    const { state, cookie } = await f.begin();
    const { UserPool } = (await callOperation(f.ctx, "CreateUserPool", { PoolName: "other" })) as {
      UserPool: { Id: string };
    };
    const otherPool = (await f.store.pools.get(UserPool.Id))!;
    const elsewhere: Hosted = { ...f.hosted, pool: otherPool, base: `/${otherPool.id}` };
    const cookieThere = pair(cookie);
    expect((await f.end(state, cookieThere, elsewhere)) as { error: string }).toEqual({
      error: "Invalid state: it was not issued for this user pool, or was altered",
    });
    const last = state.at(-2) === "A" ? "B" : "A";
    const altered = `${state.slice(0, -2)}${last}${state.at(-1)}`;
    expect(((await f.end(altered, pair(cookie))) as { error: string }).error).toMatch(/altered/);
    expect(((await f.end(undefined, pair(cookie))) as { error: string }).error).toMatch(/no state/);
    expect(((await f.end("x".repeat(20_000), pair(cookie))) as { error: string }).error).toMatch(/too long/);
    expect("error" in (await f.end(state, pair(cookie)))).toBe(false);
  });

  it("expires after five minutes (Cognito's limit)", async () => {
    const f = await fixture();
    const { state, cookie } = await f.begin();
    f.advance(FEDERATION_STATE_TTL_MS + 1);
    expect(((await f.end(state, pair(cookie))) as { error: string }).error).toMatch(/longer than 5 minutes/);
  });
});
