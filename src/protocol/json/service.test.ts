// In-process (app.request), Web APIs only. The real AWS SDK over HTTP is test/protocol/json-service.test.ts.
import { describe, expect, it, vi } from "vitest";
import { OptionsError } from "../../util/validate.js";
import {
  COGNITO_IDP_SIGNING_NAME,
  COGNITO_IDP_TARGET_PREFIX,
  COGNITO_IDP_UNSIGNED_OPERATIONS,
} from "./cognito.js";
import { NotAuthorizedException } from "./errors.js";
import type { OperationCall } from "./operation.js";
import { defineOperation } from "./operation.js";
import { jsonService, type JsonServiceOptions } from "./service.js";
import { integer, string, structure } from "./shapes.js";

const JSON_11 = "application/x-amz-json-1.1";
const calls: OperationCall[] = [];

function service(overrides: Partial<JsonServiceOptions> = {}) {
  return jsonService({
    targetPrefix: COGNITO_IDP_TARGET_PREFIX,
    signingName: COGNITO_IDP_SIGNING_NAME,
    unsigned: COGNITO_IDP_UNSIGNED_OPERATIONS,
    region: "us-east-1",
    lookupCredentials: () => undefined,
    operations: {
      GetUser: (call) => {
        calls.push(call);
        if (call.input.AccessToken !== "good") throw new NotAuthorizedException("Invalid Access Token");
        return { Username: "alice", UserAttributes: [{ Name: "sub", Value: "1" }], MFAOptions: undefined };
      },
      GlobalSignOut: () => undefined,
      ConfirmSignUp: defineOperation(
        structure({
          ClientId: string({ required: true, min: 1, sensitive: true }),
          Limit: integer({ max: 5 }),
        }),
        ({ input }) => ({ Echo: input }),
      ),
      ListUserPools: () => ({}),
    },
    ...overrides,
  });
}

function post(
  app: ReturnType<typeof service>,
  target: string | null,
  body: string,
  headers: Record<string, string> = {},
) {
  return app.request("/", {
    method: "POST",
    headers: {
      "content-type": JSON_11,
      ...(target !== null && { "x-amz-target": `${COGNITO_IDP_TARGET_PREFIX}.${target}` }),
      ...headers,
    },
    body,
  });
}

async function error(res: Response) {
  return { status: res.status, header: res.headers.get("x-amzn-errortype"), body: await res.json() };
}

