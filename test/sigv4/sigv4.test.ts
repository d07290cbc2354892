// verifySigV4 against requests signed by the real AWS signer, @smithy/signature-v4 (what every AWS
// SDK for JavaScript v3 client signs with), converted to Web Requests; and once end to end over
// real HTTP through @hono/node-server, with the admin credentials cognate generates.
import { Sha256 } from "@aws-crypto/sha256-js";
import { serve, type ServerType } from "@hono/node-server";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hono } from "hono";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCredentials } from "../../src/entry/admin-credentials.js";
import { verifySigV4, type SigV4Credentials, type SigV4VerifyOptions } from "../../src/protocol/sigv4.js";

type HttpRequest = Parameters<SignatureV4["presign"]>[0];

const T0 = Date.UTC(2024, 0, 15, 10, 30, 0);
const ADMIN: SigV4Credentials = {
  accessKeyId: "AKIAADMINEXAMPLE0001",
  secretAccessKey: "admin/secret+key==",
};
const TEMP: SigV4Credentials = {
  accessKeyId: "ASIATEMPEXAMPLE00001",
  secretAccessKey: "temporary-secret-key",
  sessionToken: "IQoJb3JpZ2luX2VjE/session+token==",
  expiresAt: T0 + 3600_000,
};
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

function signer(credentials: SigV4Credentials, service = "cognito-identity", region = "us-east-1") {
  return new SignatureV4({ credentials, region, service, sha256: Sha256 });
}

function options(overrides: Partial<SigV4VerifyOptions> = {}): SigV4VerifyOptions {
  return {
    lookup: (id) => [ADMIN, TEMP].find((c) => c.accessKeyId === id),
    region: "us-east-1",
    service: ["cognito-identity", "cognito-sync"],
    now: () => T0,
    ...overrides,
  };
}

// The wire form of smithy's query object, as its querystring-builder writes it.
function queryEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
function queryString(query: HttpRequest["query"] = {}): string {
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === null || value === undefined) parts.push(queryEscape(key));
    else
      for (const v of Array.isArray(value) ? value : [value])
        parts.push(`${queryEscape(key)}=${queryEscape(v)}`);
  }
  return parts.join("&");
}

function urlOf(r: HttpRequest): string {
  const query = queryString(r.query);
  return `${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path}${query ? `?${query}` : ""}`;
}

function toRequest(r: HttpRequest, body: string | undefined = r.body as string | undefined): Request {
  return new Request(urlOf(r), { method: r.method, headers: r.headers, ...(body !== undefined && { body }) });
}

