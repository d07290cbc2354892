// /oauth2/authorize over HTTP on the Node server: a valid request goes on to /login with its
// parameters; an unregistered or look-alike redirect URI gets the error page, never a redirect;
// later errors go back to the redirect URI; the same endpoint answers on the domain's host.
import { type IncomingMessage, request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { oauthSuite, pkcePair } from "./helpers.js";

const env = oauthSuite();
let client: { id: string };
let codeOnly: { id: string };
const { challenge } = pkcePair();

beforeAll(async () => {
  client = await env.makeClient();
  codeOnly = await env.makeClient({ AllowedOAuthFlows: ["code"] });
});

const query = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: "code",
    client_id: client.id,
    redirect_uri: "https://app.example/cb",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "s-1",
    ...extra,
  });

const authorize = (extra: Record<string, string> = {}, init: RequestInit = {}) =>
  fetch(`${env.issuer}/oauth2/authorize?${query(extra)}`, { redirect: "manual", ...init });

describe("/oauth2/authorize", () => {
  it("sends a valid request on to the sign-in page, with its parameters", async () => {
    const response = await authorize({ nonce: "n", scope: "openid email", prompt: "login", max_age: "0" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, env.server.url);
    expect(location.pathname).toBe(`/${env.poolId}/login`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: client.id,
      redirect_uri: "https://app.example/cb",
      scope: "openid email",
      state: "s-1",
      nonce: "n",
      prompt: "login",
      max_age: "0",
      code_challenge: challenge,
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("takes the request by POST as well (OIDC Core 3.1.2.1), answering 303", async () => {
    const response = await fetch(`${env.issuer}/oauth2/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: query(),
    });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!, env.server.url).pathname).toBe(`/${env.poolId}/login`);
    const bad = await fetch(`${env.issuer}/oauth2/authorize`, {
      method: "POST",
      redirect: "manual",
      body: "{}",
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("location")).toBeNull();
  });

  it("shows the error page for unregistered and look-alike redirect URIs, never redirecting", async () => {
    for (const uri of [
      "https://evil.example/cb",
      "https://app.example/cb/",
      "https://app.example/CB",
      "https://app.example.evil.example/cb",
      "https://app.example/cb?next=https://evil.example",
      "https://app.example@evil.example/cb",
    ]) {
      const response = await authorize({ redirect_uri: uri });
      expect(response.status, uri).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      const html = await response.text();
      expect(html).toContain("redirect_mismatch");
      expect(html).not.toContain('evil.example/cb"');
    }
  });

  it("shows the error page for a missing or unknown client", async () => {
    const missing = await fetch(`${env.issuer}/oauth2/authorize?response_type=code`, { redirect: "manual" });
    expect(missing.status).toBe(400);
    const unknown = await authorize({ client_id: "nosuchclient0000000000000" });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("location")).toBeNull();
  });

  it("refuses the implicit flow to a client without it: unauthorized_client in the fragment", async () => {
    const allowed = await authorize({ response_type: "token" });
    expect(allowed.status).toBe(302);
    expect(new URL(allowed.headers.get("location")!, env.server.url).pathname).toBe(`/${env.poolId}/login`);
    const refused = await fetch(
      `${env.issuer}/oauth2/authorize?${query({ client_id: codeOnly.id, response_type: "token" })}`,
      { redirect: "manual" },
    );
    const location = new URL(refused.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://app.example/cb");
    expect(Object.fromEntries(new URLSearchParams(location.hash.slice(1)))).toMatchObject({
      error: "unauthorized_client",
      state: "s-1",
    });
  });

  it("refuses the pool's own sign-in, sign-up and reset to a client without COGNITO among its SupportedIdentityProviders", async () => {
    for (const providers of [undefined, []]) {
      const federated = await env.makeClient({ SupportedIdentityProviders: providers });
      for (const path of ["oauth2/authorize", "login", "signup", "forgotPassword"]) {
        const refused = await fetch(`${env.issuer}/${path}?${query({ client_id: federated.id })}`, {
          redirect: "manual",
        });
        expect(refused.status, path).toBe(302);
        const location = new URL(refused.headers.get("location")!);
        expect(`${location.origin}${location.pathname}`).toBe("https://app.example/cb");
        expect(Object.fromEntries(location.searchParams)).toEqual({
          error: "unauthorized_client",
          error_description: "The client does not support COGNITO sign-in",
          state: "s-1",
        });
      }
    }
  });

  it("sends later errors to the redirect URI with the state", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ scope: "phone" }, "invalid_scope"],
      [{ response_type: "id_token" }, "unsupported_response_type"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ prompt: "none login" }, "invalid_request"],
      [{ max_age: "-5" }, "invalid_request"],
      [{ identity_provider: "Google" }, "invalid_request"],
    ];
    for (const [extra, error] of cases) {
      const response = await authorize(extra);
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!);
      expect(location.searchParams.get("error"), JSON.stringify(extra)).toBe(error);
      expect(location.searchParams.get("state")).toBe("s-1");
    }
  });

  it("answers on the pool's domain host, linking to /login there", async () => {
    const [domain] = await env.store.domains.ofPool(env.poolId);
    const { port } = new URL(env.server.url);
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      request(
        {
          host: "127.0.0.1",
          port,
          path: `/oauth2/authorize?${query()}`,
          headers: { host: `${domain!.domain}.localhost:${port}` },
        },
        resolve,
      )
        .on("error", reject)
        .end(),
    );
    response.resume();
    expect(response.statusCode).toBe(302);
    expect(response.headers.location!.startsWith("/login?")).toBe(true);
  });
});
