// authorizer({ iam }) mounted in an app, in process (and again inside workerd): requests signed by
// @smithy/signature-v4 with temporary credentials issued by issueSession.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { authorizer, OptionsError, type Principal } from "../../src/index.js";
import { issueSession, type IssuedSession, type SessionFacts } from "../../src/iam/credentials.js";
import { SignatureThrottle } from "../../src/protocol/sigv4.js";
import { generateMasterKey, importMasterKey } from "../../src/runtime/master-key.js";
import { credentialsOf, signRequest } from "../helpers/execute-api.js";

const POOL = "us-east-1:4f1e6a2c-1111-4222-8333-444455556666";
const IDENTITY = "us-east-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
const PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
    },
  ],
};
const allow = (resource: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: resource }],
});
const ROLES = {
  Reader: {
    AssumeRolePolicyDocument: TRUST,
    Policies: {
      own: allow(
        "arn:aws:execute-api:us-east-1:000000000000:cognate/$default/*/files/${cognito-identity.amazonaws.com:sub}/*",
      ),
    },
  },
};

const FACTS: SessionFacts = {
  roleArn: "arn:aws:iam::123456789012:role/Reader",
  roleSessionName: "CognitoIdentityCredentials",
  provider: "cognito-identity.amazonaws.com",
  audience: POOL,
  subject: IDENTITY,
  amr: ["authenticated", PROVIDER, `${PROVIDER}:CognitoSignIn:5e1f0c39`],
  identityId: IDENTITY,
  identityPoolId: POOL,
  principalTags: {},
};

async function setup(clock = { now: Date.now() }) {
  const masterKeyText = generateMasterKey();
  const app = new Hono();
  app.use("/files/*", authorizer({ iam: { masterKey: masterKeyText, roles: ROLES }, now: () => clock.now }));
  app.all("/files/*", async (c) =>
    c.json({ principal: c.var.principal, body: c.req.method === "POST" ? await c.req.json() : null }),
  );
  const key = await importMasterKey(masterKeyText);
  const issue = (facts: Partial<SessionFacts> = {}) =>
    issueSession(key, { ...FACTS, ...facts }, clock.now, 3600);
  return { app, issue, clock };
}

async function call(
  app: Hono,
  session: IssuedSession | undefined,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  options: { presign?: boolean; signingDate?: Date } = {},
) {
  const url = `https://gw.example${path}`;
  if (session === undefined) return app.request(url, init);
  const signed = await signRequest(credentialsOf(session), url, init, options);
  return app.request(signed.url, signed.init);
}

