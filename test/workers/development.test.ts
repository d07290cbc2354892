// The Worker in development (COGNATE_ENV=development, what `npm run dev:worker` passes) and in
// production without its secrets, inside workerd on D1: development makes up the admin key pair
// and the master key once and keeps them in D1; production makes up nothing and answers a Cognito
// call that needs a missing setting with a non-retryable error naming it.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/entry/worker.js";
import { DEVELOPMENT_SECRET_QUERY } from "../../src/entry/worker-dev-values.js";

afterEach(() => vi.restoreAllMocks());

const MASTER_KEY = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const ADMIN = {
  COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEDEVTEST01",
  COGNATE_ADMIN_SECRET_ACCESS_KEY: "dev/test+secret0123456789abcdefghijkl",
};

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

type HttpRequest = Parameters<SignatureV4["sign"]>[0];

/** `request` signed (SigV4, us-east-1) for `service` with `keys`, or as it is without them. */
async function signedFor(service: string, request: HttpRequest, keys?: Keys) {
  return keys === undefined
    ? request
    : await new SignatureV4({ credentials: keys, region: "us-east-1", service, sha256: Sha256 }).sign(
        request,
      );
}

/** A Cognito IdP call as an SDK client sends it, signed with `keys` when given. */
async function idp(operation: string, input: unknown, keys?: Keys): Promise<Request> {
  const request = {
    method: "POST",
    protocol: "http:",
    hostname: "cognate.test",
    path: "/",
    headers: {
      host: "cognate.test",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(input),
  };
  const signed = await signedFor("cognito-idp", request, keys);
  return new Request("http://cognate.test/", { method: "POST", headers: signed.headers, body: request.body });
}

/** `GET /admin/outbox`, signed for `iam` with `keys` when given. */
async function outboxRequest(keys?: Keys): Promise<Request> {
  const request = {
    method: "GET",
    protocol: "http:",
    hostname: "cognate.test",
    path: "/admin/outbox",
    headers: { host: "cognate.test" },
  };
  const signed = await signedFor("iam", request, keys);
  return new Request("http://cognate.test/admin/outbox", { headers: signed.headers });
}

/** Calls the Worker with `bindings`, recording what it logs. */
async function call(request: Request, bindings: Record<string, unknown>) {
  const logged: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void logged.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args) => void logged.push(args.join(" ")));
  const response = await worker.fetch(request, bindings, {});
  vi.restoreAllMocks();
  // Read as bytes: workerd warns when text() meets a content type it does not take for text.
  const text = new TextDecoder().decode(await response.arrayBuffer());
  return { response, text, body: text === "" ? undefined : JSON.parse(text), logged };
}

