// The hosted UI's password sign-in (/login) runs the same password flow as USER_PASSWORD_AUTH:
// a legacy user unknown to the pool is migrated by the UserMigration trigger there too, and the
// browser is redirected with an authorization code. The hosted sign-up page goes through SignUp,
// so PreSignUp_SignUp fires from it with the page's client.
import {
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { mountHostedUi } from "../../src/oauth/index.js";
import { arn, triggerServer } from "./triggers-harness.js";

const env = triggerServer();
const CALLBACK = "https://app.example.com/callback";
const ORIGIN = "https://cognate.test";

async function hostedPool(lambdaConfig: Record<string, string>) {
  const { poolId } = await env.pool({ LambdaConfig: lambdaConfig });
  await env.admin().send(
    new CreateUserPoolDomainCommand({
      UserPoolId: poolId,
      Domain: `trig-${crypto.randomUUID().slice(0, 8)}`,
    }),
  );
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ["COGNITO"],
    }),
  );
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

/** A browser on the hosted UI of the suite's context: cookies kept, forms posted with their hidden fields. */
function browser(path: string) {
  const app = new Hono();
  mountHostedUi(app, env.ctx, {
    publicUrl: ORIGIN,
    domainSuffix: "localhost",
    scheme: () => "https",
    fromTrustedProxy: () => false,
  });
  const jar = new Map<string, string>();
  const request = async (url: string, init?: RequestInit) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await app.request(url, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), cookie, "user-agent": "Mozilla/5.0" },
    });
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = line.split(";")[0]!.split("=");
      jar.set(name!, value!);
    }
    return response;
  };
  const submit = async (fields: Record<string, string>) => {
    const html = await (await request(path)).text();
    const hidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    return request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...hidden, ...fields }).toString(),
    });
  };
  return { submit };
}

const query = (clientId: string) =>
  new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: CALLBACK,
    scope: "openid email",
    state: "st",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  }).toString();

describe("the hosted UI and the user triggers", () => {
  it("/login migrates a legacy user (UserMigration_Authentication) and redirects with a code", async () => {
    const { poolId, clientId } = await hostedPool({ UserMigration: arn("hosted-mig") });
    env.handle("hosted-mig", async (event) => {
      if (event.request.password !== "Legacy-Pass-9") throw new Error("Bad password");
      event.response.userAttributes = { email: "web@example.com", email_verified: "true" };
      event.response.messageAction = "SUPPRESS";
      return event;
    });
    const signedIn = await browser(`${ORIGIN}/${poolId}/login?${query(clientId)}`).submit({
      username: "webuser",
      password: "Legacy-Pass-9",
    });
    expect(signedIn.status).toBe(303);
    expect(new URL(signedIn.headers.get("location")!).searchParams.get("code")).toMatch(/^[\w-]{43}$/);
    const [event] = env.eventsOf("UserMigration_Authentication").filter((e) => e.userPoolId === poolId);
    expect(event!.userName).toBe("webuser");
    expect(event!.callerContext.clientId).toBe(clientId);
    expect((await (await env.store()).users.get(poolId, "webuser"))?.status).toBe("CONFIRMED");
  });

  it("the sign-up page fires PreSignUp_SignUp with the page's client; autoConfirmUser sends the browser to /login", async () => {
    const { poolId, clientId } = await hostedPool({ PreSignUp: arn("hosted-pre") });
    env.handle("hosted-pre", async (event) => {
      event.response.autoConfirmUser = true;
      return event;
    });
    const signedUp = await browser(`${ORIGIN}/${poolId}/signup?${query(clientId)}`).submit({
      username: "pageuser",
      password: "Page-Pass-123",
    });
    expect(signedUp.status).toBe(303);
    expect(new URL(signedUp.headers.get("location")!, ORIGIN).pathname).toBe(`/${poolId}/login`);
    const [event] = env.eventsOf("PreSignUp_SignUp").filter((e) => e.userPoolId === poolId);
    expect(event!.userName).toBe("pageuser");
    expect(event!.callerContext.clientId).toBe(clientId);
    expect((await (await env.store()).users.get(poolId, "pageuser"))?.status).toBe("CONFIRMED");
  });
});
