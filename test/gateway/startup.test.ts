import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { ASSERTION_JWKS_PATH, ConfigError } from "../../src/index.js";
import { startUpstream, type Seen } from "./servers.js";

// The Node entry point, in process: configuration file, data dir, the assertion key it keeps.
const cleanups: Array<() => Promise<void>> = [];
beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

function configFile(config: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "cognate-gateway-"));
  const file = join(dir, "cognate.json");
  writeFileSync(file, JSON.stringify(config));
  return { dir, file };
}

const COGNITO = {
  issuers: [{ type: "cognito", userPoolId: "us-east-1_TestPool1", clientId: null, tokenUse: "access" }],
};

describe("the Node entry with a route table", () => {
  it("forwards to the configured upstream, with the client's address in X-Forwarded-For", async () => {
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const { dir, file } = configFile({
      routes: [{ path: "/svc/*", upstream: upstream.url, stripPrefix: "/svc", auth: "none" }],
    });
    const server = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file });
    cleanups.push(server.close);
    const seen = (await (await fetch(`${server.url}/svc/ping?q=1`)).json()) as Seen;
    expect(seen.url).toBe("/ping?q=1");
    expect(seen.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("generates the assertion key once, keeps it 0600 in the data dir, and serves its JWKS", async () => {
    const { dir, file } = configFile({
      routes: [{ path: "/api/*", upstream: "http://127.0.0.1:1", auth: COGNITO, assertion: true }],
    });
    const first = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file });
    cleanups.push(first.close);
    const keyFile = join(dir, "assertion-key.json");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(keyFile, "utf8"));
    expect(saved).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(saved.d).toMatch(/^[\w-]{43}$/);
    const jwks = (await (await fetch(`${first.url}${ASSERTION_JWKS_PATH}`)).json()) as {
      keys: Array<Record<string, string>>;
    };
    expect(jwks.keys[0]).toMatchObject({ x: saved.x, y: saved.y, alg: "ES256", use: "sig" });

    const again = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file });
    cleanups.push(again.close);
    expect(JSON.parse(readFileSync(keyFile, "utf8"))).toEqual(saved);
    const reused = (await (await fetch(`${again.url}${ASSERTION_JWKS_PATH}`)).json()) as {
      keys: Array<Record<string, string>>;
    };
    expect(reused.keys[0]!.kid).toBe(jwks.keys[0]!.kid);
  });

  it("names the field of a bad route, in the configuration file", async () => {
    const routes = [
      { path: "/a", upstream: "http://127.0.0.1:1", auth: "none" },
      { path: "/b", upstream: "http://127.0.0.1:1", auth: "none" },
      { path: "/c", upstream: "127.0.0.1:8080", auth: "none" },
    ];
    const { dir, file } = configFile({ routes });
    const error = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("routes[2].upstream");
    expect((error as Error).message).toBe(
      `${file}: routes[2].upstream: must be an absolute http(s) URL, got "127.0.0.1:8080"`,
    );
  });

  it("names the field of a route's authorizer options, as authorizer() finds it", async () => {
    const auth = { issuers: [{ type: "cognito", userPoolId: "pool", clientId: null, tokenUse: "access" }] };
    const { dir, file } = configFile({
      routes: [
        { path: "/a", upstream: "http://127.0.0.1:1", auth: "none" },
        { path: "/b", upstream: "http://127.0.0.1:1", auth },
      ],
    });
    const error = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("routes[1].auth.issuers[0].userPoolId");
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: routes\\[1\\]\\.auth\\.issuers\\[0\\]\\.userPoolId: must be a user pool id`,
      ),
    );
  });
});