describe("jsonService: dispatch", () => {
  const app = service();

  it("calls an unsigned operation with its input, request id and request context, and renders its output", async () => {
    calls.length = 0;
    const res = await post(app, "GetUser", '{"AccessToken":"good"}', { "x-forwarded-for": "ignored" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(JSON_11);
    expect(await res.json()).toEqual({ Username: "alice", UserAttributes: [{ Name: "sub", Value: "1" }] });
    expect(calls[0]).toMatchObject({
      input: { AccessToken: "good" },
      operation: "GetUser",
      signer: undefined,
      requestId: res.headers.get("x-amzn-requestid"),
    });
    expect(calls[0]!.request.headers.get("x-amz-target")).toBe("AWSCognitoIdentityProviderService.GetUser");
  });

  it("takes the operation from the query when no header names it (a presigned call), never from two", async () => {
    const body = '{"AccessToken":"good"}';
    const query = (search: string, headers: Record<string, string> = {}) =>
      app.request(`/${search}`, { method: "POST", headers: { "content-type": JSON_11, ...headers }, body });
    const res = await query(`?x-amz-target=${COGNITO_IDP_TARGET_PREFIX}.GetUser`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ Username: "alice" });
    const twice = await query(
      `?x-amz-target=${COGNITO_IDP_TARGET_PREFIX}.GetUser&X-Amz-Target=${COGNITO_IDP_TARGET_PREFIX}.GlobalSignOut`,
    );
    expect(await error(twice)).toMatchObject({ status: 400, body: { __type: "UnknownOperationException" } });
    // Unsigned operations: the header decides, as for any unsigned call (signed ones: sigv4-bound.ts).
    const both = await query(`?x-amz-target=${COGNITO_IDP_TARGET_PREFIX}.GlobalSignOut`, {
      "x-amz-target": `${COGNITO_IDP_TARGET_PREFIX}.GetUser`,
    });
    expect(await both.json()).toMatchObject({ Username: "alice" });
  });

  it("sends {} for an operation with no output", async () => {
    expect(await (await post(app, "GlobalSignOut", "{}")).text()).toBe("{}");
  });

  it("renders an operation's AwsError", async () => {
    expect(await error(await post(app, "GetUser", '{"AccessToken":"bad"}'))).toEqual({
      status: 400,
      header: "NotAuthorizedException:",
      body: { __type: "NotAuthorizedException", message: "Invalid Access Token" },
    });
  });

  it("checks a defined operation's input first, and passes the typed input", async () => {
    expect((await error(await post(app, "ConfirmSignUp", "{}"))).body).toEqual({
      __type: "InvalidParameterException",
      message:
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
    expect(await (await post(app, "ConfirmSignUp", '{"ClientId":"c","Limit":4.5,"Extra":1}')).json()).toEqual(
      { Echo: { ClientId: "c", Limit: 4 } },
    );
  });

  it("answers an unknown, foreign, inherited or missing target with UnknownOperationException naming it", async () => {
    const targets = [null, "AdminGetUser", "constructor", "__proto__", "toString", "", "GetUser.Extra"];
    for (const target of targets) {
      expect(await error(await post(app, target, "{}"))).toEqual({
        status: 400,
        header: "UnknownOperationException:http://internal.amazon.com/coral/com.amazon.coral.service/",
        body: {
          __type: "UnknownOperationException",
          // cognate's words (AWS sends no message): what was asked for, or how to ask.
          message:
            target === null
              ? `No single operation named: send one X-Amz-Target: ${COGNITO_IDP_TARGET_PREFIX}.<Operation>.`
              : `Unknown operation: ${COGNITO_IDP_TARGET_PREFIX}.${target}.`,
        },
      });
    }
    const foreign = await app.request("/", {
      method: "POST",
      headers: { "content-type": JSON_11, "x-amz-target": "AWSCognitoIdentityService.GetUser" },
      body: "{}",
    });
    expect((await foreign.json()).__type).toBe("UnknownOperationException");
  });

  it("refuses another Content-Type as AWS does, before reading anything", async () => {
    for (const contentType of ["application/json", "application/x-amz-json-1.0", "text/plain", ""]) {
      const res = await post(app, "GetUser", "{}", { "content-type": contentType });
      // AWS's sentence, then (cognate's words) what to send.
      expect(await error(res)).toMatchObject({
        status: 403,
        body: {
          __type: "AccessDeniedException",
          message: `Unable to determine service/operation name to be authorized: send Content-Type: application/x-amz-json-1.1 (this request sent ${contentType === "" ? "none" : `"${contentType}"`}).`,
        },
      });
    }
    expect(
      (
        await post(app, "GlobalSignOut", "{}", {
          "content-type": "Application/X-Amz-Json-1.1; charset=utf-8",
        })
      ).status,
    ).toBe(200);
  });

  it("answers an empty, non-JSON, non-UTF-8 or non-object body with SerializationException", async () => {
    for (const body of ["", "hello", "null", '"s"', "1", "{", "\uFEFF"]) {
      expect(await error(await post(app, "GetUser", body))).toMatchObject({
        status: 400,
        body: { __type: "SerializationException", Message: expect.stringMatching(/^The request body /) },
      });
    }
    const latin1 = await app.request("/", {
      method: "POST",
      headers: { "content-type": JSON_11, "x-amz-target": `${COGNITO_IDP_TARGET_PREFIX}.GetUser` },
      body: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
    });
    expect(await latin1.json()).toEqual({
      __type: "SerializationException",
      Message: "The request body is not UTF-8.",
    });
    expect((await error(await post(app, "GetUser", "[]"))).body).toEqual({
      __type: "SerializationException",
      Message: "Start of list found where not expected",
    });
  });

  it("answers a body over the limit with 413 before reading it all", async () => {
    const small = service({ maxBodyBytes: 16 });
    expect(
      await error(await post(small, "GetUser", JSON.stringify({ AccessToken: "x".repeat(32) }))),
    ).toMatchObject({
      status: 413,
      body: { __type: "RequestEntityTooLargeException" },
    });
  });
});

describe("jsonService: signing", () => {
  it("requires a signature for the operations AWS signs", async () => {
    expect(await error(await post(service(), "ListUserPools", "{}"))).toMatchObject({
      status: 400,
      header:
        "MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/",
      body: { __type: "MissingAuthenticationTokenException" },
    });
  });

  it("ignores a signature sent with an unsigned operation", async () => {
    const res = await post(service(), "GetUser", '{"AccessToken":"good"}', {
      authorization: "AWS4-HMAC-SHA256 garbage",
    });
    expect(res.status).toBe(200);
  });

  it("answers 500 InternalErrorException when the credentials lookup throws, and logs no body", async () => {
    const onError = vi.fn();
    const app = service({
      onError,
      lookupCredentials: () => {
        throw new Error("database down");
      },
    });
    const now = new Date();
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
    const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${amzDate.slice(0, 8)}/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`;
    const res = await post(app, "ListUserPools", '{"secret":"s3cr3t"}', {
      authorization,
      "x-amz-date": amzDate,
    });
    expect(await error(res)).toEqual({
      status: 500,
      header: "InternalErrorException:",
      body: { __type: "InternalErrorException", message: "Internal server error" },
    });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "database down" }), {
      operation: "AWSCognitoIdentityProviderService.ListUserPools",
      requestId: res.headers.get("x-amzn-requestid"),
    });
  });

  it("logs an operation's unexpected failure by its stack alone", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = service({
      operations: {
        GetUser: () => {
          throw new TypeError("boom");
        },
      },
    });
    const res = await post(app, "GetUser", '{"AccessToken":"tok3n-s3cret"}');
    expect(res.status).toBe(500);
    expect(log).toHaveBeenCalledOnce();
    const logged = log.mock.calls[0]!.join(" ");
    expect(logged).toContain("TypeError: boom");
    expect(logged).not.toContain("tok3n-s3cret");
    log.mockRestore();
  });
});

describe("jsonService: CORS", () => {
  it("answers a preflight with the clients' headers", async () => {
    const res = await service().request("/", {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    const allowed = res.headers.get("access-control-allow-headers")!.split(", ");
    for (const h of [
      "content-type",
      "x-amz-target",
      "x-amz-user-agent",
      "x-amz-date",
      "x-amz-security-token",
      "authorization",
      "amz-sdk-invocation-id",
      "amz-sdk-request",
      "cache-control",
    ]) {
      expect(allowed).toContain(h);
    }
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("exposes the request id and error type on successes and errors", async () => {
    for (const accessToken of ["good", "bad"]) {
      const res = await post(service(), "GetUser", JSON.stringify({ AccessToken: accessToken }), {
        origin: "https://app.example",
      });
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-expose-headers")).toBe(
        "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date",
      );
    }
  });

  it("allows only the configured origins when given", async () => {
    const app = service({ cors: { allowOrigins: ["https://app.example"] } });
    const allowed = await post(app, "GlobalSignOut", "{}", { origin: "https://app.example" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(allowed.headers.get("vary")).toBe("Origin");
    const other = await app.request("/", { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(
      (await post(app, "GlobalSignOut", "{}", { origin: "https://evil.example" })).headers.get(
        "access-control-allow-origin",
      ),
    ).toBeNull();
  });
});

describe("jsonService: options", () => {
  it("are checked when the service is made", () => {
    expect(() => service({ maxBodyBytes: 0 })).toThrow(
      new OptionsError("maxBodyBytes", "must be a positive integer, got 0"),
    );
    expect(() => service({ targetPrefix: "A.B" })).toThrow(OptionsError);
    expect(() => service({ operations: { GetUser: {} as never } })).toThrow(/operations\.GetUser/);
    expect(() => service({ cors: { allowOrigins: ["app.example"] } })).toThrow(/cors\.allowOrigins/);
    expect(() => service({ unsigned: ["GetUser"] as never })).toThrow(/unsigned/);
  });
});
