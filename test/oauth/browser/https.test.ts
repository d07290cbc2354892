// The hosted UI behind TLS (an https front on 127.0.0.1 that cognate trusts as a proxy, the public
// URL https): the issuer and every endpoint are https, and the session cookie is Secure.
import { describe, expect, it } from "vitest";
import { arriveAt, browserSuite, confirmedUser, hostedPool, newPage, submitSignIn } from "./harness.js";

const suite = browserSuite({ cognate: { tls: true }, rp: { https: true } });

describe("the hosted UI over https", () => {
  it("names https endpoints and sets a Secure, HttpOnly, SameSite=Lax session cookie", async () => {
    expect(suite.cognate.publicUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const pool = await hostedPool(suite.cognate, [suite.rp.callback]);
    await confirmedUser(suite.cognate, pool.poolId, "tess", "Tls-Pass-20245");
    const { context, page } = await newPage(suite.browser, { https: true });
    try {
      const discovery = await context.request.get(`${pool.issuer}/.well-known/openid-configuration`);
      const meta = (await discovery.json()) as Record<string, string>;
      expect(meta.issuer).toBe(pool.issuer);
      expect(meta.authorization_endpoint).toBe(`${pool.issuer}/oauth2/authorize`);
      expect(meta.token_endpoint).toBe(`${pool.issuer}/oauth2/token`);

      const authorize = new URL(meta.authorization_endpoint!);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: pool.clientId,
        redirect_uri: suite.rp.callback,
        scope: "openid",
        state: "tls",
      }).toString();
      await page.goto(authorize.href);
      expect(new URL(page.url()).origin).toBe(suite.cognate.publicUrl);
      await submitSignIn(page, "tess", "Tls-Pass-20245");
      const landed = await arriveAt(page, suite.rp.callback);
      expect(landed.searchParams.get("state")).toBe("tls");
      expect(landed.searchParams.get("code")).toBeTruthy();

      const cookies = await context.cookies(`${pool.issuer}/login`);
      // Under the issuer: __Host- with the pool in the name and Path=/, so no sibling host plants it.
      const session = cookies.find((c) => c.name === `__Host-cognito-${pool.poolId}`);
      expect(session, JSON.stringify(cookies.map((c) => c.name))).toBeDefined();
      expect(session!.path).toBe("/");
      expect(session!.secure).toBe(true);
      expect(session!.httpOnly).toBe(true);
      expect(session!.sameSite).toBe("Lax");
    } finally {
      await context.close();
    }
  });
});
