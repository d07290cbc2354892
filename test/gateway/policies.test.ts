// The Node entry with a route whose authorizer evaluates policies named from a policies directory,
// against an issuer whose JWKS is served over real HTTP; and the SigV4-signed admin simulate
// endpoint, called with the real AWS signer.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { challenge } from "../helpers/app.js";
import { issuerOverHttp, startUpstream, type Seen } from "./servers.js";

const cleanups: Array<() => Promise<void>> = [];
beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

const ADMIN = {
  accessKeyId: "AKIAADMINTEST0000001",
  secretAccessKey: "admin-test-secret/0123456789abcdefghij",
};

function workspace(config: unknown, policies: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), "cognate-policies-"));
  mkdirSync(join(dir, "policies"));
  for (const [name, doc] of Object.entries(policies))
    writeFileSync(join(dir, "policies", `${name}.json`), JSON.stringify(doc));
  writeFileSync(join(dir, "cognate.json"), JSON.stringify(config));
  return {
    COGNATE_DATA_DIR: dir,
    COGNATE_CONFIG: join(dir, "cognate.json"),
    COGNATE_POLICIES: join(dir, "policies"),
    PORT: "0",
  };
}

const ORDERS = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Orders",
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: "arn:aws:execute-api:eu-west-1:*:shop/live/*/orders/*",
    },
  ],
};

