// The signature binds the operation and the content type, over real HTTP against the Node server
// (`start()`, SQLite): requests signed and presigned by @smithy/signature-v4, altered as an
// attacker holding one of them would alter them, and the real SDK v3 client unchanged.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import {
  awsError,
  idpCall,
  send,
  signedHeadersOf,
  signerOf,
  TARGET_PREFIX,
  urlOf,
  type HttpRequest,
} from "../helpers/sigv4-wire.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEBINDING01",
  secretAccessKey: "binding/secret+key0123456789abcdefghijkl",
};
const UNSIGNED = (name: string) => `'${name}' must be a 'SignedHeader' in the AWS Authorization.`;
const GET = `${TARGET_PREFIX}.AdminGetUser`;
const DELETE = `${TARGET_PREFIX}.AdminDeleteUser`;

const dataDir = mkdtempSync(join(tmpdir(), "cognate-binding-"));
let server: Awaited<ReturnType<typeof start>>;
let idp: CognitoIdentityProviderClient;
let input: { UserPoolId: string; Username: string };

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  idp = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials: ADMIN,
    maxAttempts: 1,
  });
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: "binding" }));
  input = { UserPoolId: UserPool!.Id!, Username: "victim" };
  await idp.send(new AdminCreateUserCommand({ ...input, MessageAction: "SUPPRESS" }));
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function expectUser() {
  expect((await idp.send(new AdminGetUserCommand(input))).Username).toBe("victim");
}

const presign = (operation = "AdminGetUser", request?: HttpRequest) =>
  signerOf(ADMIN).presign(request ?? idpCall(server.url, operation, input), { expiresIn: 300 });

describe("a presigned request (x-amz-target hoisted into the signed query)", () => {
  it("cannot be replayed as another operation through the X-Amz-Target header", async () => {
    const presigned = await presign();
    expect(signedHeadersOf(presigned)).toEqual(["content-type", "host"]);
    for (const spelling of ["x-amz-target", "X-Amz-Target"]) {
      const res = await send(presigned, { [spelling]: DELETE });
      expect(await awsError(res)).toEqual({
        status: 400,
        type: "InvalidSignatureException",
        message: UNSIGNED("X-Amz-Target"),
      });
    }
    await expectUser();
  });

  it("works as signed, with or without a header repeating its operation", async () => {
    const presigned = await presign();
    const res = await send(presigned);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ Username: "victim" });
    expect((await send(presigned, { "x-amz-target": GET })).status).toBe(200);
  });

  it("works when the client spelled the header X-Amz-Target (hoisted under that spelling)", async () => {
    const call = idpCall(server.url, "AdminGetUser", input);
    call.headers = {
      host: call.headers.host!,
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": GET,
    };
    const presigned = await presign("AdminGetUser", call);
    expect(presigned.query!["X-Amz-Target"]).toBe(GET);
    expect((await send(presigned)).status).toBe(200);
  });

  it("is refused when the query names the operation twice", async () => {
    const presigned = await presign();
    // Another spelling of the key is signed along, but leaves open which operation was meant.
    const url = `${urlOf(presigned)}&X-Amz-Target=${encodeURIComponent(DELETE)}`;
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: presigned.body as string,
    });
    expect(await awsError(res)).toEqual({
      status: 400,
      type: "UnknownOperationException",
      message:
        "No single operation named: send one X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>.",
    });
    await expectUser();
  });

  it("binds the content type: signed by the presigner, refused when left out", async () => {
    const presigned = await presign();
    const res = await send(presigned, { "content-type": "application/x-amz-json-1.1; charset=utf-8" });
    expect(await awsError(res)).toMatchObject({ status: 400, type: "InvalidSignatureException" });
    const loose = await signerOf(ADMIN).presign(idpCall(server.url, "AdminGetUser", input), {
      unsignableHeaders: new Set(["content-type"]),
    });
    expect(signedHeadersOf(loose)).toEqual(["host"]);
    expect(await awsError(await send(loose))).toEqual({
      status: 400,
      type: "InvalidSignatureException",
      message: UNSIGNED("Content-Type"),
    });
    await expectUser();
  });
});

describe("the Authorization header form", () => {
  it("refuses x-amz-target left out of SignedHeaders, whatever the header says", async () => {
    const loose = await signerOf(ADMIN).sign(idpCall(server.url, "AdminGetUser", input), {
      unsignableHeaders: new Set(["x-amz-target"]),
    });
    expect(signedHeadersOf(loose)).not.toContain("x-amz-target");
    for (const target of [DELETE, GET]) {
      expect(await awsError(await send(loose, { "x-amz-target": target }))).toEqual({
        status: 400,
        type: "InvalidSignatureException",
        message: UNSIGNED("X-Amz-Target"),
      });
    }
    await expectUser();
  });

  it("refuses content-type left out of SignedHeaders", async () => {
    const loose = await signerOf(ADMIN).sign(idpCall(server.url, "AdminGetUser", input), {
      unsignableHeaders: new Set(["content-type"]),
    });
    expect(signedHeadersOf(loose)).toContain("x-amz-target");
    expect(await awsError(await send(loose))).toEqual({
      status: 400,
      type: "InvalidSignatureException",
      message: UNSIGNED("Content-Type"),
    });
  });

  it("still refuses a signed x-amz-target changed on the way", async () => {
    const signed = await signerOf(ADMIN).sign(idpCall(server.url, "AdminGetUser", input));
    expect(await awsError(await send(signed, { "x-amz-target": DELETE }))).toMatchObject({
      status: 400,
      type: "InvalidSignatureException",
    });
    await expectUser();
  });

  it("leaves the SDK's own calls, which sign every header, working", async () => {
    await expectUser();
    expect((await idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools?.length).toBeGreaterThan(
      0,
    );
  });
});

describe("POST /admin/policy/simulate (signed for iam)", () => {
  const body = JSON.stringify({
    PolicyInputList: [
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "a:b", Resource: "*" }],
      }),
    ],
    ActionNames: ["a:b"],
  });
  function call(): HttpRequest {
    const url = new URL(server.url);
    return {
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/admin/policy/simulate",
      query: {},
      headers: { host: url.host, "content-type": "application/x-amz-json-1.1" },
      body,
    };
  }

  it("accepts what an IAM client signs, refuses an unsigned content type or target", async () => {
    const iam = signerOf(ADMIN, "iam");
    expect((await send(await iam.sign(call()))).status).toBe(200);
    const untyped = await iam.sign(call(), { unsignableHeaders: new Set(["content-type"]) });
    expect(await awsError(await send(untyped))).toEqual({
      status: 400,
      type: "InvalidSignatureException",
      message: UNSIGNED("Content-Type"),
    });
    const added = await send(await iam.sign(call()), {
      "x-amz-target": "AWSIdentityManagementV20100508.SimulateCustomPolicy",
    });
    expect(await awsError(added)).toEqual({
      status: 400,
      type: "InvalidSignatureException",
      message: UNSIGNED("X-Amz-Target"),
    });
    expect((await send(await iam.presign(call(), { expiresIn: 60 }))).status).toBe(200);
  });
});