describe("a Worker in production without its secrets", () => {
  it("answers every Cognito call without COGNATE_MASTER_KEY with a 501 naming it, logged once", async () => {
    const bindings = { ...ADMIN, DB: env.DB };
    const first = await call(await idp("ListUserPools", { MaxResults: 1 }, keysOf(ADMIN)), bindings);
    // 501: neither the AWS SDKs nor the AWS CLI retry it (they retry 500, 502, 503, 504).
    expect(first.response.status).toBe(501);
    expect(first.body.__type).toBe("InternalErrorException");
    expect(first.body.message).toMatch(/COGNATE_MASTER_KEY is not set/);
    expect(first.logged).toEqual([expect.stringMatching(/configuration error: COGNATE_MASTER_KEY not set/)]);
    const unsigned = await call(
      await idp("SignUp", { ClientId: "x", Username: "u", Password: "p" }),
      bindings,
    );
    expect(unsigned.response.status).toBe(501);
    expect(unsigned.logged).toEqual([]);
    // Everything else is served.
    expect((await call(new Request("http://cognate.test/health"), bindings)).response.status).toBe(200);
  });

  it("answers a signed call without the admin key pair with UnrecognizedClientException naming it", async () => {
    const bindings = { COGNATE_MASTER_KEY: MASTER_KEY, DB: env.DB };
    const signed = await call(await idp("ListUserPools", { MaxResults: 1 }, keysOf(ADMIN)), bindings);
    expect(signed.response.status).toBe(400);
    expect(signed.body.__type).toBe("UnrecognizedClientException");
    expect(signed.body.message).toMatch(
      /COGNATE_ADMIN_ACCESS_KEY_ID and COGNATE_ADMIN_SECRET_ACCESS_KEY are not set/,
    );
    expect(signed.logged).toEqual([expect.stringMatching(/COGNATE_ADMIN_ACCESS_KEY_ID/)]);
    // An unsigned call needs no admin key: it is answered as usual.
    const unsigned = await call(
      await idp("SignUp", {
        ClientId: "nosuchclient00000000000000",
        Username: "u",
        Password: "Correct-Horse-9!",
      }),
      bindings,
    );
    expect(unsigned.body.__type).toBe("ResourceNotFoundException");
  });

  it("names the setting of a configuration error to an AWS client, without its problem, and does not ask for a retry", async () => {
    const bindings = { COGNATE_CONFIG: `{"assertionKey":{"kty":"EC","d":'c2VjcmV0LWtleQ'}}` };
    const answer = await call(await idp("ListUserPools", { MaxResults: 1 }), bindings);
    expect(answer.response.status).toBe(501);
    expect(answer.response.headers.get("retry-after")).toBeNull();
    expect(answer.body).toEqual({
      __type: "InternalErrorException",
      message: "cognate is misconfigured: COGNATE_CONFIG (the problem is in the operator's log)",
    });
    expect(answer.text).not.toContain("c2VjcmV0");
  });

  it("has no outbox and generates nothing", async () => {
    const bindings = { ...ADMIN, COGNATE_MASTER_KEY: MASTER_KEY, DB: env.DB };
    const outbox = await call(await outboxRequest(keysOf(ADMIN)), bindings);
    expect(outbox.response.status).toBe(404);
    for (const mode of ["production", ""]) {
      const answer = await call(await idp("ListUserPools", { MaxResults: 1 }), {
        COGNATE_ENV: mode,
        DB: env.DB,
      });
      expect(answer.response.status).toBe(501);
    }
  });

  it("refuses a COGNATE_ENV it does not know", async () => {
    const answer = await call(new Request("http://cognate.test/health"), { COGNATE_ENV: "dev" });
    expect(answer.response.status).toBe(503);
    expect(answer.logged).toEqual([
      expect.stringMatching(/COGNATE_ENV: must be "development" or "production"/),
    ]);
  });
});

