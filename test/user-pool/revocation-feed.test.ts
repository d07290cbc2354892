// authorizer() in front of an API, trusting a cognate pool and polling its revocation feed:
// tokens revoked by GlobalSignOut, RevokeToken or AdminDisableUser stop working within the
// staleness bound, others keep working, and a feed that cannot be read fails closed (503).
import {
  AdminDisableUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { challenge } from "../helpers/app.js";
import { poolWithClient, sdk, seedUser, startServer } from "./auth-helpers.js";

const PASSWORD = "Revoked-Horse-9";
let env: Awaited<ReturnType<typeof startServer>>;
let url: string;
let secret: string;
let feedHeaders: Record<string, string>;

beforeAll(async () => {
  env = await startServer("cognate-revocations-");
  url = env.server.url;
  // A development start generates the feed's secret, as it does the admin credentials.
  secret = readFileSync(join(env.dataDir, "revocation-feed-secret"), "utf8").trim();
  feedHeaders = { authorization: `Bearer ${secret}` };
});
afterAll(async () => {
  await env?.server.close();
});

async function setUp(usernames: string[]) {
  const { poolId, clientId } = await poolWithClient(url, {
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  for (const username of usernames) await seedUser(env.store, poolId, { username, password: PASSWORD });
  const signIn = async (USERNAME: string) =>
    (
      await sdk(url).send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME, PASSWORD },
        }),
      )
    ).AuthenticationResult!;
  // The authorizer's clock runs ahead on demand, so the test need not sleep through the bounds.
  let skew = 0;
  let feedUp = true;
  const api = new Hono();
  api.use(
    "/api/*",
    authorizer({
      issuers: [
        {
          type: "cognito",
          userPoolId: poolId,
          clientId,
          tokenUse: "access",
          issuer: `${url}/${poolId}`,
          revocations: { refreshSeconds: 5, maxStaleSeconds: 10, secret },
        },
      ],
      now: () => Date.now() + skew,
      fetch: (input, init) =>
        feedUp || !String(input).includes("/revocations")
          ? fetch(input, init)
          : Promise.reject(new TypeError("fetch failed")),
    }),
  );
  api.get("/api/me", (c) => c.text(c.var.principal.username ?? ""));
  const call = (token: string) => api.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
  return {
    poolId,
    clientId,
    signIn,
    call,
    later: (seconds: number) => (skew += seconds * 1000),
    feed: (up: boolean) => (feedUp = up),
  };
}

describe("authorizer() with a cognate pool's revocation feed", () => {
  it("refuses tokens of a GlobalSignOut once the list is refreshed, and only those", async () => {
    const t = await setUp(["gus", "hal"]);
    const gus = await t.signIn("gus");
    const hal = await t.signIn("hal");
    expect((await t.call(gus.AccessToken!)).status).toBe(200);
    await sdk(url).send(new GlobalSignOutCommand({ AccessToken: gus.AccessToken! }));
    // Inside the refresh interval the list in memory answers: the bounded staleness.
    expect((await t.call(gus.AccessToken!)).status).toBe(200);
    t.later(11);
    const refused = await t.call(gus.AccessToken!);
    expect(refused.status).toBe(401);
    expect(challenge(refused)).toMatchObject({
      error: "invalid_token",
      error_description: "the token has been revoked",
    });
    expect((await t.call(hal.AccessToken!)).status).toBe(200);
  });

  it("refuses the sign-in of a RevokeToken and every token of a disabled user", async () => {
    const t = await setUp(["ida", "jon"]);
    const first = await t.signIn("ida");
    const second = await t.signIn("ida");
    const jon = await t.signIn("jon");
    expect((await t.call(first.AccessToken!)).status).toBe(200);
    await sdk(url).send(new RevokeTokenCommand({ ClientId: t.clientId, Token: first.RefreshToken! }));
    await sdk(url).send(new AdminDisableUserCommand({ UserPoolId: t.poolId, Username: "jon" }));
    t.later(11);
    expect((await t.call(first.AccessToken!)).status).toBe(401);
    expect((await t.call(second.AccessToken!)).status).toBe(200);
    expect((await t.call(jon.AccessToken!)).status).toBe(401);
  });

  it("serves a stale list while refreshing, then fails closed once the feed is gone past the bound", async () => {
    const t = await setUp(["kim"]);
    const kim = await t.signIn("kim");
    expect((await t.call(kim.AccessToken!)).status).toBe(200);
    t.feed(false);
    t.later(6); // past refreshSeconds: answered from memory, a refresh tried behind
    expect((await t.call(kim.AccessToken!)).status).toBe(200);
    t.later(5); // past maxStaleSeconds: no answer without the feed
    const down = await t.call(kim.AccessToken!);
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("2");
    t.feed(true);
    expect((await t.call(kim.AccessToken!)).status).toBe(200);
  });

  it("serves the feed itself: the last day only, a cursor, 400 and 404", async () => {
    const t = await setUp(["lee"]);
    const lee = await t.signIn("lee");
    await sdk(url).send(new GlobalSignOutCommand({ AccessToken: lee.AccessToken! }));
    expect((await fetch(`${url}/${t.poolId}/revocations`)).status).toBe(401);
    const response = await fetch(`${url}/${t.poolId}/revocations`, { headers: feedHeaders });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const feed = (await response.json()) as {
      now: number;
      families: string[];
      users: { sub: string; at: number }[];
      next: number;
      more: boolean;
    };
    const claims = JSON.parse(atob(lee.AccessToken!.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(feed.families).toEqual([claims.origin_jti]);
    expect(feed.users).toEqual([{ sub: claims.sub, at: expect.any(Number) }]);
    // The cursor lags 10 s behind, so a revocation committed just after the read is not skipped.
    expect(feed).toMatchObject({ more: false, next: feed.now - 10_000 });
    const again = (await (
      await fetch(`${url}/${t.poolId}/revocations?after=${feed.next}`, { headers: feedHeaders })
    ).json()) as typeof feed;
    expect(again.families).toEqual([claims.origin_jti]);
    const later = (await (
      await fetch(`${url}/${t.poolId}/revocations?after=${feed.users[0]!.at}`, { headers: feedHeaders })
    ).json()) as typeof feed;
    expect([later.families, later.users]).toEqual([[], []]);
    expect(
      (await fetch(`${url}/${t.poolId}/revocations?after=yesterday`, { headers: feedHeaders })).status,
    ).toBe(400);
    expect((await fetch(`${url}/us-east-1_Missing00/revocations`, { headers: feedHeaders })).status).toBe(
      404,
    );
  });

  it("is checked when the options are", () => {
    const base = {
      type: "cognito" as const,
      userPoolId: "us-east-1_AbCdEf",
      clientId: null,
      tokenUse: "access" as const,
      issuer: "http://127.0.0.1:1/us-east-1_AbCdEf",
    };
    expect(() => authorizer({ issuers: [{ ...base, revocations: { refreshSeconds: 0 } }] })).toThrow(
      /revocations\.refreshSeconds/,
    );
    expect(() =>
      authorizer({ issuers: [{ ...base, revocations: { refreshSeconds: 30, maxStaleSeconds: 10 } }] }),
    ).toThrow(/revocations\.maxStaleSeconds/);
    expect(() =>
      authorizer({ issuers: [{ ...base, revocations: { uri: "http://example.com/feed" } }] }),
    ).toThrow(/revocations\.uri/);
  });
});
