// The attacks on cognate's relying party, over HTTP: ID tokens a rogue IdP forges or gets wrong,
// the state replayed, carried to another browser or another pool, sent again with another code,
// oversized answers, and the grants of a provider the client no longer supports.
import { UpdateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { poolWithDomain } from "../oauth/server.js";
import {
  Agent,
  APP_CALLBACK,
  authorizeUrl,
  callbackError,
  exchange,
  federatedTokens,
  perFile,
  federationWorld,
} from "./harness.js";
import type { RogueMode } from "./rogue-idp.js";

const world = perFile(federationWorld);

/** Starts a sign-in with `agent` and stops at the IdP: the URL the browser is sent to there. */
async function toIdp(agent: Agent, provider: string): Promise<URL> {
  const response = await agent.fetch(authorizeUrl(world, provider));
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!);
}

/** What the IdP sends the browser back to (without following it): cognate's idpresponse URL. */
async function backFromIdp(agent: Agent, idp: URL): Promise<URL> {
  const response = await agent.fetch(idp);
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get("location")!);
  expect(back.href.startsWith(world.idpResponse)).toBe(true);
  return back;
}

describe("ID tokens cognate refuses", () => {
  const refused = async (mode: RogueMode) => {
    world.rogue.next(mode);
    const landing = await new Agent().walk(authorizeUrl(world, "Rogue"));
    expect(landing.callback?.searchParams.has("code")).toBe(false);
    expect(landing.callback?.searchParams.get("state")).toBe("app-state");
    return callbackError(landing);
  };

  it("accepts a good one (the baseline)", async () => {
    world.rogue.next("good", "baseline");
    const { claims } = await federatedTokens(world, "Rogue");
    expect(claims["cognito:username"]).toBe("rogue_baseline");
    expect(claims.name).toBe("Rogue baseline");
  });

  it.each([
    ["wrong-key", /Rogue Error - Invalid id_token: signature verification failed/],
    ["alg-none", /Rogue Error - Invalid id_token: malformed token/],
    ["wrong-nonce", /"nonce" is not the one sent/],
    ["no-nonce", /"nonce" is not the one sent/],
    ["wrong-aud", /"aud" does not name the client/],
    ["wrong-iss", /"iss" is not the identity provider's issuer/],
    ["expired", /token expired/],
    ["hs256-wrong-secret", /signature verification failed/],
  ] as const)("refuses %s", async (mode, words) => {
    const { error, description } = await refused(mode);
    expect(error).toBe("invalid_request");
    expect(description).toMatch(words);
  });

  it("accepts HS256 signed with the client secret from a generic OIDC provider", async () => {
    world.rogue.next("hs256", "hmac-user");
    const { claims } = await federatedTokens(world, "Rogue");
    expect(claims["cognito:username"]).toBe("rogue_hmac-user");
  });

  it("refuses userinfo about someone else", async () => {
    expect((await refused("userinfo-other-sub")).description).toBe(
      "Rogue Error - the userinfo sub does not match the id_token",
    );
  });

  it("refuses an oversized token response, and reports a token endpoint error as Cognito does", async () => {
    expect((await refused("oversized-token-response")).description).toBe(
      "Rogue Error - the token response is too large",
    );
    expect((await refused("token-error")).description).toBe("Rogue Error - 400 error getting token");
  });
});

describe("profiles a malicious IdP shapes (finding 06): an error at the app, never a 500", () => {
  it("refuses a userinfo claim nested 100,000 arrays deep", async () => {
    world.rogue.next("deep-userinfo", "deep-user");
    const landing = await new Agent().walk(authorizeUrl(world, "Rogue"));
    expect(landing.status).not.toBe(500);
    expect(callbackError(landing)).toEqual({
      error: "invalid_request",
      description: "Rogue Error - the user info is nested deeper than 32 levels",
    });
  });

  it("refuses an ID token claim nested 100 arrays deep", async () => {
    world.rogue.next("deep-id-token-claim", "deep-token-user");
    const landing = await new Agent().walk(authorizeUrl(world, "Rogue"));
    expect(callbackError(landing)).toEqual({
      error: "invalid_request",
      description: "Rogue Error - Invalid id_token: claims nested deeper than 32 levels",
    });
  });

  it("reads userinfo keys __proto__ and constructor as data: the sign-in goes through, no prototype changes", async () => {
    world.rogue.next("proto-userinfo", "proto-user");
    const { claims } = await federatedTokens(world, "Rogue");
    expect(claims["cognito:username"]).toBe("rogue_proto-user");
    expect(claims.name).toBe("Proto proto-user");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the state", () => {
  it("is refused in another browser, with no cookie or with its own", async () => {
    const victim = new Agent();
    const idp = await toIdp(victim, "Rogue");
    // The attacker's browser finishes the victim's round trip (login CSRF), or the other way round.
    const stranger = await new Agent().walk(idp.href);
    expect(stranger.status).toBe(400);
    expect(stranger.body).toContain("Invalid state: this browser did not begin the sign-in (no cookie)");
    const other = new Agent();
    await toIdp(other, "Rogue");
    const withOwnCookie = await other.walk(idp.href);
    expect(withOwnCookie.status).toBe(400);
    expect(withOwnCookie.body).toContain("Invalid state: this browser did not begin the sign-in");
    // Refused there, the state was not spent: the victim's own browser still finishes.
    const own = await victim.walk(idp.href);
    expect(own.callback?.searchParams.get("code")).toEqual(expect.any(String));
  });

  it("is spent once: the same redirect replayed, or sent with another code, is refused before the IdP is called", async () => {
    const agent = new Agent();
    const idp = await toIdp(agent, "Rogue");
    const back = await backFromIdp(agent, idp);
    const first = await agent.walk(back.href);
    expect(first.callback?.searchParams.get("code")).toEqual(expect.any(String));
    const calls = world.rogue.tokenRequests();
    const replay = await agent.walk(back.href);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain("Invalid state: it was used already");
    // A fresh code from the IdP with the spent state.
    const fresh = await backFromIdp(agent, idp);
    expect(fresh.searchParams.get("code")).not.toBe(back.searchParams.get("code"));
    const withOtherCode = new URL(back);
    withOtherCode.searchParams.set("code", fresh.searchParams.get("code")!);
    const second = await agent.walk(withOtherCode.href);
    expect(second.status).toBe(400);
    expect(second.body).toContain("used already");
    expect(world.rogue.tokenRequests()).toBe(calls);
  });

  it("of one pool is refused at another pool's idpresponse", async () => {
    const { base: otherBase } = await poolWithDomain(world.server, {}, "elsewhere");
    const agent = new Agent();
    const back = await backFromIdp(agent, await toIdp(agent, "Rogue"));
    const elsewhere = new URL(`${otherBase}/oauth2/idpresponse${back.search}`);
    const landing = await agent.walk(elsewhere.href);
    expect(landing.status).toBe(400);
    expect(landing.body).toContain("Invalid state: it was not issued for this user pool, or was altered");
  });

  it("is required, and a tampered one is refused", async () => {
    const agent = new Agent();
    const back = await backFromIdp(agent, await toIdp(agent, "Rogue"));
    const none = new URL(back);
    none.searchParams.delete("state");
    expect((await agent.walk(none.href)).body).toContain("the identity provider sent no state");
    const tampered = new URL(back);
    const state = tampered.searchParams.get("state")!;
    tampered.searchParams.set(
      "state",
      `${state.slice(0, 20)}${state[20] === "A" ? "B" : "A"}${state.slice(21)}`,
    );
    expect((await agent.walk(tampered.href)).body).toContain("or was altered");
  });
});

describe("grants of a provider the client no longer supports", () => {
  it("refuses the code exchange and the refresh once the client drops the provider", async () => {
    const client = await world.client({ SupportedIdentityProviders: ["Google"] });
    const start = (agent: Agent) =>
      agent.walk(
        `${world.base}/oauth2/authorize?${new URLSearchParams({
          response_type: "code",
          client_id: client.id,
          redirect_uri: APP_CALLBACK,
          scope: "openid email",
          identity_provider: "Google",
        })}`,
      );
    world.google.nextUser({ sub: "2001", email: "drop@gmail.test" });
    const pending = (await start(new Agent())).callback!.searchParams.get("code")!;
    world.google.nextUser({ sub: "2001", email: "drop@gmail.test" });
    const used = (await start(new Agent())).callback!.searchParams.get("code")!;
    const ok = await exchange(world, used, client);
    expect(ok.status).toBe(200);
    expect(decodeJwt(String(ok.json.id_token))["cognito:username"]).toBe("google_2001");

    await world.server.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: world.poolId,
        ClientId: client.id,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email", "profile"],
        CallbackURLs: [APP_CALLBACK],
        SupportedIdentityProviders: ["COGNITO"],
      }),
    );
    const refused = await exchange(world, pending, client);
    expect(refused).toEqual({
      status: 400,
      json: { error: "invalid_grant", error_description: "The client no longer supports Google sign-in" },
    });
    const refresh = await fetch(`${world.base}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: String(ok.json.refresh_token),
        client_id: client.id,
        client_secret: client.secret,
      }),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("keeps refreshing while the client supports the provider", async () => {
    world.google.nextUser({ sub: "2002", email: "keep@gmail.test" });
    const { tokens } = await federatedTokens(world, "Google");
    const refresh = await fetch(`${world.base}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: String(tokens.refresh_token),
        client_id: world.clientId,
        client_secret: world.clientSecret,
      }),
    });
    expect(refresh.status).toBe(200);
    const claims = decodeJwt(String(((await refresh.json()) as { id_token: string }).id_token));
    expect(claims["cognito:username"]).toBe("google_2002");
  });
});

describe("malformed returns to /oauth2/idpresponse", () => {
  it("get Cognito's error page (400), never a 500 or a redirect", async () => {
    const at = world.idpResponse;
    const cases: Array<[string, RequestInit]> = [
      [at, {}],
      [`${at}?state=&code=`, {}],
      [`${at}?state=a&state=b&code=c`, {}],
      [`${at}?state=${"%00".repeat(50)}&code=c`, {}],
      [`${at}?state=v1.AAAA.BBBB&code=c`, {}],
      [at, { method: "POST", headers: { "content-type": "application/json" }, body: '{"state":"x"}' }],
      [
        at,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `state=${"x".repeat(70_000)}`,
        },
      ],
      [
        at,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "%ff%fe=1",
        },
      ],
    ];
    for (const [url, init] of cases) {
      const response = await fetch(url, { ...init, redirect: "manual" });
      expect(response.status, `${init.method ?? "GET"} ${url.slice(0, 120)}`).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("An error was encountered with the requested page.");
    }
  });
});
