import type { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { OptionsError, type AuthorizerOptions } from "../../src/index.js";
import { explain } from "../../src/policy/index.js";
import { challenge, CLIENT_ID, COGNITO_ISSUER, get, protectedApp } from "../helpers/app.js";
import { cognitoClaims, TestIssuer } from "../helpers/issuer.js";

const ACCOUNT = "123456789012";
const allow = (resource: string, condition?: Record<string, unknown>, sid = "Allow") => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: sid,
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: resource,
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const deny = (resource: string, condition?: Record<string, unknown>) => ({
  Version: "2012-10-17",
  Statement: {
    Effect: "Deny",
    Action: "execute-api:*",
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
  },
});

async function setup(options: Partial<AuthorizerOptions>) {
  const issuer = await TestIssuer.create(COGNITO_ISSUER);
  const app = protectedApp(issuer, { accountId: ACCOUNT, apiId: "orders", stage: "prod", ...options });
  app.get("/api/orders/:id", (c) => c.json({ explanation: explain(c.var.policyDecision) }));
  app.post("/api/admin/users", (c) => c.text("created"));
  app.get("/api/admin/report", (c) => c.text("report"));
  const token = (extra: Record<string, unknown> = {}) =>
    issuer.sign(cognitoClaims("access", CLIENT_ID, extra));
  return { issuer, app, token };
}

const send = (app: Hono, token: string, method: string, path: string) =>
  app.request(path, { method, headers: { authorization: `Bearer ${token}` } });

describe("authorizer() with policies", () => {
  it("allows what a policy attached to everyone allows, on the request's execute-api ARN", async () => {
    const { app, token } = await setup({
      policies: {
        everyone: [allow(`arn:aws:execute-api:us-east-1:${ACCOUNT}:orders/prod/GET/api/orders/*`)],
      },
    });
    const res = await get(app, await token(), "/api/orders/42");
    expect(res.status).toBe(200);
    expect((await res.json()).explanation[0]).toMatch(
      /^Allow: policies.everyone\[0\] Statement\[0\] \(Sid "Allow"\) allows/,
    );
    // Anything else is implicitly denied: 403 with API Gateway's body.
    const denied = await get(app, await token(), "/api/me");
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ message: "User is not authorized to access this resource" });
  });

  it("answers an explicit deny as such, even where another statement allows", async () => {
    const { app, token } = await setup({
      policies: { everyone: [allow("*"), deny("arn:aws:execute-api:*:*:orders/prod/GET/api/orders/13")] },
    });
    expect((await get(app, await token(), "/api/orders/12")).status).toBe(200);
    const res = await get(app, await token(), "/api/orders/13");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      message: "User is not authorized to access this resource with an explicit deny",
    });
  });

  it("attaches policies to Cognito groups", async () => {
    const { app, token } = await setup({
      policies: { groups: { admins: [allow("arn:aws:execute-api:*:*:orders/*/POST/api/admin/*")] } },
    });
    expect((await send(app, await token(), "POST", "/api/admin/users")).status).toBe(200);
    expect(
      (await send(app, await token({ "cognito:groups": ["staff"] }), "POST", "/api/admin/users")).status,
    ).toBe(403);
  });

  it("attaches policies to routes by method and path pattern", async () => {
    const { app, token } = await setup({
      policies: {
        everyone: [allow("arn:aws:execute-api:*:*:orders/prod/GET/*")],
        routes: [{ method: "GET", path: "/api/orders/:id", policies: [deny("*")] }],
      },
    });
    expect((await get(app, await token(), "/api/me")).status).toBe(200);
    expect((await get(app, await token(), "/api/orders/1")).status).toBe(403);
  });

  it("resolves policies by name from files", async () => {
    const { app, token } = await setup({
      policies: { everyone: ["read"], files: { read: allow("arn:aws:execute-api:*:*:orders/prod/GET/*") } },
    });
    expect((await get(app, await token(), "/api/me")).status).toBe(200);
  });

  it("feeds token claims to conditions as jwt:<claim>, with scope multivalued", async () => {
    const policy = allow("*", {
      "ForAnyValue:StringEquals": { "jwt:scope": "orders/admin" },
      StringLike: { "jwt:username": "al*" },
    });
    const { app, token } = await setup({ policies: { everyone: [policy] } });
    expect((await get(app, await token({ scope: "openid orders/admin" }))).status).toBe(200);
    expect((await get(app, await token({ scope: "openid orders/read" }))).status).toBe(403);
    expect((await get(app, await token({ scope: "orders/admin", username: "bob" }))).status).toBe(403);
  });

  it("substitutes policy variables from the token into resources", async () => {
    const { app, token } = await setup({
      policies: { everyone: [allow("arn:aws:execute-api:*:*:orders/prod/GET/api/orders/${jwt:username}")] },
    });
    expect((await get(app, await token(), "/api/orders/alice")).status).toBe(200);
    expect((await get(app, await token(), "/api/orders/bob")).status).toBe(403);
  });

  it("sets aws:SourceIp from the sourceIp option and aws:SecureTransport from the URL", async () => {
    const policy = allow("*", {
      IpAddress: { "aws:SourceIp": "203.0.113.0/24" },
      Bool: { "aws:SecureTransport": "true" },
    });
    const { app, token } = await setup({
      policies: { everyone: [policy] },
      sourceIp: (c) => c.req.header("x-test-ip"),
    });
    const call = async (ip: string, url: string) =>
      (await app.request(url, { headers: { authorization: `Bearer ${await token()}`, "x-test-ip": ip } }))
        .status;
    expect(await call("203.0.113.9", "https://api.example.com/api/me")).toBe(200);
    expect(await call("198.51.100.9", "https://api.example.com/api/me")).toBe(403);
    expect(await call("203.0.113.9", "http://api.example.com/api/me")).toBe(403);
  });

  it("validates policies when the factory is called, naming the option and statement", async () => {
    const issuer = await TestIssuer.create(COGNITO_ISSUER);
    const bad = { Version: "2012-10-17", Statement: [{ Effect: "Permit", Action: "*", Resource: "*" }] };
    expect(() => protectedApp(issuer, { policies: { everyone: [bad] } })).toThrow(OptionsError);
    expect(() => protectedApp(issuer, { policies: { everyone: [bad] } })).toThrow(
      /policies\.everyone\[0\].*Statement\[0\]\.Effect/,
    );
    expect(() => protectedApp(issuer, { policies: { everyone: ["nope"] } })).toThrow(
      /policies\.everyone\[0\]: no policy named "nope"/,
    );
    expect(() => protectedApp(issuer, { policies: { routes: [{ path: "api" }] } })).toThrow(
      /policies\.routes\[0\]\.path: must start with \//,
    );
    expect(() => protectedApp(issuer, { accountId: "12" })).toThrow(/accountId: must be 12 digits/);
  });
});

