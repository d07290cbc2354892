import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProcess, type Running } from "../helpers/process.js";
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";

// The user-pool API called by hand (curl, fetch, a new client) on the real Node server: each
// mistake answers AWS's error type with a message that says what to send instead.
const ENTRY = "dist/entry/node.js";
const TARGET = "AWSCognitoIdentityProviderService";
const running: Running[] = [];
let url: string;
let dataDir: string;

async function start(env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(join(tmpdir(), "cognate-hand-"));
  const server = await startProcess("node", [ENTRY], {
    env: { PORT: "0", COGNATE_DATA_DIR: dir, ...env },
    ready: /listening on (http:\/\/\S+)/,
  });
  running.push(server);
  return { url: server.match![1]!, dir };
}

beforeAll(async () => {
  ({ url, dir: dataDir } = await start({}));
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

/** ListUserPools signed by the real SDK with a key the server does not know: its error. */
async function withWrongKey(endpoint: string) {
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: "AKIAWRONGKEY00000000",
      secretAccessKey: "wrong/secret+0123456789abcdefghijklmn",
    },
  });
  try {
    await client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode, type: e.name, message: e.message };
  }
  throw new Error("ListUserPools with a wrong key succeeded");
}

async function post(headers: Record<string, string>, body: string) {
  const res = await fetch(`${url}/`, { method: "POST", headers, body });
  return {
    status: res.status,
    type: res.headers.get("x-amzn-errortype")?.split(":")[0],
    body: (await res.json()) as Record<string, string>,
  };
}
const json11 = (operation: string | undefined) => ({
  "content-type": "application/x-amz-json-1.1",
  ...(operation !== undefined && { "x-amz-target": `${TARGET}.${operation}` }),
});

describe("calling the user-pool API by hand", () => {
  it("SerializationException for malformed JSON says what is wrong with the body", async () => {
    const broken = await post(json11("SignUp"), '{"ClientId": "abc",');
    expect(broken).toMatchObject({ status: 400, type: "SerializationException" });
    expect(broken.body.Message).toMatch(/^The request body is not valid JSON: .+/);
    expect((await post(json11("SignUp"), "")).body).toEqual({
      __type: "SerializationException",
      Message: "The request body is empty: send a JSON object ({} for an operation without input).",
    });
    expect((await post(json11("SignUp"), "42")).body).toEqual({
      __type: "SerializationException",
      Message: "The request body must be a JSON object.",
    });
  });

  it("Content-Type: application/json keeps AWS's AccessDeniedException and says what to send", async () => {
    const res = await post({ ...json11("SignUp"), "content-type": "application/json" }, "{}");
    expect(res).toEqual({
      status: 403,
      type: "AccessDeniedException",
      body: {
        __type: "AccessDeniedException",
        message:
          'Unable to determine service/operation name to be authorized: send Content-Type: application/x-amz-json-1.1 (this request sent "application/json").',
      },
    });
  });

  it("UnknownOperationException names the operation asked for, or says how to name one", async () => {
    expect((await post(json11("SignIn"), "{}")).body).toEqual({
      __type: "UnknownOperationException",
      message: `Unknown operation: ${TARGET}.SignIn.`,
    });
    const foreign = await post({ ...json11(undefined), "x-amz-target": "Cognito.SignUp" }, "{}");
    expect(foreign.body.message).toBe(
      `Unknown operation: Cognito.SignUp (this service's operations are ${TARGET}.<Operation>).`,
    );
    expect((await post(json11(undefined), "{}")).body).toEqual({
      __type: "UnknownOperationException",
      message: `No single operation named: send one X-Amz-Target: ${TARGET}.<Operation>.`,
    });
  });

  it("UnrecognizedClientException for a wrong access key id tells, in development, where the real one is", async () => {
    const res = await withWrongKey(url);
    const file = join(dataDir, "admin-credentials.json");
    expect(JSON.parse(readFileSync(file, "utf8")).accessKeyId).toMatch(/^AKIA/);
    expect(res).toMatchObject({ status: 400, type: "UnrecognizedClientException" });
    expect(res.message).toBe(
      `The security token included in the request is invalid. In development, cognate's admin access key id and secret are in ${file}; its access key id is also printed when it starts.`,
    );
  });

  it("says nothing more in production", async () => {
    const production = await start({
      NODE_ENV: "production",
      COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEPROD00001",
      COGNATE_ADMIN_SECRET_ACCESS_KEY: "production/secret+0123456789abcdefghij",
      COGNATE_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
    });
    const res = await withWrongKey(production.url);
    expect(res).toEqual({
      status: 400,
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
  });
});
