// The JSON 1.1 service layer driven by the real AWS SDK v3 Cognito client over real HTTP, with
// test-only operations: what the SDK sends must dispatch, and what the service answers must parse
// into the SDK's own outputs and exception classes.
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  GlobalSignOutCommand,
  InternalErrorException,
  InvalidParameterException,
  ListUserPoolsCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve, type ServerType } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COGNITO_IDP_SIGNING_NAME,
  COGNITO_IDP_TARGET_PREFIX,
  COGNITO_IDP_UNSIGNED_OPERATIONS,
  defineOperation,
  integer,
  jsonService,
  NotAuthorizedException as NotAuthorized,
  ResourceNotFoundException as ResourceNotFound,
  string,
  structure,
  type OperationCall,
} from "../../src/protocol/json/index.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEADMIN0001",
  secretAccessKey: "admin/secret+key0123456789abcdefghijklmn",
};
const CREATED = new Date(1726694203495);
const MODIFIED = new Date(1726694300000);
const seen: OperationCall[] = [];

const ListUserPools = defineOperation(
  structure({
    MaxResults: integer({ required: true, min: 1, max: 60 }),
    NextToken: string({ min: 1, max: 131072, pattern: "[\\S]+" }),
  }),
  ({ input, ...call }) => {
    seen.push({ input, ...call });
    if (input.NextToken === "gone") throw new ResourceNotFound("The pagination token is no longer valid.");
    return {
      UserPools: [
        {
          Id: "us-east-1_AbCdEf123",
          Name: "pool",
          CreationDate: CREATED,
          LastModifiedDate: MODIFIED,
          LambdaConfig: {},
        },
      ],
      NextToken: null,
    };
  },
);

function GetUser(call: OperationCall) {
  seen.push(call);
  if (call.input.AccessToken !== "good-token") throw new NotAuthorized("Invalid Access Token");
  return {
    Username: "alice",
    UserAttributes: [{ Name: "sub", Value: "b80153d0-40f1-707b-0000-000000000000" }],
  };
}

let server: ServerType;
let endpoint: string;

beforeAll(async () => {
  const app = new Hono();
  app.route(
    "/",
    jsonService({
      targetPrefix: COGNITO_IDP_TARGET_PREFIX,
      signingName: COGNITO_IDP_SIGNING_NAME,
      unsigned: COGNITO_IDP_UNSIGNED_OPERATIONS,
      region: "us-east-1",
      lookupCredentials: (id) => (id === ADMIN.accessKeyId ? ADMIN : undefined),
      getConnInfo,
      onError: () => undefined,
      operations: {
        ListUserPools,
        GetUser,
        GlobalSignOut: () => undefined,
        AdminGetUser: () => {
          throw new Error("an operation's own bug");
        },
      },
    }),
  );
  server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((ready) => server.once("listening", ready));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
});

function client(credentials = ADMIN) {
  return new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
}

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}

