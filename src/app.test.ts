import { describe, expect, it } from "vitest";
import { createGateway } from "./app.js";
import { OptionsError } from "./util/validate.js";
import { openSqliteDatabase, sqliteDriver } from "./storage/sqlite.node.js";

describe("createGateway", () => {
  it("returns the Hono app, with /health and API Gateway's 404 body", async () => {
    const app = createGateway({ region: "eu-west-1" }, { name: "test" });
    const health = await app.request("/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "ok",
      service: "cognate",
      runtime: "test",
      region: "eu-west-1",
    });
    const missing = await app.request("/nowhere");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "Not Found" });
  });

  it("defaults to us-east-1, and refuses a bad configuration naming the field", () => {
    expect(createGateway()).toBeDefined();
    expect(() => createGateway({ region: "mars" })).toThrow(OptionsError);
    expect(() => createGateway({ region: "mars" })).toThrow(/^region: must be an AWS region/);
  });

  it("serves /health ahead of the route table, and checks the routes' authorizer options", async () => {
    const app = createGateway(
      { routes: [{ path: "/*", upstream: "http://127.0.0.1:1", auth: "none" }] },
      { name: "test" },
    );
    expect((await app.request("/health")).status).toBe(200);
    const auth = {
      issuers: [
        { type: "cognito" as const, userPoolId: "pool", clientId: null, tokenUse: "access" as const },
      ],
    };
    expect(() => createGateway({ routes: [{ path: "/*", upstream: "http://127.0.0.1:1", auth }] })).toThrow(
      /^routes\[0\]\.auth\.issuers\[0\]\.userPoolId: /,
    );
    expect(() => createGateway({ routes: [{ path: "/*", upstream: "ftp://x", auth: "none" }] })).toThrow(
      OptionsError,
    );
  });

  it("answers an unexpected error with a 500 that says nothing of it", async () => {
    const app = createGateway();
    app.get("/boom", () => {
      throw new Error("secret detail");
    });
    const originalError = console.error;
    console.error = () => {};
    try {
      const res = await app.request("/boom");
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('{"message":"Internal server error"}');
    } finally {
      console.error = originalError;
    }
  });

  it("answers POST / as the Cognito IdP API only when it names an operation; otherwise it is the route table's", async () => {
    const storage = sqliteDriver(openSqliteDatabase(":memory:"));
    const app = createGateway({}, { name: "test", storage });
    const call = await app.request("/", {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools",
      },
      body: JSON.stringify({ MaxResults: 1 }),
    });
    expect(call.status).toBe(400);
    expect(call.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException:/);
    const preflight = await app.request("/", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const plain = await createGateway({}, { name: "test", storage }).request("/", {
      method: "POST",
      body: "{}",
    });
    expect(plain.status).toBe(404);
    expect(await plain.json()).toEqual({ message: "Not Found" });
  });
});