describe("authorizer({ iam })", () => {
  it("admits what the role allows, publishing the session as the principal, the body readable again", async () => {
    const { app, issue } = await setup();
    const session = await issue();
    const res = await call(app, session, `/files/${IDENTITY}/a.txt`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(res.status).toBe(200);
    const { principal, body } = (await res.json()) as {
      principal: Principal;
      body: unknown;
    };
    expect(body).toEqual({ hello: "world" });
    expect(principal).toMatchObject({
      sub: IDENTITY,
      issuer: "cognito-identity.amazonaws.com",
      clientId: POOL,
      groups: [],
      iam: {
        accessKeyId: session.AccessKeyId,
        roleName: "Reader",
        roleArn: "arn:aws:iam::000000000000:role/Reader",
        roleSessionName: "CognitoIdentityCredentials",
        userArn: "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials",
        identityId: IDENTITY,
        identityPoolId: POOL,
        authenticationType: "authenticated",
        authenticationProviders: [PROVIDER, `${PROVIDER}:CognitoSignIn:5e1f0c39`],
      },
    });
    expect(principal.iam!.caller).toMatch(/^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);
    expect(JSON.stringify(principal)).not.toContain(session.SecretKey);
    const presigned = await call(app, session, `/files/${IDENTITY}/b.txt`, {}, { presign: true });
    expect(presigned.status).toBe(200);
  });

  it("answers 403 with API Gateway's words where the role does not allow", async () => {
    const { app, issue } = await setup();
    const res = await call(app, await issue(), "/files/us-east-1:someone-else/a.txt");
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
    expect(await res.json()).toEqual({
      Message:
        "User: arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials is not authorized to perform: " +
        "execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:cognate/$default/GET/files/us-east-1:someone-else/a.txt " +
        "because no identity-based policy allows the execute-api:Invoke action",
    });
  });

  it("refuses a request without a signature, without a session token, or once the session has expired", async () => {
    const { app, issue, clock } = await setup();
    const missing = await call(app, undefined, `/files/${IDENTITY}/a.txt`);
    expect([missing.status, await missing.json()]).toEqual([
      403,
      { message: "Missing Authentication Token" },
    ]);
    const session = await issue();
    const noToken = await signRequest(
      { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretKey },
      `https://gw.example/files/${IDENTITY}/a.txt`,
    );
    const refused = await app.request(noToken.url, noToken.init);
    expect([refused.status, await refused.json()]).toEqual([
      403,
      { message: "The security token included in the request is invalid." },
    ]);
    clock.now += 3600_000;
    const expired = await call(
      app,
      session,
      `/files/${IDENTITY}/a.txt`,
      {},
      { signingDate: new Date(clock.now) },
    );
    expect([expired.status, await expired.json()]).toEqual([
      403,
      { message: "The security token included in the request is expired" },
    ]);
  });

  it("hands every request of a session one frozen principal, and each session its own", async () => {
    const masterKeyText = generateMasterKey();
    const seen: Principal[] = [];
    const app = new Hono();
    app.use("/files/*", authorizer({ iam: { masterKey: masterKeyText, roles: ROLES } }));
    app.get("/files/*", (c) => {
      seen.push(c.var.principal);
      return c.text("ok");
    });
    const key = await importMasterKey(masterKeyText);
    const alice = await issueSession(key, FACTS, Date.now(), 3600);
    const other = await issueSession(key, FACTS, Date.now(), 3600);
    for (const session of [alice, alice, other, alice])
      expect((await call(app, session, `/files/${IDENTITY}/a`)).status).toBe(200);
    const [first, second, third, fourth] = seen;
    expect(second).toBe(first);
    expect(fourth).toBe(first);
    expect(third).not.toBe(first);
    expect([first!.iam!.accessKeyId, third!.iam!.accessKeyId]).toEqual([
      alice.AccessKeyId,
      other.AccessKeyId,
    ]);
    // Shared between requests: no handler may change what the next request sees.
    expect(Object.isFrozen(first) && Object.isFrozen(first!.iam) && Object.isFrozen(first!.iam!.amr)).toBe(
      true,
    );
  });

  it("refuses a session whose role is no longer there as an invalid token", async () => {
    const { app, issue } = await setup();
    const res = await call(
      app,
      await issue({ roleArn: "arn:aws:iam::000000000000:role/Gone" }),
      `/files/${IDENTITY}/a`,
    );
    expect([res.status, await res.json()]).toEqual([
      403,
      { message: "The security token included in the request is invalid." },
    ]);
  });

  it("checks its options when made, naming the field", () => {
    const made = (options: unknown) => () => authorizer(options as Parameters<typeof authorizer>[0]);
    expect(made({ iam: { roles: ROLES } })).toThrow(OptionsError);
    expect(made({ iam: { roles: ROLES } })).toThrow(/^iam\.masterKey: is required/);
    expect(made({ iam: { masterKey: "short", roles: ROLES } })).toThrow(/^iam\.masterKey: is required/);
    expect(made({ iam: { masterKey: generateMasterKey() } })).toThrow(/^iam\.roles: is required/);
    expect(made({ iam: { masterKey: generateMasterKey(), roles: { Reader: {} } } })).toThrow(
      /^iam\.roles\.Reader\.AssumeRolePolicyDocument: is required/,
    );
    expect(made({ iam: { masterKey: generateMasterKey(), roles: ROLES }, issuers: [] })).toThrow(
      /^issuers: unknown field/,
    );
  });

  it("charges failed signatures to the key's throttle: past the burst, 429 unverified", async () => {
    const masterKey = generateMasterKey();
    const app = new Hono();
    const throttle = new SignatureThrottle({ burst: 2 });
    app.use("/files/*", authorizer({ iam: { masterKey, roles: ROLES, throttle } }));
    app.get("/files/*", (c) => c.text("ok"));
    const session = await issueSession(await importMasterKey(masterKey), FACTS, Date.now(), 3600);
    const wrongSecret = { ...credentialsOf(session), secretAccessKey: "x".repeat(40) };
    const attempt = async (credentials: typeof wrongSecret) => {
      const signed = await signRequest(credentials, `https://gw.example/files/${IDENTITY}/a`);
      return app.request(signed.url, signed.init);
    };
    expect((await attempt(wrongSecret)).status).toBe(403);
    expect((await attempt(wrongSecret)).status).toBe(403);
    const throttled = await attempt(wrongSecret);
    expect([throttled.status, await throttled.json()]).toEqual([429, { message: "Too Many Requests" }]);
    // From the same network the key's holder waits too, until the bucket refills: the budget is per key and network.
    expect((await attempt(credentialsOf(session))).status).toBe(429);
  });

  it("answers malformed credentials with 403 (or 400 for an ambiguous path), never 500", async () => {
    const { app, issue } = await setup();
    const session = await issue();
    const url = `https://gw.example/files/${IDENTITY}/a`;
    const cases: [string, RequestInit][] = [
      [url, { headers: { authorization: "Bearer abc.def.ghi" } }],
      [url, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=x" } }],
      [
        url,
        {
          headers: {
            authorization: "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
          },
        },
      ],
      [url, { headers: { authorization: "AWS4-HMAC-SHA512 Credential=a" } }],
      [`${url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%ZZ&X-Amz-Signature=1`, {}],
      [
        `${url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a/b/c/d/e&X-Amz-Date=x&X-Amz-SignedHeaders=host&X-Amz-Signature=1&X-Amz-Expires=zz`,
        {},
      ],
      [
        url,
        {
          method: "POST",
          headers: { authorization: "AWS4-HMAC-SHA256 ,,,", "content-type": "x" },
          body: "\u0000",
        },
      ],
    ];
    for (const [target, init] of cases) {
      const res = await app.request(target, init);
      expect(res.status, `${target} ${JSON.stringify(init)}`).toBe(403);
    }
    // A real signature with a session token that is not one of ours, or far too long.
    for (const sessionToken of ["garbage", "s1.ASIAAAAAAAAAAAAAAAAA.v1.x.y", "x".repeat(100_000)]) {
      const signed = await signRequest({ ...credentialsOf(session), sessionToken }, url);
      const res = await app.request(signed.url, signed.init);
      expect([res.status, await res.json()]).toEqual([
        403,
        { message: "The security token included in the request is invalid." },
      ]);
    }
    // Signed, but a path servers may read two ways.
    const ambiguous = await signRequest(credentialsOf(session), `https://gw.example/files/${IDENTITY}/a%2Fb`);
    expect((await app.request(ambiguous.url, ambiguous.init)).status).toBe(400);
  });

  it("gives the policies the request's facts: aws:SourceIp, aws:SecureTransport, aws:CurrentTime, aws:EpochTime", async () => {
    const masterKey = generateMasterKey();
    const roles = {
      Reader: {
        AssumeRolePolicyDocument: ROLES.Reader.AssumeRolePolicyDocument,
        Policies: {
          office: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: "execute-api:Invoke",
                Resource: "*",
                Condition: {
                  IpAddress: { "aws:SourceIp": "203.0.113.0/24" },
                  Bool: { "aws:SecureTransport": "true" },
                  DateLessThan: { "aws:CurrentTime": "2100-01-01T00:00:00Z" },
                  NumericGreaterThan: { "aws:EpochTime": "1700000000" },
                },
              },
            ],
          },
        },
      },
    };
    const app = new Hono();
    app.use(
      "/files/*",
      authorizer({
        iam: { masterKey, roles },
        sourceIp: (c) => c.req.header("x-test-client"),
        secureTransport: (c) => c.req.url.startsWith("https:"),
      }),
    );
    app.get("/files/*", (c) => c.text("ok"));
    const session = await issueSession(await importMasterKey(masterKey), FACTS, Date.now(), 3600);
    const from = async (address: string, scheme = "https") => {
      const signed = await signRequest(credentialsOf(session), `${scheme}://gw.example/files/a`);
      return (
        await app.request(signed.url, {
          ...signed.init,
          headers: { ...signed.init.headers, "x-test-client": address },
        })
      ).status;
    };
    expect(await from("203.0.113.9")).toBe(200);
    expect(await from("::ffff:203.0.113.9")).toBe(200);
    expect(await from("198.51.100.1")).toBe(403);
    expect(await from("203.0.113.9", "http")).toBe(403);
  });
});
