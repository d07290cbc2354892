import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Running, startProcess } from "../helpers/process.js";
import { fencedBlocks } from "./markdown.js";

// docs/tour.md run as written: its `sh tour` blocks in sh (the `aws` on PATH is the translator in
// aws-cli.mjs, the AWS CLI not being installed here), then its `js tour` blocks as one tour.mjs, against
// a real server started from dist/ as `npm start` starts it, in an empty directory with the development
// defaults. The only change: the address the doc uses becomes the test server's.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOC_URL = "http://127.0.0.1:9229";
const run = promisify(execFile);
const tour = readFileSync(join(ROOT, "docs/tour.md"), "utf8");

let dir: string;
let url: string;
let server: Running;

// The child sees no credentials, region or settings of the machine running the tests: only the tour's.
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|COGNATE_)/.test(key) && key !== "PORT" && key !== "HOST") env[key] = value;
  }
  return {
    ...env,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
    ...extra,
  };
}

function payload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cognate-tour-"));
  const started = await startProcess("node", [join(ROOT, "dist/entry/node.js")], {
    cwd: dir,
    // Any free port (the doc's 9229 may be taken), and none of the machine's cognate or AWS settings.
    env: {
      ...Object.fromEntries(
        Object.keys(process.env)
          .filter((k) => /^(AWS_|COGNATE_)/.test(k))
          .map((k) => [k, undefined]),
      ),
      PORT: "0",
      HOST: undefined,
      NODE_ENV: undefined,
    },
    ready: /listening on (http:\/\/\S+)/,
  });
  server = started;
  expect(started.match, started.output()).not.toBeNull();
  url = started.match![1]!;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("docs/tour.md, run as written", () => {
  it("the AWS CLI steps: credentials from .cognate/, a pool, a client, sign-up, the code from the outbox, confirmation, sign-in", async () => {
    const blocks = fencedBlocks(tour, "sh tour");
    const script = blocks.join("\n\n");
    for (const step of [
      "create-user-pool ",
      "create-user-pool-client",
      "sign-up",
      "outbox.jsonl",
      "confirm-sign-up",
      "initiate-auth",
    ]) {
      expect(script, `the tour's shell blocks lost the ${step} step`).toContain(step);
    }
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, "aws"),
      `#!/bin/sh\nexec node ${JSON.stringify(join(ROOT, "test/docs/aws-cli.mjs"))} "$@"\n`,
      {
        mode: 0o755,
      },
    );
    const { stdout } = await run("sh", ["-eu", "-c", script.replaceAll(DOC_URL, url)], {
      cwd: dir,
      env: cleanEnv({ PATH: `${bin}:${process.env.PATH}` }),
    }).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`the tour's shell blocks failed:\n${error.stderr}\n${error.stdout}`);
    });
    const [, poolId] = stdout.match(/^(us-east-1_[A-Za-z0-9]+) [a-z0-9]+$/m) ?? [];
    expect(poolId, stdout).toBeDefined();
    const idToken = stdout.match(/"IdToken": "([^"]+)"/)?.[1];
    expect(idToken, stdout).toBeDefined();
    expect(payload(idToken!)).toMatchObject({
      iss: `${url}/${poolId}`,
      email: "alice@example.com",
      email_verified: true,
    });
    expect(stdout).toMatch(/"AccessToken": "ey/);
  });

  it("the AWS SDK v3 steps and the authorizer() of step 7, as one tour.mjs", async () => {
    const blocks = fencedBlocks(tour, "js tour");
    const code = blocks.join("\n\n");
    for (const step of [
      "CreateUserPoolCommand(",
      "CreateUserPoolClientCommand(",
      "SignUpCommand(",
      "outbox.jsonl",
      "ConfirmSignUpCommand(",
      "InitiateAuthCommand(",
      "authorizer(",
    ]) {
      expect(code, `the tour's js blocks lost ${step}`).toContain(step);
    }
    // node_modules as a consumer's: the repository's packages, and cognate itself (built, from dist/).
    const modules = join(dir, "node_modules");
    mkdirSync(modules, { recursive: true });
    for (const name of readdirSync(join(ROOT, "node_modules"))) {
      if (!name.startsWith(".")) symlinkSync(join(ROOT, "node_modules", name), join(modules, name));
    }
    symlinkSync(ROOT, join(modules, "cognate"));
    writeFileSync(join(dir, "tour.mjs"), code.replaceAll(DOC_URL, url));
    const { stdout } = await run("node", ["tour.mjs"], { cwd: dir, env: cleanEnv({}) }).catch(
      (error: { stdout: string; stderr: string }) => {
        throw new Error(`tour.mjs failed:\n${error.stderr}\n${error.stdout}`);
      },
    );
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(
      new RegExp(`^${url.replaceAll(".", "\\.")}/us-east-1_[A-Za-z0-9]+ alice@example\\.com$`),
    );
    expect(lines[1]).toBe("200 alice");
  });
});