describe("step-up (RFC 9470)", () => {
  const mfaAdmin = { routes: [{ path: "/api/admin/*", requireMfa: true }] };

  it("challenges a token without MFA on a route that requires it, and admits one with MFA", async () => {
    const { app, token } = await setup({ policies: mfaAdmin });
    expect((await get(app, await token())).status).toBe(200); // only /api/admin/* requires MFA
    const res = await get(app, await token({ amr: ["pwd"] }), "/api/admin/report");
    expect(res.status).toBe(401);
    expect(challenge(res)).toMatchObject({
      realm: "cognate",
      error: "insufficient_user_authentication",
      acr_values: "mfa",
    });
    expect(challenge(res).error_description).toMatch(/multi-factor/);
    // A token that says nothing of MFA is a token without MFA.
    expect((await get(app, await token(), "/api/admin/report")).status).toBe(401);
    expect((await get(app, await token({ amr: ["pwd", "mfa", "otp"] }), "/api/admin/report")).status).toBe(
      200,
    );
    expect((await get(app, await token({ amr: ["pwd", "sms"] }), "/api/admin/report")).status).toBe(200);
  });

  it("asks for max_age when MFA is too old, measured from auth_time", async () => {
    const { issuer, app, token } = await setup({
      policies: { routes: [{ path: "/api/admin/*", maxAuthAge: 300 }] },
      stepUp: { acrValues: ["urn:example:mfa"] },
    });
    const now = issuer.clock;
    const stale = await get(
      app,
      await token({ amr: ["pwd", "mfa"], auth_time: now - 301 }),
      "/api/admin/report",
    );
    expect(stale.status).toBe(401);
    expect(challenge(stale)).toMatchObject({ error: "insufficient_user_authentication", max_age: "300" });
    expect(challenge(stale).acr_values).toBeUndefined();
    expect(
      (await get(app, await token({ amr: ["pwd", "mfa"], auth_time: now - 300 }), "/api/admin/report"))
        .status,
    ).toBe(200);
    const none = await get(app, await token({ amr: ["pwd"], auth_time: now }), "/api/admin/report");
    expect(challenge(none)).toMatchObject({ max_age: "300", acr_values: "urn:example:mfa" });
  });

  it("derives the challenge from any policy whose only failing conditions are MFA conditions", async () => {
    const policy = allow("*", {
      Bool: { "aws:MultiFactorAuthPresent": "true" },
      NumericLessThan: { "aws:MultiFactorAuthAge": "600" },
    });
    const { issuer, app, token } = await setup({ policies: { everyone: [policy] } });
    const res = await get(app, await token({ amr: ["pwd"], auth_time: issuer.clock }));
    expect(challenge(res)).toMatchObject({
      error: "insufficient_user_authentication",
      max_age: "599",
      acr_values: "mfa",
    });
  });

  it("answers 403, not a challenge, when MFA would not help", async () => {
    const policy = allow("*", {
      Bool: { "aws:MultiFactorAuthPresent": "true" },
      StringEquals: { "jwt:username": "root" },
    });
    const { app, token } = await setup({ policies: { everyone: [policy] } });
    const res = await get(app, await token({ amr: ["pwd"] }));
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBeNull();
  });
});

