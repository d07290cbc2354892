// The identity-pool scenarios against the Node entry (`start()`): roles as files of
// policies/roles/, "auth": "iam" routes to a real upstream on 127.0.0.1.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { startUpstream, type Upstream } from "../gateway/servers.js";
import { identityOperationNames, identityScenarios, type IdentityTarget } from "./e2e/scenarios.js";
import { ROLES, routes } from "./e2e/world.js";
import { ADMIN } from "./setup.js";

let upstream: Upstream;
let server: Awaited<ReturnType<typeof start>>;
let target: IdentityTarget;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  upstream = await startUpstream();
  const dir = mkdtempSync(join(tmpdir(), "cognate-identity-e2e-"));
  mkdirSync(join(dir, "policies", "roles"), { recursive: true });
  for (const [name, role] of Object.entries(ROLES))
    writeFileSync(join(dir, "policies", "roles", `${name}.json`), JSON.stringify(role));
  writeFileSync(join(dir, "cognate.json"), JSON.stringify({ routes: routes(upstream.url) }));
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dir,
    COGNATE_CONFIG: join(dir, "cognate.json"),
    COGNATE_POLICIES: join(dir, "policies"),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  target = {
    endpoint: server.url,
    admin: ADMIN,
    calls: new Set(),
    lastForwarded: () => upstream.seen.at(-1)?.headers,
  };
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe("identity pools end to end on the Node server", () => {
  for (const [name, scenario] of Object.entries(identityScenarios)) it(name, () => scenario(target), 30_000);
  it("drove all 23 operations of the identity service successfully", () => {
    const names = identityOperationNames();
    expect(names).toHaveLength(23);
    expect(names.filter((name) => !target.calls.has(name))).toEqual([]);
  });
});
