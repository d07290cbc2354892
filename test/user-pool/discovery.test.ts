// The pool's OpenID discovery document on the real Node entry: it lists only what cognate serves,
// so every URL in it answers; a pool with a domain adds its OAuth endpoints, under the issuer.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { repositories } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEDISC00001",
  secretAccessKey: "discovery/test+secret0123456789abcdefghij",
};
let server: Awaited<ReturnType<typeof start>>;
let poolId: string;
let withDomain: string;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-discovery-"));
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
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
  withDomain = (await client.send(new CreateUserPoolCommand({ PoolName: "hosted" }))).UserPool!.Id!;
  // CreateUserPoolDomain's repository, directly (the operation is issue 13 part A's).
  const store = repositories(sqliteDriver(openSqliteDatabase(join(dataDir, "cognate.db"))));
  await store.domains.create(
    { domain: "disc-hosted", poolId: withDomain, kind: "prefix", config: {} },
    Date.now(),
  );
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

  it("has no OAuth endpoint for a pool without a domain", async () => {
    const doc = (await (
      await fetch(`${server.url}/${poolId}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    for (const name of [
      "authorization_endpoint",
      "token_endpoint",
      "userinfo_endpoint",
      "revocation_endpoint",
    ])
      expect(doc[name]).toBeUndefined();
  });

  it("names a pool's OAuth endpoints, all under the issuer, once it has a domain", async () => {
    const issuer = `${server.url}/${withDomain}`;
    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      userinfo_endpoint: `${issuer}/oauth2/userInfo`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      end_session_endpoint: `${issuer}/logout`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code", "token"],
      grant_types_supported: ["authorization_code", "implicit", "refresh_token", "client_credentials"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      scopes_supported: ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
    });
    for (const value of Object.values(doc))
      if (typeof value === "string" && /^https?:/.test(value)) expect(value.startsWith(issuer)).toBe(true);
    // The endpoints this part serves answer (userInfo, revoke and logout are other parts' of issue 13).
    expect((await fetch(doc.authorization_endpoint as string)).status).toBe(400);
    expect((await fetch(doc.token_endpoint as string, { method: "POST" })).status).toBe(400);
  });
});
