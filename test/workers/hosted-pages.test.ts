// The account pages inside workerd, on D1: sign-up through the page's form (CSRF cookie and
// token), the code from the sender, confirmation, then /logout's refusal of a look-alike URI.
// The same in-process operation calls as on Node, on the Workers' WebCrypto.
import { describe, expect, it } from "vitest";
import { codeFlowPool, codeFlowQuery, d1UserPool, hostedUiApp } from "./in-process.js";

const LOGOUT = "https://app.example.com/signed-out";

describe("the account pages inside workerd (D1)", () => {
  it("sign-up → the code → confirm → /login; /logout refuses a look-alike URI", async () => {
    const { ctx, sent, call } = d1UserPool();
    const { poolId, clientId } = await codeFlowPool(
      call,
      {
        PoolName: "edge-pages",
        AutoVerifiedAttributes: ["email"],
        Schema: [{ Name: "email", Required: true }],
      },
      { LogoutURLs: [LOGOUT] },
    );

    const app = hostedUiApp(ctx);
    const query = codeFlowQuery(clientId);
    const base = `https://cognate.test/${poolId}`;

    const form = await app.request(`${base}/signup?${query}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toMatch(new RegExp(`^__Host-XSRF-TOKEN-${poolId}=`));

    const username = "edge-user";
    const posted = await app.request(`${base}/signup?${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({
        _csrf: csrf,
        username,
        "requiredAttributes[email]": "edge@example.com",
        password: "Edge-Passw0rd!",
      }),
    });
    expect(posted.status).toBe(303);
    const confirmUrl = new URL(posted.headers.get("location")!, base);
    expect(confirmUrl.pathname).toBe(`/${poolId}/confirm`);
    const code = sent.find((m) => m.to === "edge@example.com")?.code;
    expect(code).toMatch(/^\d{6}$/);
    const confirmed = await app.request(`${base}/confirm?${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ _csrf: csrf, username, code: code! }),
    });
    expect(confirmed.status).toBe(303);
    expect(new URL(confirmed.headers.get("location")!, base).pathname).toBe(`/${poolId}/login`);
    expect((await call("AdminGetUser", { UserPoolId: poolId, Username: username })).UserStatus).toBe(
      "CONFIRMED",
    );

    const ok = await app.request(
      `${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(LOGOUT)}`,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(LOGOUT);
    const lookAlike = await app.request(
      `${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(`${LOGOUT}/`)}`,
    );
    expect(lookAlike.status).toBe(400);
    expect(lookAlike.headers.get("location")).toBeNull();
  });
});