describe("policies: what the request is, exactly", () => {
  it("decides HEAD as GET, so a GET Deny or GET route policy covers it", async () => {
    const { app, token } = await setup({
      policies: {
        everyone: [allow("*"), deny("arn:aws:execute-api:*:*:orders/prod/GET/api/admin/*")],
        routes: [{ method: "GET", path: "/api/orders/*", requireMfa: true }],
      },
    });
    expect((await send(app, await token(), "HEAD", "/api/admin/report")).status).toBe(403);
    expect((await send(app, await token(), "GET", "/api/admin/report")).status).toBe(403);
    expect((await send(app, await token({ amr: ["pwd"] }), "HEAD", "/api/orders/1")).status).toBe(401);
  });

  it("refuses paths that servers read in more than one way with 400", async () => {
    const { app, token } = await setup({
      policies: { everyone: [allow("*"), deny("arn:aws:execute-api:*:*:orders/prod/GET/api/admin/*")] },
    });
    for (const path of [
      "/api//admin/report",
      "/api/admin%2Freport",
      "/api/admin;x=1/report",
      "/api/admin%5Creport",
    ]) {
      const res = await get(app, await token(), path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ message: "Bad Request" });
    }
    expect((await get(app, await token(), "/api/orders/caf%C3%A9")).status).toBe(200);
    // Dot segments, encoded or not, are resolved by the URL parser before anyone sees them.
    expect((await get(app, await token(), "/api/a/%2e%2e/admin/report")).status).toBe(403);
  });

  it("requires a Principal in every statement of the resource policy, and none in identity policies", async () => {
    const issuer = await TestIssuer.create(COGNITO_ISSUER);
    expect(() => protectedApp(issuer, { policies: { resource: allow("*") } })).toThrow(
      /policies\.resource: .*Statement\[0\]: a resource policy statement needs a Principal/,
    );
    const named = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    };
    expect(() => protectedApp(issuer, { policies: { everyone: [named] } })).toThrow(
      /policies\.everyone\[0\]: .*Statement\[0\]\.Principal: an identity policy names no principal/,
    );
  });

  it("admits callers a resource policy names (Federated: the token's issuer)", async () => {
    const resource = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: COGNITO_ISSUER },
          Action: "execute-api:Invoke",
          Resource: "*",
        },
      ],
    };
    const { app, token } = await setup({ policies: { resource } });
    expect((await get(app, await token())).status).toBe(200);
  });
});

describe("step-up: what to ask for", () => {
  it("asks only for max_age when MFA is present but stale, with both shorthands on the route", async () => {
    const { issuer, app, token } = await setup({
      policies: { routes: [{ path: "/api/admin/*", requireMfa: true, maxAuthAge: 300 }] },
    });
    const stale = await get(
      app,
      await token({ amr: ["pwd", "otp"], auth_time: issuer.clock - 1000 }),
      "/api/admin/report",
    );
    expect(challenge(stale)).toMatchObject({ error: "insufficient_user_authentication", max_age: "300" });
    expect(challenge(stale).acr_values).toBeUndefined();
    // A refreshed token (new iat, old or no auth_time) does not count as a fresh MFA.
    expect(
      (await get(app, await token({ amr: ["pwd", "otp"], auth_time: undefined }), "/api/admin/report"))
        .status,
    ).toBe(401);
  });

  it("asks for the loosest max_age among the Allows that MFA would bring in", async () => {
    const policies = {
      everyone: [
        allow("*", { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, "Hour"),
        allow(
          "*",
          {
            NumericLessThan: { "aws:MultiFactorAuthAge": "60" },
            IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
          },
          "MinuteFromInside",
        ),
      ],
    };
    const { app, token } = await setup({ policies });
    const res = await get(app, await token({ amr: ["pwd"] }));
    expect(challenge(res)).toMatchObject({
      error: "insufficient_user_authentication",
      max_age: "3599",
      acr_values: "mfa",
    });
  });
});