describe("gateway routes with policies", () => {
  it("forwards what the named policies allow, denies the rest with 403, and steps up for MFA", async () => {
    const issuer = await issuerOverHttp(cleanups);
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const auth = {
      issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
      apiId: "shop",
      stage: "live",
      policies: { everyone: ["orders"], routes: [{ method: "DELETE", path: "/orders/*", requireMfa: true }] },
    };
    const env = workspace(
      { region: "eu-west-1", routes: [{ path: "/*", upstream: upstream.url, auth }] },
      { orders: ORDERS },
    );
    const server = await start(env);
    cleanups.push(server.close);
    const token = (extra: Record<string, unknown> = {}) => issuer.sign({ sub: "u-1", aud: "shop", ...extra });
    const call = async (method: string, path: string, t: string) =>
      fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${t}` } });

    const ok = await call("GET", "/orders/7", await token());
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Seen).headers["x-cognate-sub"]).toBe("u-1");
    const denied = await call("GET", "/invoices/7", await token());
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ message: "User is not authorized to access this resource" });
    const stepUp = await call("DELETE", "/orders/7", await token({ amr: ["pwd"] }));
    expect(stepUp.status).toBe(401);
    expect(challenge(stepUp)).toMatchObject({ error: "insufficient_user_authentication", acr_values: "mfa" });
    expect((await call("DELETE", "/orders/7", await token({ amr: ["pwd", "otp"] }))).status).toBe(200);
    expect(upstream.seen.map((s) => `${s.method} ${s.url}`)).toEqual(["GET /orders/7", "DELETE /orders/7"]);
  });

  it("refuses to start on a bad policy file, naming the file, the statement and the field", async () => {
    const env = workspace(
      {},
      {
        broken: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "X",
              Effect: "Allow",
              Action: "*",
              Resource: "*",
              Condition: { StringEqualz: { a: "b" } },
            },
          ],
        },
      },
    );
    await expect(start(env)).rejects.toThrow(
      /policies\/broken\.json: Statement\[0\] \(Sid "X"\)\.Condition\.StringEqualz: unknown condition operator/,
    );
  });

  // Either would silently switch its Deny off (attack 3 finding 03; attack 4 finding 04).
  it.each([
    {
      what: "a malformed policy variable",
      file: "tenant",
      deny: {
        Sid: "DenyOtherTenants",
        NotResource: 'arn:aws:execute-api:*:*:*/*/*/tenants/${jwt:tenant, "-"}/*',
      },
      error:
        'policies/tenant.json: Statement[1] (Sid "DenyOtherTenants").NotResource: ${jwt:tenant, "-"} is not a well-formed policy variable',
    },
    {
      what: "a ${ with no closing brace",
      file: "selfdelete",
      deny: { Sid: "NoSelfDelete", Resource: "arn:aws:execute-api:*:*:*/*/DELETE/u/users/${aws:username" },
      error:
        'policies/selfdelete.json: Statement[1] (Sid "NoSelfDelete").Resource: ${aws:username is not a well-formed policy variable',
    },
  ])("refuses to start on $what, which would switch its Deny off", async ({ file, deny, error }) => {
    const env = workspace(
      {},
      {
        [file]: {
          Version: "2012-10-17",
          Statement: [
            { Sid: "AllowAll", Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" },
            { Effect: "Deny", Action: "execute-api:Invoke", ...deny },
          ],
        },
      },
    );
    await expect(start(env)).rejects.toThrow(error);
  });
});

describe("the tenant guards of docs/policies.md, over the wire (attack 3 finding 02)", () => {
  const TENANTS = "arn:aws:execute-api:*:*:*/*/*/tenants";
  const allow = (condition?: Record<string, unknown>) => ({
    Effect: "Allow",
    Action: "execute-api:Invoke",
    Resource: `${TENANTS}/*`,
    ...(condition === undefined ? {} : { Condition: condition }),
  });
  const denyOthers = (variable: string) => ({
    Effect: "Deny",
    Action: "execute-api:Invoke",
    NotResource: `${TENANTS}/${variable}/*`,
  });
  const policy = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });

  it("keeps absent, list-valued and other tenants out with a default or the key required in the Allow", async () => {
    const issuer = await issuerOverHttp(cleanups);
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const route = (path: string, name: string) => ({
      path: `/${path}/*`,
      upstream: upstream.url,
      stripPrefix: `/${path}`,
      auth: {
        issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
        policies: { everyone: [name] },
      },
    });
    const env = workspace(
      { routes: [route("d", "by-default"), route("r", "required"), route("n", "null-only")] },
      {
        "by-default": policy(allow(), denyOthers("${jwt:tenant, '-'}")),
        required: policy(allow({ StringLike: { "jwt:tenant": "?*" } }), denyOthers("${jwt:tenant}")),
        "null-only": policy(allow(), denyOthers("${jwt:tenant}"), {
          Effect: "Deny",
          Action: "execute-api:Invoke",
          Resource: "*",
          Condition: { Null: { "jwt:tenant": "true" } },
        }),
      },
    );
    const server = await start(env);
    cleanups.push(server.close);
    const status = async (prefix: string, tenant: unknown) => {
      const token = await issuer.sign({
        sub: "u-1",
        aud: "shop",
        ...(tenant === undefined ? {} : { tenant }),
      });
      const res = await fetch(`${server.url}/${prefix}/tenants/globex/secret`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.body?.cancel();
      return res.status;
    };
    const outsiders = [undefined, [], ["acme"], ["globex"], ["acme", "globex"], "", "acme"];
    for (const prefix of ["d", "r"]) {
      for (const tenant of outsiders)
        expect(await status(prefix, tenant), `${prefix} ${JSON.stringify(tenant)}`).toBe(403);
      expect(await status(prefix, "globex"), prefix).toBe(200);
    }
    // The Null guard alone covers absence only: Null counts a list, even an empty one, as present.
    expect(await status("n", undefined)).toBe(403);
    expect(await status("n", [])).toBe(200);
    expect(await status("n", ["acme", "globex"])).toBe(200);
  });
});

describe("policy variables stay inside one path segment, over the wire (attack 3 findings 01 and 04)", () => {
  it("keeps a username holding / out of another user's home, and an empty one out of the parent", async () => {
    const issuer = await issuerOverHttp(cleanups);
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const auth = {
      issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
      policies: { everyone: ["home"] },
    };
    const env = workspace(
      { routes: [{ path: "/h/*", upstream: upstream.url, stripPrefix: "/h", auth }] },
      {
        home: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "execute-api:Invoke",
              Resource: [
                "arn:aws:execute-api:*:*:*/*/GET/h/home/${aws:username}/*",
                "arn:aws:execute-api:*:*:*/*/GET/h/files/${aws:username}",
              ],
            },
          ],
        },
      },
    );
    const server = await start(env);
    cleanups.push(server.close);
    const status = async (username: string, path: string) => {
      const token = await issuer.sign({ sub: "u-1", aud: "shop", username });
      const res = await fetch(`${server.url}/h${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.body?.cancel();
      return res.status;
    };
    expect(await status("alice", "/home/alice/docs/payroll.pdf")).toBe(200);
    expect(await status("alice/docs", "/home/alice/docs/payroll.pdf")).toBe(403);
    expect(await status("bob/docs", "/home/bob/docs/secret")).toBe(403);
    expect(await status("bob", "/files/bob")).toBe(200);
    expect(await status("", "/files/")).toBe(403);
  });
});

describe("a value that leaves its path segment is decided against the caller, over the wire (attack 4 finding 03)", () => {
  it("keeps a NotResource Allow's exception, and a Resource Deny, for a username holding /", async () => {
    const issuer = await issuerOverHttp(cleanups);
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const auth = {
      issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
      policies: { everyone: ["sod", "selfdelete"] },
    };
    const env = workspace(
      { routes: [{ path: "/s/*", upstream: upstream.url, stripPrefix: "/s", auth }] },
      {
        sod: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ApproveOthersOnly",
              Effect: "Allow",
              Action: "execute-api:Invoke",
              NotResource: "arn:aws:execute-api:*:*:*/*/POST/s/expenses/${aws:username}/approve",
            },
          ],
        },
        selfdelete: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "NoSelfDelete",
              Effect: "Deny",
              Action: "execute-api:Invoke",
              Resource: "arn:aws:execute-api:*:*:*/*/DELETE/s/users/${aws:username}",
            },
          ],
        },
      },
    );
    const server = await start(env);
    cleanups.push(server.close);
    const status = async (username: string | undefined, method: string, path: string) => {
      const token = await issuer.sign({
        sub: "u-1",
        aud: "shop",
        ...(username === undefined ? {} : { username }),
      });
      const res = await fetch(`${server.url}/s${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });
      await res.body?.cancel();
      return res.status;
    };
    expect(await status("bob", "POST", "/expenses/alice/approve")).toBe(200);
    expect(await status("bob", "POST", "/expenses/bob/approve")).toBe(403);
    expect(await status("bob/x", "POST", "/expenses/bob/x/approve")).toBe(403);
    expect(await status(undefined, "POST", "/expenses/bob/approve")).toBe(403);
    expect(await status("bob", "DELETE", "/users/alice")).toBe(200);
    expect(await status("bob", "DELETE", "/users/bob")).toBe(403);
    expect(await status("bob/x", "DELETE", "/users/bob/x")).toBe(403);
    expect(await status("bob/x", "GET", "/users/bob/x")).toBe(200);
  });
});