describe("the AWS SDK v3 against jsonService", () => {
  it("signs ListUserPools, which dispatches with the signer, and parses epoch-second dates as Dates", async () => {
    seen.length = 0;
    const out = await client().send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(out.UserPools).toEqual([
      {
        Id: "us-east-1_AbCdEf123",
        Name: "pool",
        CreationDate: CREATED,
        LastModifiedDate: MODIFIED,
        LambdaConfig: {},
      },
    ]);
    expect(out.UserPools![0]!.CreationDate).toBeInstanceOf(Date);
    expect(out.NextToken).toBeUndefined();
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(seen[0]).toMatchObject({
      operation: "ListUserPools",
      signer: ADMIN.accessKeyId,
      input: { MaxResults: 10 },
    });
    expect(seen[0]!.request.sourceIp).toBe("127.0.0.1");
  });

  it("sends GetUser unsigned, and it works whatever the client's credentials", async () => {
    seen.length = 0;
    const wrong = client({ ...ADMIN, secretAccessKey: "not-the-secret" });
    const out = await wrong.send(new GetUserCommand({ AccessToken: "good-token" }));
    expect(out).toMatchObject({
      Username: "alice",
      UserAttributes: [{ Name: "sub", Value: "b80153d0-40f1-707b-0000-000000000000" }],
    });
    expect(seen[0]).toMatchObject({ operation: "GetUser", signer: undefined });
    expect(seen[0]!.request.headers.get("authorization")).toBeNull();
  });

  it("parses an operation's errors into the SDK's exception classes", async () => {
    const notAuthorized = await rejection(
      client().send(new GetUserCommand({ AccessToken: "expired-token" })),
    );
    expect(notAuthorized).toBeInstanceOf(NotAuthorizedException);
    expect(notAuthorized.message).toBe("Invalid Access Token");
    expect(notAuthorized.$metadata?.httpStatusCode).toBe(400);

    const notFound = await rejection(
      client().send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: "gone" })),
    );
    expect(notFound).toBeInstanceOf(ResourceNotFoundException);
    expect(notFound.message).toBe("The pagination token is no longer valid.");
  });

  it("parses input validation as InvalidParameterException with AWS's message", async () => {
    const invalid = await rejection(
      client().send(new ListUserPoolsCommand({ MaxResults: 61, NextToken: "a b" })),
    );
    expect(invalid).toBeInstanceOf(InvalidParameterException);
    expect(invalid.message).toBe(
      "2 validation errors detected: " +
        "Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60; " +
        "Value 'a b' at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
    );
  });

  it("parses a wrong JSON type as SerializationException", async () => {
    const wrongType = await rejection(
      client().send(new ListUserPoolsCommand({ MaxResults: "ten" as unknown as number })),
    );
    expect(wrongType.name).toBe("SerializationException");
    expect(wrongType.message).toBe("class java.lang.String can not be converted to an Integer");
  });

  it("gives the SDK SigV4's errors for a wrong secret or an unknown key", async () => {
    const wrongSecret = await rejection(
      client({ ...ADMIN, secretAccessKey: "not-the-secret" }).send(
        new ListUserPoolsCommand({ MaxResults: 1 }),
      ),
    );
    expect(wrongSecret.name).toBe("InvalidSignatureException");
    expect(wrongSecret.message).toMatch(/^The request signature we calculated does not match/);
    expect(wrongSecret.$metadata?.httpStatusCode).toBe(400);

    const unknownKey = await rejection(
      client({ accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x" }).send(
        new ListUserPoolsCommand({ MaxResults: 1 }),
      ),
    );
    expect(unknownKey.name).toBe("UnrecognizedClientException");
    expect(unknownKey.message).toBe("The security token included in the request is invalid.");
  });

  it("answers an operation's unexpected throw as InternalErrorException 500, saying nothing of it", async () => {
    const internal = await rejection(
      client().send(new AdminGetUserCommand({ UserPoolId: "us-east-1_AbCdEf123", Username: "alice" })),
    );
    expect(internal).toBeInstanceOf(InternalErrorException);
    expect(internal.message).toBe("Internal server error");
    expect(internal.$metadata?.httpStatusCode).toBe(500);
  });

  it("parses {} as an empty output", async () => {
    const out = await client().send(new GlobalSignOutCommand({ AccessToken: "good-token" }));
    expect(Object.keys(out)).toEqual(["$metadata"]);
  });
});

describe("the protocol's own errors over HTTP", () => {
  async function raw(headers: Record<string, string>, body: string) {
    const res = await fetch(`${endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", ...headers },
      body,
    });
    return {
      status: res.status,
      type: res.headers.get("x-amzn-errortype"),
      requestId: res.headers.get("x-amzn-requestid"),
      body: await res.json(),
    };
  }
  const target = (op: string) => ({ "x-amz-target": `${COGNITO_IDP_TARGET_PREFIX}.${op}` });

  it("UnknownOperationException for an unknown operation or a missing target", async () => {
    for (const headers of [target("NoSuchOperation"), target("SignUp"), {}]) {
      const res = await raw(headers, "{}");
      expect(res).toMatchObject({ status: 400, body: { __type: "UnknownOperationException" } });
      expect(res.type!.split(":")[0]).toBe("UnknownOperationException");
      expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("SerializationException for a malformed body", async () => {
    for (const body of ["{not json", "", "[1]", "42"]) {
      expect(await raw(target("GetUser"), body)).toMatchObject({
        status: 400,
        body: { __type: "SerializationException" },
      });
    }
  });

  it("AccessDeniedException for a request that is not AWS JSON 1.1", async () => {
    expect(await raw({ ...target("GetUser"), "content-type": "application/json" }, "{}")).toMatchObject({
      status: 403,
      body: {
        __type: "AccessDeniedException",
        message:
          'Unable to determine service/operation name to be authorized: send Content-Type: application/x-amz-json-1.1 (this request sent "application/json").',
      },
    });
  });

  it("answers CORS preflights and exposes the headers browsers' clients read", async () => {
    const preflight = await fetch(`${endpoint}/`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target,x-amz-user-agent",
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-amz-target");

    const res = await fetch(`${endpoint}/`, {
      method: "POST",
      headers: {
        origin: "http://localhost:5173",
        "content-type": "application/x-amz-json-1.1",
        ...target("GetUser"),
      },
      body: '{"AccessToken":"x"}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toBe(
      "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date",
    );
    expect(res.headers.get("x-amzn-errortype")).toBe("NotAuthorizedException:");
  });
});
