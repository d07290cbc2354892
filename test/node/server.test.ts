import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess, type Running } from "../helpers/process.js";

// `npm start` is `node dist/entry/node.js` after a build; `npm test` builds first.
const ENTRY = "dist/entry/node.js";
const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

const tmp = () => mkdtempSync(join(tmpdir(), "cognate-"));

async function start(env: NodeJS.ProcessEnv) {
  const server = await startProcess("node", [ENTRY], {
    env: { PORT: "0", ...env },
    ready: /listening on (http:\/\/\S+)/,
  });
  running.push(server);
  return server;
}

describe("the Node server (npm start)", () => {
  it("keeps every file of the data dir private (0600) even under umask 000: the database, its WAL and SHM, the master key, the admin credentials", async () => {
    const dataDir = join(tmp(), "data");
    const server = await startProcess("sh", ["-c", `umask 000 && exec node ${ENTRY}`], {
      env: { PORT: "0", COGNATE_DATA_DIR: dataDir },
      ready: /listening on (http:\/\/\S+)/,
    });
    running.push(server);
    expect((await fetch(`${server.match![1]!}/health`)).status).toBe(200);
    const files = ["cognate.db", "cognate.db-wal", "cognate.db-shm", "master-key", "admin-credentials.json"];
    expect(
      Object.fromEntries(files.map((f) => [f, (statSync(join(dataDir, f)).mode & 0o777).toString(8)])),
    ).toEqual(Object.fromEntries(files.map((f) => [f, "600"])));
  });

  it("serves /health on 127.0.0.1 with a banner, creating the data dir and dev admin credentials", async () => {
    const dataDir = join(tmp(), "data");
    const server = await start({ COGNATE_DATA_DIR: dataDir });
    const url = server.match![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", runtime: "node", region: "us-east-1" });
    expect(server.output()).toContain(`data dir    ${dataDir}`);
    const saved = JSON.parse(readFileSync(join(dataDir, "admin-credentials.json"), "utf8"));
    expect(saved.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(statSync(join(dataDir, "admin-credentials.json")).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(saved.accessKeyId);
    // The secret is never printed: it is in the file, which the banner names.
    expect(server.output()).not.toContain(saved.secretAccessKey);
    expect(server.output()).toContain("the secret access key is in");

    // A second start reuses them, and does not print the secret either.
    await server.stop();
    const again = await start({ COGNATE_DATA_DIR: dataDir });
    expect(again.output()).toContain(saved.accessKeyId);
    expect(again.output()).not.toContain(saved.secretAccessKey);
  });

  it("reads COGNATE_CONFIG, with the environment overriding it", async () => {
    const dir = tmp();
    const config = join(dir, "cognate.json");
    writeFileSync(config, JSON.stringify({ region: "eu-west-1", publicUrl: "https://auth.example.com/" }));
    const server = await start({ COGNATE_DATA_DIR: dir, COGNATE_CONFIG: config });
    expect(await (await fetch(`${server.match![1]}/health`)).json()).toMatchObject({ region: "eu-west-1" });
    expect(server.output()).toContain("public url  https://auth.example.com\n");
    const overridden = await start({
      COGNATE_DATA_DIR: dir,
      COGNATE_CONFIG: config,
      COGNATE_REGION: "ap-southeast-2",
    });
    expect(await (await fetch(`${overridden.match![1]}/health`)).json()).toMatchObject({
      region: "ap-southeast-2",
    });
  });

  it("runs as the `cognate` bin, which npm installs as a symlink", async () => {
    const dir = tmp();
    symlinkSync(join(process.cwd(), ENTRY), join(dir, "cognate"));
    const server = await startProcess("node", [join(dir, "cognate")], {
      env: { PORT: "0", COGNATE_DATA_DIR: dir },
      ready: /listening on (http:\/\/\S+)/,
    });
    running.push(server);
    expect(server.match, server.output()).not.toBeNull();
    expect((await fetch(`${server.match![1]}/health`)).status).toBe(200);
  });

  const refusals: Array<[string, (dir: string) => NodeJS.ProcessEnv, RegExp]> = [
    [
      "a misspelt field",
      (dir) => ({ COGNATE_CONFIG: file(dir, '{"regoin":"eu-west-1"}') }),
      /cognate\.json: regoin: unknown field/,
    ],
    [
      "a bad value",
      (dir) => ({ COGNATE_CONFIG: file(dir, '{"publicUrl":"ftp://x"}') }),
      /cognate\.json: publicUrl: must be an http or https URL/,
    ],
    ["broken JSON", (dir) => ({ COGNATE_CONFIG: file(dir, '{"region":') }), /cognate\.json: not valid JSON/],
    [
      "a missing file",
      (dir) => ({ COGNATE_CONFIG: join(dir, "absent.json") }),
      /absent\.json: cannot be read \(ENOENT\)/,
    ],
    ["a bad PORT", () => ({ PORT: "http" }), /PORT: must be an integer/],
    ["a bad COGNATE_REGION", () => ({ COGNATE_REGION: "moon-1" }), /COGNATE_REGION: must be an AWS region/],
    [
      "production without admin credentials",
      () => ({ NODE_ENV: "production" }),
      /NODE_ENV=production requires COGNATE_ADMIN_ACCESS_KEY_ID/,
    ],
    [
      "production without a master key",
      () => ({
        NODE_ENV: "production",
        COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEPROD00001",
        COGNATE_ADMIN_SECRET_ACCESS_KEY: "production/secret+0123456789abcdefghij",
      }),
      /NODE_ENV=production requires COGNATE_MASTER_KEY/,
    ],
    [
      "an admin access key id without its secret",
      () => ({ COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEHALF00001" }),
      /COGNATE_ADMIN_SECRET_ACCESS_KEY: must be set together with COGNATE_ADMIN_ACCESS_KEY_ID/,
    ],
    [
      "an admin secret without its access key id",
      () => ({ COGNATE_ADMIN_SECRET_ACCESS_KEY: "half/secret+0123456789abcdefghijklmn" }),
      /COGNATE_ADMIN_ACCESS_KEY_ID: must be set together/,
    ],
    [
      "a weak admin secret",
      () => ({ COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEWEAK00001", COGNATE_ADMIN_SECRET_ACCESS_KEY: "x" }),
      /COGNATE_ADMIN_SECRET_ACCESS_KEY: must be at least 32 characters/,
    ],
    [
      "a malformed admin access key id",
      () => ({
        COGNATE_ADMIN_ACCESS_KEY_ID: "admin",
        COGNATE_ADMIN_SECRET_ACCESS_KEY: "weak/secret+0123456789abcdefghijklmn",
      }),
      /COGNATE_ADMIN_ACCESS_KEY_ID: must be 16 to 128/,
    ],
    [
      "a malformed COGNATE_MASTER_KEY",
      () => ({ COGNATE_MASTER_KEY: "too-short" }),
      /COGNATE_MASTER_KEY: COGNATE_MASTER_KEY must be 32 random bytes/,
    ],
  ];
  for (const [name, env, message] of refusals) {
    it(`refuses to start on ${name}, saying what is wrong`, async () => {
      const dir = tmp();
      const server = await startProcess("node", [ENTRY], {
        env: { PORT: "0", COGNATE_DATA_DIR: dir, ...env(dir) },
      });
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(message);
      expect(server.output()).not.toMatch(/listening/);
    });
  }
});

function file(dir: string, text: string): string {
  const path = join(dir, "cognate.json");
  writeFileSync(path, text);
  return path;
}