function identityCall(
  target: string,
  input: unknown,
  hostname = "cognito-identity.us-east-1.amazonaws.com",
): HttpRequest {
  return {
    method: "POST",
    protocol: "https:",
    hostname,
    path: "/",
    query: {},
    headers: {
      host: hostname,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityService.${target}`,
    },
    body: JSON.stringify(input),
  };
}

function syncCall(path: string, query: HttpRequest["query"], method = "GET", body?: string): HttpRequest {
  const hostname = "cognito-sync.us-east-1.amazonaws.com";
  return {
    method,
    protocol: "https:",
    hostname,
    path,
    query,
    headers: { host: hostname, ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body }),
  };
}

const at = { signingDate: new Date(T0) };

describe("requests signed by @smithy/signature-v4", () => {
  it("reproduces AWS's get-vanilla signature and verifies it", async () => {
    const vanilla = new SignatureV4({
      credentials: {
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      },
      region: "us-east-1",
      service: "service",
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await vanilla.sign(
      {
        method: "GET",
        protocol: "https:",
        hostname: "example.amazonaws.com",
        path: "/",
        query: {},
        headers: { host: "example.amazonaws.com" },
      },
      { signingDate: new Date("2015-08-30T12:36:00Z") },
    );
    expect(signed.headers.authorization).toMatch(
      /Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31$/,
    );
    const result = await verifySigV4(toRequest(signed), {
      lookup: (id) =>
        id === "AKIDEXAMPLE"
          ? { accessKeyId: id, secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }
          : undefined,
      region: "us-east-1",
      service: "service",
      now: () => Date.UTC(2015, 7, 30, 12, 36, 0),
    });
    expect(result.ok).toBe(true);
  });

  it("verifies the header form with a JSON body and returns the body", async () => {
    const input = {
      IdentityPoolId: "us-east-1:4a6f8b2c-0000-4000-8000-000000000001",
      Logins: { "accounts.google.com": "tok+en/=" },
    };
    const signed = await signer(ADMIN).sign(identityCall("GetId", input), at);
    expect(signed.headers.authorization).toMatch(
      /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,/,
    );
    const result = await verifySigV4(toRequest(signed), options());
    expect(result).toMatchObject({
      ok: true,
      accessKeyId: ADMIN.accessKeyId,
      region: "us-east-1",
      service: "cognito-identity",
      form: "header",
    });
    if (result.ok) {
      expect(JSON.parse(new TextDecoder().decode(result.body))).toEqual(input);
      expect(result.credentials).toBe(ADMIN);
    }
  });

  it("verifies session credentials (x-amz-security-token, signed)", async () => {
    const signed = await signer(TEMP).sign(
      identityCall("GetCredentialsForIdentity", { IdentityId: "us-east-1:x" }),
      at,
    );
    expect(signed.headers["x-amz-security-token"]).toBe(TEMP.sessionToken);
    expect(await verifySigV4(toRequest(signed), options())).toMatchObject({
      ok: true,
      sessionToken: TEMP.sessionToken,
    });
    const stripped = toRequest(signed);
    stripped.headers.delete("x-amz-security-token");
    expect(await verifySigV4(stripped, options())).toMatchObject({
      ok: false,
      error: "UnrecognizedClientException",
    });
  });

  it("verifies restJson paths with %3A labels, signed double-escaped", async () => {
    const path =
      "/identitypools/us-east-1%3A4a6f8b2c/identities/us-east-1%3A9d8e7f6a/datasets/my-dataset/records";
    const signed = await signer(ADMIN, "cognito-sync").sign(
      syncCall(path, { maxResults: "10", syncSessionToken: "a+b=/c", lastSyncCount: "0" }),
      at,
    );
    const request = toRequest(signed);
    expect(new URL(request.url).pathname).toBe(path);
    expect(await verifySigV4(request, options())).toMatchObject({ ok: true, service: "cognito-sync" });
  });

  it("verifies query strings with repeated keys and special characters", async () => {
    const query = {
      tag: ["b", "a", "c d"],
      "weird key!": "v'al*(ue)~",
      empty: "",
      unicode: "ümlaut ☃",
      plus: "1+1=2&3",
    };
    const signed = await signer(ADMIN, "cognito-sync").sign(syncCall("/identitypools", query), at);
    expect(await verifySigV4(toRequest(signed), options())).toMatchObject({ ok: true });
  });

  it("verifies a host with a non-default port", async () => {
    const call = identityCall("ListIdentityPools", { MaxResults: 10 }, "localhost");
    call.port = 8443;
    call.headers.host = "localhost:8443";
    const signed = await signer(ADMIN).sign(call, at);
    expect(new URL(urlOf(signed)).host).toBe("localhost:8443");
    expect(await verifySigV4(toRequest(signed), options())).toMatchObject({ ok: true });
  });

  it("verifies the presigned form until X-Amz-Expires runs out", async () => {
    const path = "/identitypools/us-east-1%3A4a6f8b2c/identities";
    const presigned = await signer(ADMIN, "cognito-sync").presign(syncCall(path, { maxResults: "5" }), {
      ...at,
      expiresIn: 900,
    });
    expect(presigned.query!["X-Amz-Expires"]).toBe("900");
    expect(await verifySigV4(toRequest(presigned), options({ now: () => T0 + 900_000 }))).toMatchObject({
      ok: true,
      form: "query",
    });
    expect(await verifySigV4(toRequest(presigned), options({ now: () => T0 + 901_000 }))).toMatchObject({
      ok: false,
      error: "InvalidSignatureException",
      message:
        "Signature expired: 20240115T104500Z is now earlier than 20240115T104501Z (20240115T103000Z + 900 sec.)",
    });
    const tampered = new URL(urlOf(presigned));
    tampered.searchParams.set("maxResults", "500");
    expect(await verifySigV4(new Request(tampered, { headers: presigned.headers }), options())).toMatchObject(
      { message: MISMATCH },
    );
  });

  it("verifies a presigned POST: hoisted x-amz-* headers and a hashed body", async () => {
    const call = identityCall("GetId", { IdentityPoolId: "us-east-1:a" });
    const presigned = await signer(ADMIN).presign(call, at);
    expect(presigned.query!["x-amz-target"]).toBe("AWSCognitoIdentityService.GetId");
    expect(await verifySigV4(toRequest(presigned, call.body as string), options())).toMatchObject({
      ok: true,
      form: "query",
    });
    expect(await verifySigV4(toRequest(presigned, "{}"), options())).toMatchObject({ message: MISMATCH });
    const unsigned = await signer(ADMIN).presign(
      { ...call, headers: { ...call.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } },
      at,
    );
    expect(
      await verifySigV4(toRequest(unsigned, "{}"), options({ allowUnsignedPayload: true })),
    ).toMatchObject({ ok: true });
    expect(await verifySigV4(toRequest(unsigned, "{}"), options())).toMatchObject({
      ok: false,
      error: "InvalidSignatureException",
    });
  });

  it("verifies presigned session credentials (X-Amz-Security-Token in the query)", async () => {
    const presigned = await signer(TEMP, "cognito-sync").presign(syncCall("/identitypools", {}), at);
    expect(presigned.query!["X-Amz-Security-Token"]).toBe(TEMP.sessionToken);
    expect(await verifySigV4(toRequest(presigned), options())).toMatchObject({
      ok: true,
      sessionToken: TEMP.sessionToken,
    });
  });
});

describe("failures", () => {
  let signed: HttpRequest;
  beforeAll(async () => {
    signed = await signer(ADMIN).sign(
      identityCall("DescribeIdentityPool", { IdentityPoolId: "us-east-1:a" }),
      at,
    );
  });

  it("a tampered body", async () => {
    const result = await verifySigV4(
      toRequest(signed, JSON.stringify({ IdentityPoolId: "us-east-1:b" })),
      options(),
    );
    expect(result).toMatchObject({
      ok: false,
      error: "InvalidSignatureException",
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it("a tampered body with the payload hash header removed", async () => {
    const request = toRequest(signed, JSON.stringify({ IdentityPoolId: "us-east-1:b" }));
    request.headers.delete("x-amz-content-sha256");
    expect(await verifySigV4(request, options())).toMatchObject({
      ok: false,
      error: "InvalidSignatureException",
    });
  });

  it("a tampered signed header", async () => {
    const request = toRequest(signed);
    request.headers.set("x-amz-target", "AWSCognitoIdentityService.DeleteIdentityPool");
    expect(await verifySigV4(request, options())).toEqual({
      ok: false,
      error: "InvalidSignatureException",
      status: 400,
      message: MISMATCH,
    });
  });

  it("a wrong secret", async () => {
    const forged = await signer({ ...ADMIN, secretAccessKey: "guessed" }).sign(identityCall("GetId", {}), at);
    expect(await verifySigV4(toRequest(forged), options())).toMatchObject({
      error: "InvalidSignatureException",
      message: MISMATCH,
    });
  });

  it("an unknown access key", async () => {
    const stranger = await signer({ accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x" }).sign(
      identityCall("GetId", {}),
      at,
    );
    expect(await verifySigV4(toRequest(stranger), options())).toEqual({
      ok: false,
      error: "UnrecognizedClientException",
      status: 400,
      message: "The security token included in the request is invalid.",
    });
  });

  it("expired temporary credentials", async () => {
    const later = { signingDate: new Date(T0 + 3600_000) };
    const request = toRequest(await signer(TEMP).sign(identityCall("GetId", {}), later));
    expect(await verifySigV4(request, options({ now: () => T0 + 3600_000 }))).toMatchObject({
      error: "ExpiredTokenException",
    });
  });

  it("clock skew beyond 5 minutes, either way", async () => {
    expect(
      await verifySigV4(toRequest(signed), options({ now: () => T0 + 5 * 60_000 + 1000 })),
    ).toMatchObject({
      error: "InvalidSignatureException",
      message:
        "Signature expired: 20240115T103000Z is now earlier than 20240115T103001Z (20240115T103501Z - 5 min.)",
    });
    expect(await verifySigV4(toRequest(signed), options({ now: () => T0 - 6 * 60_000 }))).toMatchObject({
      error: "InvalidSignatureException",
      message:
        "Signature not yet current: 20240115T103000Z is still later than 20240115T102900Z (20240115T102400Z + 5 min.)",
    });
  });

  it("a presigned URL claiming more than a week", async () => {
    const presigned = await signer(ADMIN, "cognito-sync").presign(syncCall("/identitypools", {}), at);
    const url = new URL(urlOf(presigned));
    url.searchParams.set("X-Amz-Expires", "604801");
    expect(await verifySigV4(new Request(url, { headers: presigned.headers }), options())).toMatchObject({
      error: "IncompleteSignatureException",
      message:
        "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
    });
  });

  it("the wrong region or service", async () => {
    const eu = await signer(ADMIN, "cognito-identity", "eu-west-1").sign(identityCall("GetId", {}), at);
    expect(await verifySigV4(toRequest(eu), options())).toMatchObject({
      error: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
    const s3 = await signer(ADMIN, "s3").sign(identityCall("GetId", {}), at);
    expect(await verifySigV4(toRequest(s3), options())).toMatchObject({
      error: "InvalidSignatureException",
      message: "Credential should be scoped to correct service: 'cognito-identity'.",
    });
  });

  it("host missing from SignedHeaders", async () => {
    const call = identityCall("GetId", {});
    delete call.headers.host;
    const noHost = await signer(ADMIN).sign(call, at);
    expect(noHost.headers.authorization).not.toMatch(/SignedHeaders=[^,]*host/);
    expect(await verifySigV4(toRequest(noHost), options())).toMatchObject({
      error: "InvalidSignatureException",
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it("a body over the limit", async () => {
    const big = await signer(ADMIN).sign(identityCall("GetId", { padding: "x".repeat(4096) }), at);
    expect(await verifySigV4(toRequest(big), options({ maxBodyBytes: 1024 }))).toEqual({
      ok: false,
      error: "RequestEntityTooLargeException",
      status: 413,
      message: "Request body exceeds the limit of 1024 bytes.",
    });
  });

  it("a garbage Authorization header", async () => {
    const request = toRequest(signed);
    request.headers.set("authorization", "AWS4-HMAC-SHA256 garbage");
    expect(await verifySigV4(request, options())).toMatchObject({
      error: "IncompleteSignatureException",
      message: "'garbage' not a valid key=value pair (missing equal-sign) in Authorization header.",
    });
    request.headers.set("authorization", "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=");
    expect(await verifySigV4(request, options())).toMatchObject({
      error: "IncompleteSignatureException",
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter.",
    });
  });
});

describe("end to end over HTTP (@hono/node-server)", () => {
  let server: ServerType;
  let origin: string;
  let dataDir: string;
  let admin: SigV4Credentials;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "cognate-sigv4-"));
    admin = adminCredentials({}, dataDir, false);
    const app = new Hono();
    app.all("*", async (c) => {
      const result = await verifySigV4(c.req.raw, {
        lookup: (id) => (id === admin.accessKeyId ? admin : undefined),
        region: "us-east-1",
        service: ["cognito-identity", "cognito-sync"],
      });
      if (!result.ok) {
        return c.json({ __type: result.error, message: result.message }, result.status, {
          "x-amzn-ErrorType": result.error,
        });
      }
      return c.json({ service: result.service, body: new TextDecoder().decode(result.body) });
    });
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise((r) => server.once("listening", r));
    origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  function send(r: HttpRequest): Promise<Response> {
    const headers = { ...r.headers };
    delete headers.host; // fetch sends the URL's own host, which is what was signed
    return fetch(urlOf(r), {
      method: r.method,
      headers,
      ...(r.body !== undefined && { body: r.body as string }),
    });
  }

  function local(r: HttpRequest): HttpRequest {
    const [hostname, port] = origin.split(":") as [string, string];
    return { ...r, protocol: "http:", hostname, port: Number(port), headers: { ...r.headers, host: origin } };
  }

  it("accepts an admin call signed with the generated admin credentials", async () => {
    const signed = await signer(admin).sign(local(identityCall("ListIdentityPools", { MaxResults: 60 })));
    const res = await send(signed);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service: "cognito-identity", body: '{"MaxResults":60}' });
  });

  it("accepts %3A labels and a presigned GET through the raw wire path", async () => {
    const path = "/identitypools/us-east-1%3A4a6f8b2c/identities/us-east-1%3A9d8e7f6a/datasets";
    const signed = await signer(admin, "cognito-sync").sign(
      local(syncCall(path, { maxResults: "3", token: "a+b/c=" })),
    );
    expect((await send(signed)).status).toBe(200);
    const presigned = await signer(admin, "cognito-sync").presign(
      local(syncCall(path, { maxResults: "3" })),
      { expiresIn: 60 },
    );
    expect((await send(presigned)).status).toBe(200);
  });

  it("renders a tampered request as an AWS JSON error", async () => {
    const signed = await signer(admin).sign(local(identityCall("ListIdentityPools", { MaxResults: 60 })));
    const res = await send({ ...signed, body: '{"MaxResults":1}' });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    expect(await res.json()).toMatchObject({ __type: "InvalidSignatureException" });
  });
});
