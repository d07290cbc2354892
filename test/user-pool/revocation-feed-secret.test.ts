// The revocation feed is private: with COGNATE_REVOCATION_FEED_SECRET it answers only the bearer of
// the secret, before it says whether a pool exists; authorizer() given the same secret keeps
// refusing revoked tokens, and one without it fails closed. In production without a secret the
// feed is closed; in development one is generated, as the admin credentials are.
import { GlobalSignOutCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { authorizer } from "../../src/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { repositories } from "../../src/storage/index.js";
import { ADMIN, poolWithClient, sdk, seedUser } from "./auth-helpers.js";

const SECRET = `feed-${"s3cr3t".repeat(6)}`;
const PASSWORD = "Revoked-Horse-9";
let server: Awaited<ReturnType<typeof start>>;
let store: ReturnType<typeof repositories>;
let output: string[];

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-feed-secret-"));
  output = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void output.push(args.join(" ")));
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    COGNATE_REVOCATION_FEED_SECRET: SECRET,
  });
  vi.restoreAllMocks();
  store = repositories(sqliteDriver(openSqliteDatabase(join(dataDir, "cognate.db"))));
});
afterAll(async () => {
  await server?.close();
});

describe("a private revocation feed", () => {
  it("answers only the secret's bearer, and does not say which pools exist to anyone else", async () => {
    const { poolId } = await poolWithClient(server.url);
    const feed = `${server.url}/${poolId}/revocations`;
    for (const authorization of [
      undefined,
      "Bearer wrong",
      `Bearer ${SECRET}x`,
      `Basic ${btoa(`x:${SECRET}`)}`,
      `bearer  ${SECRET}`,
    ]) {
      const response = await fetch(feed, { headers: authorization === undefined ? {} : { authorization } });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="cognate"');
    }
    expect((await fetch(`${server.url}/us-east-1_Missing00/revocations`)).status).toBe(401);
    const ok = await fetch(feed, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ families: [], users: [], more: false });
    expect(
      (
        await fetch(`${server.url}/us-east-1_Missing00/revocations`, {
          headers: { authorization: `Bearer ${SECRET}` },
        })
      ).status,
    ).toBe(404);
    expect(output.join("\n")).toContain("revocations feed for the bearer of COGNATE_REVOCATION_FEED_SECRET");
    expect(output.join("\n")).not.toContain(SECRET);
  });

  it("keeps authorizer() refusing revoked tokens when it has the secret; without it, fails closed", async () => {
    const { poolId, clientId } = await poolWithClient(server.url, {
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    await seedUser(store, poolId, { username: "pia", password: PASSWORD });
    const signIn = async () =>
      (
        await sdk(server.url).send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: clientId,
            AuthParameters: { USERNAME: "pia", PASSWORD },
          }),
        )
      ).AuthenticationResult!;
    let skew = 0;
    const api = (secret?: string) => {
      const app = new Hono();
      app.use(
        "/api/*",
        authorizer({
          issuers: [
            {
              type: "cognito",
              userPoolId: poolId,
              clientId,
              tokenUse: "access",
              issuer: `${server.url}/${poolId}`,
              revocations: {
                refreshSeconds: 5,
                maxStaleSeconds: 10,
                ...(secret === undefined ? {} : { secret }),
              },
            },
          ],
          now: () => Date.now() + skew,
        }),
      );
      app.get("/api/me", (c) => c.text("ok"));
      return (token: string) => app.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
    };
    const withSecret = api(SECRET);
    const without = api();
    const pia = await signIn();
    expect((await withSecret(pia.AccessToken!)).status).toBe(200);
    expect((await without(pia.AccessToken!)).status).toBe(503);
    await sdk(server.url).send(new GlobalSignOutCommand({ AccessToken: pia.AccessToken! }));
    skew += 11_000;
    expect((await withSecret(pia.AccessToken!)).status).toBe(401);
  });

  it("is closed in production without a secret, and generated once in development", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cognate-feed-closed-"));
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args) => void lines.push(args.join(" ")));
    const production = await start({
      PORT: "0",
      NODE_ENV: "production",
      COGNATE_DATA_DIR: dataDir,
      COGNATE_MASTER_KEY: Buffer.alloc(32, 9).toString("base64"),
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    vi.restoreAllMocks();
    try {
      const { poolId } = await poolWithClient(production.url);
      for (const headers of [
        {},
        { authorization: "Bearer " },
        { authorization: `Bearer ${"x".repeat(40)}` },
      ] as Record<string, string>[]) {
        expect((await fetch(`${production.url}/${poolId}/revocations`, { headers })).status).toBe(401);
      }
      expect(lines.join("\n")).toContain("revocations feed closed");
      expect(existsSync(join(dataDir, "revocation-feed-secret"))).toBe(false);
    } finally {
      await production.close();
    }
    const devDir = mkdtempSync(join(tmpdir(), "cognate-feed-dev-"));
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const dev = await start({
      PORT: "0",
      COGNATE_DATA_DIR: devDir,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    vi.restoreAllMocks();
    try {
      const file = join(devDir, "revocation-feed-secret");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const generated = readFileSync(file, "utf8").trim();
      expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const { poolId } = await poolWithClient(dev.url);
      expect((await fetch(`${dev.url}/${poolId}/revocations`)).status).toBe(401);
      expect(
        (
          await fetch(`${dev.url}/${poolId}/revocations`, {
            headers: { authorization: `Bearer ${generated}` },
          })
        ).status,
      ).toBe(200);
    } finally {
      await dev.close();
    }
  });

  it("refuses a short secret, naming the setting and not the value", async () => {
    const short = "too-short-secret";
    const dataDir = mkdtempSync(join(tmpdir(), "cognate-feed-short-"));
    const failed = start({
      PORT: "0",
      COGNATE_DATA_DIR: dataDir,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      COGNATE_REVOCATION_FEED_SECRET: short,
    });
    await expect(failed).rejects.toThrow(/COGNATE_REVOCATION_FEED_SECRET: must be 32/);
    await failed.catch((error: Error) => expect(error.message).not.toContain(short));
    const base = {
      type: "cognito" as const,
      userPoolId: "us-east-1_AbCdEf",
      clientId: null,
      tokenUse: "access" as const,
      issuer: "http://127.0.0.1:1/us-east-1_AbCdEf",
    };
    expect(() => authorizer({ issuers: [{ ...base, revocations: { secret: short } }] })).toThrow(
      /revocations\.secret: must be 32/,
    );
    try {
      authorizer({ issuers: [{ ...base, revocations: { secret: short } }] });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});
