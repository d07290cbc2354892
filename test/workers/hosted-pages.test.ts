// The account pages inside workerd, on D1: sign-up through the page's form (CSRF cookie and
// token), the code from the sender, confirmation, then /logout's refusal of a look-alike URI.
// The same in-process operation calls as on Node, on the Workers' WebCrypto.
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { mountHostedUi } from "../../src/oauth/index.js";
import type { OperationDefinition } from "../../src/protocol/json/index.js";
import { d1Driver } from "../../src/storage/d1.js";
import { userPoolOperations } from "../../src/user-pool/service.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/user-pool/keys/master-key.js";

const CALLBACK = "https://app.example.com/callback";
const LOGOUT = "https://app.example.com/signed-out";

describe("the account pages inside workerd (D1)", () => {
  it("sign-up → the code → confirm → /login; /logout refuses a look-alike URI", async () => {
    const sent: OutboundMessage[] = [];
    const ctx = userPoolContext({
      storage: d1Driver(env.DB),
      masterKey: generateMasterKey(),
      region: "us-east-1",
      sender: { send: async (m) => void sent.push(m) },
    });
    const ops = userPoolOperations(ctx);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads answers of many shapes
    type Answer = Record<string, any>;
    const call = async (name: string, input: Record<string, unknown>) =>
      (await (ops[name] as OperationDefinition).run({
        input,
        operation: name,
        requestId: "r",
        signer: undefined,
        request: {
          headers: new Headers(),
          url: "https://cognate.test/",
          sourceIp: undefined,
          receivedAt: Date.now(),
        },
      })) as Answer;
    const { UserPool } = await call("CreateUserPool", {
      PoolName: "edge-pages",
      AutoVerifiedAttributes: ["email"],
      Schema: [{ Name: "email", Required: true }],
    });
    const poolId = UserPool.Id as string;
    await call("CreateUserPoolDomain", {
      UserPoolId: poolId,
      Domain: `edge-${crypto.randomUUID().slice(0, 8)}`,
    });
    const { UserPoolClient } = await call("CreateUserPoolClient", {
      UserPoolId: poolId,
      ClientName: "web",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      CallbackURLs: [CALLBACK],
      LogoutURLs: [LOGOUT],
      SupportedIdentityProviders: ["COGNITO"],
    });
    const clientId = UserPoolClient.ClientId as string;

    const app = new Hono();
    mountHostedUi(app, ctx, {
      publicUrl: "https://cognate.test",
      domainSuffix: "localhost",
      scheme: () => "https",
      fromTrustedProxy: () => false,
    });
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid email",
      state: "edge",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    }).toString();
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