describe("caseInsensitivePaths lower-cases the values substituted into policy paths, over the wire (attack 4 finding 07)", () => {
  it("keeps a Deny and a NotResource Allow's exception for a username in another case", async () => {
    const issuer = await issuerOverHttp(cleanups);
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const auth = {
      issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
      policies: { everyone: ["sod", "selfdelete"] },
    };
    const env = workspace(
      { caseInsensitivePaths: true, routes: [{ path: "/s/*", upstream: upstream.url, auth }] },
      {
        sod: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ApproveOthersOnly",
              Effect: "Allow",
              Action: "execute-api:Invoke",
              NotResource: "arn:aws:execute-api:*:*:*/*/POST/s/expenses/${aws:username}/approve",
            },
          ],
        },
        selfdelete: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "NoSelfDelete",
              Effect: "Deny",
              Action: "execute-api:Invoke",
              Resource: [
                "arn:aws:execute-api:*:*:*/*/DELETE/s/users/${aws:username}",
                "arn:aws:execute-api:*:*:*/*/DELETE/s/admins/${jwt:nobody, 'Root'}",
              ],
            },
          ],
        },
      },
    );
    const server = await start(env);
    cleanups.push(server.close);
    const status = async (username: string, method: string, path: string) => {
      const token = await issuer.sign({ sub: "u-1", aud: "shop", username });
      const res = await fetch(`${server.url}/s${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });
      await res.body?.cancel();
      return res.status;
    };
    expect(await status("bob", "DELETE", "/users/bob")).toBe(403);
    expect(await status("Bob", "DELETE", "/users/bob")).toBe(403);
    expect(await status("Bob", "DELETE", "/users/Bob")).toBe(403);
    expect(await status("Bob", "DELETE", "/users/alice")).toBe(200);
    expect(await status("bob", "DELETE", "/admins/root")).toBe(403);
    expect(await status("bob", "DELETE", "/admins/ROOT")).toBe(403);
    expect(await status("Bob", "POST", "/expenses/Bob/approve")).toBe(403);
    expect(await status("Bob", "POST", "/expenses/bob/approve")).toBe(403);
    expect(await status("Bob", "POST", "/expenses/alice/approve")).toBe(200);
    // A value with no one lower-case spelling (the Kelvin sign) is decided against the caller,
    // wherever its entry could reach: which expense is the caller's own cannot be told.
    expect(await status("\u212Aim", "POST", "/expenses/alice/approve")).toBe(403);
    expect(await status("\u212Aim", "GET", "/orders")).toBe(200);
    expect(await status("\u212Aim", "POST", "/expenses/kim/approve")).toBe(403);
    expect(await status("\u212Aim", "DELETE", "/users/kim")).toBe(403);
  });
});

describe("POST /admin/policy/simulate (SimulateCustomPolicy over AWS JSON, SigV4)", () => {
  async function simulate(url: string, input: unknown, credentials = ADMIN) {
    const body = JSON.stringify(input);
    const { host, pathname } = new URL(`${url}/admin/policy/simulate`);
    const signer = new SignatureV4({ credentials, region: "us-east-1", service: "iam", sha256: Sha256 });
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: host.split(":")[0]!,
      port: Number(host.split(":")[1]),
      path: pathname,
      headers: { host, "content-type": "application/x-amz-json-1.1" },
      body,
    });
    return fetch(`${url}${pathname}`, { method: "POST", headers: signed.headers, body });
  }

  it("evaluates custom policies with their explanation, for a caller holding the admin credentials", async () => {
    const server = await start({
      ...workspace({}, {}),
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    cleanups.push(server.close);
    const res = await simulate(server.url, {
      PolicyInputList: [JSON.stringify(ORDERS)],
      ActionNames: ["execute-api:Invoke"],
      ResourceArns: [
        "arn:aws:execute-api:eu-west-1:1:shop/live/GET/orders/1",
        "arn:aws:execute-api:eu-west-1:1:shop/live/GET/users/1",
      ],
      ContextEntries: [
        { ContextKeyName: "aws:SourceIp", ContextKeyValues: ["203.0.113.7"], ContextKeyType: "ip" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const { EvaluationResults } = (await res.json()) as { EvaluationResults: Array<Record<string, unknown>> };
    expect(EvaluationResults.map((r) => r.EvalDecision)).toEqual(["allowed", "implicitDeny"]);
    expect(EvaluationResults[0]!.MatchedStatements).toEqual([
      { SourcePolicyId: "PolicyInputList.1", Statement: 'PolicyInputList.1 Statement[0] (Sid "Orders")' },
    ]);
    expect(EvaluationResults[1]!.Explanation).toEqual([
      expect.stringMatching(/^ImplicitDeny: no statement allows execute-api:Invoke on/),
    ]);

    const malformed = await simulate(server.url, {
      PolicyInputList: ['{"Statement":[]}'],
      ActionNames: ["a:b"],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("x-amzn-errortype")).toBe("MalformedPolicyDocumentException");

    const stranger = await simulate(
      server.url,
      { PolicyInputList: [JSON.stringify(ORDERS)], ActionNames: ["a:b"] },
      { ...ADMIN, accessKeyId: "AKIASTRANGER00000001" },
    );
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toEqual({
      __type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
    const unsigned = await fetch(`${server.url}/admin/policy/simulate`, { method: "POST", body: "{}" });
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });
});

describe("the gateway before any route", () => {
  it("refuses ambiguous paths with 400, and keeps the admin endpoint out of a /* route's reach", async () => {
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const env = workspace(
      {
        routes: [
          {
            path: "/admin/*",
            upstream: "http://127.0.0.1:1",
            auth: { issuers: [{ type: "oidc", issuer: "https://idp.example.com", audience: "a" }] },
          },
          { path: "/*", upstream: upstream.url, auth: "none" },
        ],
      },
      {},
    );
    // The route table is one the start-up warns about (a public "/*" behind a case-sensitive one):
    // the warning is expected here, so it is read instead of printed.
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    const server = await start({
      ...env,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    cleanups.push(server.close);
    expect(warned).toHaveBeenCalledWith(
      expect.stringMatching(/^cognate: warning: routes\[1\] \("\/\*"\) is public/),
    );
    for (const path of ["//admin/users", "/admin%2Fusers", "/x/..%2Fadmin", "/admin;a=b/users"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ message: "Bad Request" });
    }
    expect((await fetch(`${server.url}/admin/users`)).status).toBe(401);
    expect((await fetch(`${server.url}/public`)).status).toBe(200);
    expect(upstream.seen.map((s) => s.url)).toEqual(["/public"]);
    const admin = await fetch(`${server.url}/admin/policy/simulate`, { method: "POST", body: "{}" });
    expect(admin.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("refuses to start with an assertion key that cannot sign verifiable assertions", async () => {
    const good = await (await import("jose")).generateKeyPair("ES256", { extractable: true });
    const other = await (await import("jose")).generateKeyPair("ES256", { extractable: true });
    const { exportJWK } = await import("jose");
    const mixed = { ...(await exportJWK(good.privateKey)), d: (await exportJWK(other.privateKey)).d };
    const env = workspace(
      {
        assertionKey: mixed,
        routes: [
          {
            path: "/*",
            upstream: "http://127.0.0.1:1",
            auth: { issuers: [{ type: "oidc", issuer: "https://idp.example.com", audience: "a" }] },
            assertion: true,
          },
        ],
      },
      {},
    );
    await expect(start(env)).rejects.toThrow(
      /cognate\.json: assertionKey: is not a usable EC P-256 private key/,
    );
  });
});