describe("a Worker in development (COGNATE_ENV=development)", () => {
  it("generates the admin key pair and the master key once, keeps them in D1, and prints the key id and where its secret is, never the secret", async () => {
    const first = await call(new Request("http://cognate.test/health"), {
      COGNATE_ENV: "development",
      DB: env.DB,
    });
    expect(first.response.status).toBe(200);
    const keys = await keysFromLog(first.logged);
    expect(first.logged.join("\n")).toMatch(/values generated, kept in D1 table cognate_development/);
    // A new bindings object (a restart of wrangler dev) finds the same values.
    const bindings = { COGNATE_ENV: "development", DB: env.DB };
    const created = await call(await idp("CreateUserPool", { PoolName: "dev" }, keys), bindings);
    expect(created.response.status).toBe(200);
    expect(await keysFromLog(created.logged)).toEqual(keys);
    expect(created.logged.join("\n")).toMatch(/values reused/);
    // Another bindings object seals and opens with the same master key: the pool's keys are readable.
    const again = { COGNATE_ENV: "development", DB: env.DB };
    const poolId = created.body.UserPool.Id as string;
    const client = await call(
      await idp(
        "CreateUserPoolClient",
        { UserPoolId: poolId, ClientName: "web", GenerateSecret: true },
        keys,
      ),
      again,
    );
    expect(client.response.status).toBe(200);
    const described = await call(
      await idp(
        "DescribeUserPoolClient",
        { UserPoolId: poolId, ClientId: client.body.UserPoolClient.ClientId },
        keys,
      ),
      { COGNATE_ENV: "development", DB: env.DB },
    );
    expect(described.body.UserPoolClient.ClientSecret).toBe(client.body.UserPoolClient.ClientSecret);
  });

  it("uses the secrets it is given, and makes up only the missing ones", async () => {
    const given = await call(await idp("ListUserPools", { MaxResults: 1 }, keysOf(ADMIN)), {
      ...ADMIN,
      COGNATE_ENV: "development",
      DB: env.DB,
    });
    expect(given.response.status).toBe(200);
    expect(given.logged.join("\n")).not.toMatch(/AWS_ACCESS_KEY_ID/);
    expect(given.logged.join("\n")).toMatch(/master key {2}generated/);
  });

  it("keeps every message it sends in the log and at GET /admin/outbox, for the admin key only", async () => {
    const bindings = { ...ADMIN, COGNATE_ENV: "development", DB: env.DB };
    const admin = keysOf(ADMIN);
    const pool = await call(
      await idp("CreateUserPool", { PoolName: "outbox", AutoVerifiedAttributes: ["email"] }, admin),
      bindings,
    );
    const poolId = pool.body.UserPool.Id as string;
    const client = await call(
      await idp("CreateUserPoolClient", { UserPoolId: poolId, ClientName: "web" }, admin),
      {
        ...bindings,
      },
    );
    const signUp = await call(
      await idp("SignUp", {
        ClientId: client.body.UserPoolClient.ClientId,
        Username: "dev-user",
        Password: "Correct-Horse-9!",
        UserAttributes: [{ Name: "email", Value: "dev-user@example.com" }],
      }),
      bindings,
    );
    expect(signUp.response.status).toBe(200);
    const line = signUp.logged.find((l) => l.includes("EMAIL to dev-user@example.com"));
    expect(line).toMatch(new RegExp(`\\(${poolId}, dev-user\\): code \\d{6}`));

    const read = await call(await outboxRequest(admin), bindings);
    expect(read.response.status).toBe(200);
    expect(read.response.headers.get("content-type")).toBe("application/x-ndjson");
    const messages = read.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const mine = messages.filter((m) => m.username === "dev-user" && m.userPoolId === poolId);
    expect(mine).toHaveLength(1);
    expect(line).toContain(`code ${mine[0].code}`);
    const confirmed = await call(
      await idp("ConfirmSignUp", {
        ClientId: client.body.UserPoolClient.ClientId,
        Username: "dev-user",
        ConfirmationCode: mine[0].code,
      }),
      bindings,
    );
    expect(confirmed.response.status).toBe(200);

    const unsigned = await call(await outboxRequest(), bindings);
    expect(unsigned.body.__type).toBe("MissingAuthenticationTokenException");
    expect(unsigned.text).not.toContain(mine[0].code);
    const wrongKey = await call(
      await outboxRequest({
        accessKeyId: "AKIANOTTHEADMINKEY01",
        secretAccessKey: ADMIN.COGNATE_ADMIN_SECRET_ACCESS_KEY,
      }),
      bindings,
    );
    expect(wrongKey.body.__type).toBe("UnrecognizedClientException");
  });
});

function keysOf(admin: typeof ADMIN): Keys {
  return {
    accessKeyId: admin.COGNATE_ADMIN_ACCESS_KEY_ID,
    secretAccessKey: admin.COGNATE_ADMIN_SECRET_ACCESS_KEY,
  };
}

/** The key id from the log, and the secret where the log says to read it (never from the log itself). */
async function keysFromLog(logged: string[]): Promise<Keys> {
  const text = logged.join("\n");
  const match =
    /AWS_ACCESS_KEY_ID=(\w+); its secret: npx wrangler d1 execute DB --local --json --command "([^"]+)"/.exec(
      text,
    );
  if (match === null) throw new Error(`no development key id in the log:\n${text}`);
  expect(match[2]).toBe(DEVELOPMENT_SECRET_QUERY);
  const row = (await env.DB.prepare(match[2]!).all()).results?.[0] as { secret: string } | undefined;
  expect(row?.secret).toMatch(/^\S{40}$/);
  expect(text).not.toContain(row!.secret);
  return { accessKeyId: match[1]!, secretAccessKey: row!.secret };
}
