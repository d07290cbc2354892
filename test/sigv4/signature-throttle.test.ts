// Failed signatures are throttled per access key id and client network, over real HTTP against the
// Node server listening on both stacks: 127.0.0.1 guesses at the admin secret, ::1 is the holder.
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { awsError, idpCall, send, signerOf, type HttpRequest } from "../helpers/sigv4-wire.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETHROTTLE1",
  secretAccessKey: "throttle/secret+key0123456789abcdefghijk",
};
const GUESS = { ...ADMIN, secretAccessKey: "guessed/secret+key0123456789abcdefghijkl" };
const dataDir = mkdtempSync(join(tmpdir(), "cognate-throttle-"));
let server: Awaited<ReturnType<typeof start>>;
let v4: string;
let v6: string;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    HOST: "::",
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  const port = new URL(server.url).port;
  v4 = `http://127.0.0.1:${port}`;
  v6 = `http://[::1]:${port}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sdk = (endpoint: string) =>
  new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials: ADMIN, maxAttempts: 1 });

function simulateCall(endpoint: string): HttpRequest {
  const url = new URL(endpoint);
  return {
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: "/admin/policy/simulate",
    query: {},
    headers: { host: url.host, "content-type": "application/x-amz-json-1.1" },
    body: JSON.stringify({
      PolicyInputList: [
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "a:b", Resource: "*" }],
        }),
      ],
      ActionNames: ["a:b"],
    }),
  };
}

describe("failed signatures, throttled per access key id and client network", () => {
  it("answer ThrottlingException 'Rate exceeded' after 20 from one network, for every endpoint the key signs; another network is not held up", async () => {
    expect((await sdk(v4).send(new ListUserPoolsCommand({ MaxResults: 1 }))).$metadata.httpStatusCode).toBe(
      200,
    );
    // An unknown key's failures are its own.
    const stranger = { accessKeyId: "AKIASTRANGER00000001", secretAccessKey: GUESS.secretAccessKey };
    for (let i = 0; i < 25; i++)
      await send(await signerOf(stranger).sign(idpCall(v4, "ListUserPools", { MaxResults: 1 })));
    expect((await sdk(v4).send(new ListUserPoolsCommand({ MaxResults: 1 }))).$metadata.httpStatusCode).toBe(
      200,
    );

    // Twenty guesses at the admin secret, sent all at once: each is verified and refused.
    const guesses = await Promise.all(
      Array.from({ length: 20 }, async () =>
        awsError(await send(await signerOf(GUESS).sign(idpCall(v4, "ListUserPools", { MaxResults: 1 })))),
      ),
    );
    expect(new Set(guesses.map((g) => g.type))).toEqual(new Set(["InvalidSignatureException"]));

    // Then the key is throttled from that network, right secret or not, here and at the admin endpoint.
    const refused = await sdk(v4)
      .send(new ListUserPoolsCommand({ MaxResults: 1 }))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      name: "ThrottlingException",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    const simulate = await send(await signerOf(ADMIN, "iam").sign(simulateCall(v4)));
    expect(simulate.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    expect(await awsError(simulate)).toEqual({
      status: 400,
      type: "ThrottlingException",
      message: "Rate exceeded",
    });

    // The holder of the key, calling from elsewhere, is not.
    expect((await sdk(v6).send(new ListUserPoolsCommand({ MaxResults: 1 }))).$metadata.httpStatusCode).toBe(
      200,
    );
    expect((await send(await signerOf(ADMIN, "iam").sign(simulateCall(v6)))).status).toBe(200);
  });

  it("is not reset by a flood of made-up key ids (more than the buckets kept)", async () => {
    // The admin key is spent from 127.0.0.1 by the first test; 4,200 made-up ids from there (more
    // than the 4,096 buckets kept) must not push its bucket out. The signature's value does not
    // matter: a request is charged as soon as its credential is read.
    const started = Date.now();
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
    for (let batch = 0; batch < 42; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const id = `AKIAMADEUP${String(batch * 100 + i).padStart(10, "0")}`;
          const response = await fetch(v4, {
            method: "POST",
            headers: {
              "content-type": "application/x-amz-json-1.1",
              "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools",
              "x-amz-date": date,
              authorization: `AWS4-HMAC-SHA256 Credential=${id}/${date.slice(0, 8)}/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`,
            },
            body: '{"MaxResults":1}',
          });
          await response.text();
        }),
      );
    }
    // At most what the elapsed time refilled (one per 3 s) may be verified now, not a whole new budget.
    const refill = Math.floor((Date.now() - started) / 3000) + 1;
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () =>
        awsError(await send(await signerOf(GUESS).sign(idpCall(v4, "ListUserPools", { MaxResults: 1 })))),
      ),
    );
    expect(refill).toBeLessThan(20);
    expect(answers.filter((a) => a.type === "InvalidSignatureException").length).toBeLessThanOrEqual(refill);
  }, 60_000);

  it("cannot be got past the limit by sending them all at once", async () => {
    // From ::1, whose budget is whole: 60 guesses at once, at most 20 of them verified.
    const answers = await Promise.all(
      Array.from({ length: 60 }, async () =>
        awsError(await send(await signerOf(GUESS).sign(idpCall(v6, "ListUserPools", { MaxResults: 1 })))),
      ),
    );
    const verified = answers.filter((a) => a.type === "InvalidSignatureException").length;
    expect(verified).toBeLessThanOrEqual(20);
    expect(answers.filter((a) => a.type === "ThrottlingException").length).toBe(60 - verified);
  });
});
