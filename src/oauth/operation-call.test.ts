import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { secretHash } from "../user-pool/secret-hash.js";
import { memoryContext } from "./fixture.testing.js";
import type { Hosted } from "./hosted.js";
import { callOperation, operationRequest, secretHashFor } from "./operation-call.js";

async function setUp() {
  const ctx = memoryContext();
  const store = await ctx.store();
  const pool = (await store.pools.create(
    { id: "us-east-1_Pages1", name: "p", config: { Policies: { PasswordPolicy: { MinimumLength: 8 } } } },
    1,
  ))!;
  await store.clients.create({ id: "pub1client", poolId: pool.id, name: "web", secret: null, config: {} }, 1);
  const seen: (string | undefined)[] = [];
  const hosted: Hosted = {
    ctx,
    pool,
    issuer: `http://localhost/${pool.id}`,
    base: `/${pool.id}`,
    https: false,
    options: {
      publicUrl: undefined,
      domainSuffix: "localhost",
      scheme: () => "http",
      getConnInfo: () => {
        seen.push("asked");
        return { remote: { address: "198.51.100.7" } };
      },
      fromTrustedProxy: () => false,
    },
  };
  return { hosted, seen };
}

/** Runs `callOperation` inside a request, as an endpoint would. */
async function call(hosted: Hosted, name: string, input: Record<string, unknown>) {
  const app = new Hono();
  let result: unknown;
  let thrown: unknown;
  app.get("/", async (c) => {
    try {
      result = await callOperation(c, hosted, name, input);
    } catch (error) {
      thrown = error;
    }
    return c.text("ok");
  });
  await app.request("/");
  if (thrown !== undefined) throw thrown;
  return result as Awaited<ReturnType<typeof callOperation>>;
}

describe("calling a user-pool operation in-process", () => {
  it("runs the operation with the client's address and returns its output", async () => {
    const { hosted, seen } = await setUp();
    const result = await call(hosted, "SignUp", {
      ClientId: "pub1client",
      Username: "jane",
      Password: "long-password1A!",
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.output.UserConfirmed).toBe(false);
    expect(seen.length).toBeGreaterThan(0);
  });

  it("checks the input shape as over the wire and returns Cognito's error", async () => {
    const { hosted } = await setUp();
    const result = await call(hosted, "SignUp", { ClientId: "pub1client", Username: "", Password: "x" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.type).toBe("InvalidParameterException");
    expect(!result.ok && result.error.message).toMatch(/validation errors? detected/);
    const policy = await call(hosted, "SignUp", {
      ClientId: "pub1client",
      Username: "bob",
      Password: "abcdefg",
    });
    expect(!policy.ok && policy.error.type).toBe("InvalidPasswordException");
  });

  it("refuses to run an operation the API signs: a page never acts as the admin", async () => {
    const { hosted } = await setUp();
    await expect(
      call(hosted, "AdminCreateUser", { UserPoolId: hosted.pool.id, Username: "x" }),
    ).rejects.toThrow(/not an unsigned/);
  });

  it("passes location headers to the operation only from a trusted proxy, as the API does", async () => {
    const { hosted } = await setUp();
    const located = {
      "cf-ipcountry": "NZ",
      "cf-iplatitude": "-41.3",
      "cf-ipcity": "Wellington",
      "cf-region": "Wellington",
      "cf-timezone": "Pacific/Auckland",
      "user-agent": "test-browser",
    };
    const seenBy = async (trusted: boolean) => {
      const app = new Hono();
      let headers: Headers | undefined;
      app.get("/", (c) => {
        headers = operationRequest(c, {
          ...hosted,
          options: { ...hosted.options, fromTrustedProxy: () => trusted },
        }).headers as Headers;
        return c.text("ok");
      });
      await app.request("/", { headers: located });
      return Object.fromEntries(headers!.entries());
    };
    expect(await seenBy(false)).toEqual({ "user-agent": "test-browser" });
    expect(await seenBy(true)).toMatchObject(located);
  });

  it("computes the SecretHash for a client with a secret, none for a public client", async () => {
    expect(await secretHashFor({ id: "c1", secrets: [] }, "jane")).toEqual({});
    expect(await secretHashFor({ id: "c1", secrets: ["old", "new"] }, "jane")).toEqual({
      SecretHash: await secretHash("jane", "c1", "new"),
    });
  });
});
