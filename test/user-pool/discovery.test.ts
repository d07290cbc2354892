// The pool's OpenID discovery document on the real Node entry: it lists only what cognate serves,
// so every URL in it answers. (The hosted UI's /oauth2/* endpoints join it when they exist.)
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEDISC00001",
  secretAccessKey: "discovery/test+secret0123456789abcdefghij",
};
let server: Awaited<ReturnType<typeof start>>;
let poolId: string;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-discovery-")),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  const client = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials: ADMIN,
    maxAttempts: 1,
  });
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: "discovery" }))).UserPool!.Id!;
});
afterAll(async () => {
  await server?.close();
});

describe("the discovery document", () => {
  it("names the issuer and its keys", async () => {
    const doc = await (await fetch(`${server.url}/${poolId}/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      issuer: `${server.url}/${poolId}`,
      jwks_uri: `${server.url}/${poolId}/.well-known/jwks.json`,
    });
  });

  it("lists only endpoints that answer: every URL in it is served", async () => {
    const doc = (await (
      await fetch(`${server.url}/${poolId}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    const urls = Object.entries(doc).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && /^https?:\/\//.test(entry[1]),
    );
    expect(urls.length).toBeGreaterThan(0);
    const answers = await Promise.all(
      // The issuer is an identifier, not an endpoint; everything else must be served.
      urls
        .filter(([name]) => name !== "issuer")
        .map(async ([name, url]) => [name, (await fetch(url)).status]),
    );
    expect(answers.filter(([, status]) => status === 404)).toEqual([]);
  });
});
