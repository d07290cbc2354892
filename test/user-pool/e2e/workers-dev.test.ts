// `npm run dev:worker` out of the box: no .dev.vars, no --var but the script's own. The Worker in
// development generates its admin key pair (its key id and the command that reads its secret are printed in wrangler dev's log) and master key, and
// keeps the codes it sends at GET /admin/outbox, signed with that key: a sign-up through the AWS
// SDK, its code read from the outbox, confirmed, then a sign-in.
import { Sha256 } from "@aws-crypto/sha256-js";
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { SignatureV4 } from "@smithy/signature-v4";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startProcess } from "../../helpers/process.js";

let dev: Awaited<ReturnType<typeof startProcess>> | undefined;
let endpoint: string;
let persist: string;
const run = promisify(execFile);

beforeAll(async () => {
  const port = await freePort();
  persist = mkdtempSync(join(tmpdir(), "cognate-dev-worker-"));
  dev = await startProcess(
    "npm",
    ["run", "--silent", "dev:worker", "--", "--port", String(port), "--persist-to", persist],
    { ready: /Ready on (http:\/\/\S+)/, timeoutMs: 60_000 },
  );
  if (dev.match === null) throw new Error(`npm run dev:worker did not start:\n${dev.output()}`);
  endpoint = `http://127.0.0.1:${port}`;
}, 70_000);
afterAll(async () => {
  await dev?.stop();
});

/** The first match of `pattern` in wrangler dev's log, waiting a little for the log to arrive. */
async function fromLog(pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 50; i++) {
    const match = pattern.exec(dev!.output());
    if (match !== null) return match;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${pattern} is not in the log:\n${dev!.output()}`);
}

/**
 * The development admin key pair: the key id from the log line the first request prints, the
 * secret by running the command that line names (the log never holds the secret).
 */
async function adminFromLog(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const match = await fromLog(
    /AWS_ACCESS_KEY_ID=(\w+); its secret: npx wrangler (d1 execute DB --local --json --command) "([^"]+)"/,
  );
  const args = [...match[2]!.split(" "), match[3]!, "--persist-to", persist];
  const { stdout } = await run("npx", ["wrangler", ...args], {
    env: {
      ...process.env,
      CI: "true",
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
    },
  });
  const secret = (JSON.parse(stdout) as { results: { secret: string }[] }[])[0]!.results[0]!.secret;
  expect(dev!.output()).not.toContain(secret);
  return { accessKeyId: match[1]!, secretAccessKey: secret };
}

/** `GET /admin/outbox` signed with the admin key (service iam), as JSON lines. */
async function outbox(keys: { accessKeyId: string; secretAccessKey: string }) {
  const url = new URL("/admin/outbox", endpoint);
  const signed = await new SignatureV4({
    credentials: keys,
    region: "us-east-1",
    service: "iam",
    sha256: Sha256,
  }).sign({
    method: "GET",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host },
  });
  const response = await fetch(url, { headers: signed.headers });
  const text = await response.text();
  return {
    status: response.status,
    messages: text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { to: string; username: string; code?: string }),
  };
}

describe("npm run dev:worker out of the box", () => {
  it("signs up, reads the code from the development outbox, confirms and signs in", async () => {
    expect(await (await fetch(`${endpoint}/health`)).json()).toMatchObject({ runtime: "workerd" });
    const admin = await adminFromLog();
    const idp = new CognitoIdentityProviderClient({ endpoint, region: "us-east-1", credentials: admin });
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({ PoolName: "dev-worker", AutoVerifiedAttributes: ["email"] }),
    );
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id!,
        ClientName: "web",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    const password = "Correct-Horse-9!";
    await idp.send(
      new SignUpCommand({
        ClientId,
        Username: "ada",
        Password: password,
        UserAttributes: [{ Name: "email", Value: "ada@example.com" }],
      }),
    );
    const read = await outbox(admin);
    expect(read.status).toBe(200);
    const message = read.messages.find((m) => m.to === "ada@example.com");
    expect(message?.code).toMatch(/^\d{6}$/);
    // The same code is in wrangler dev's log.
    const logged = await fromLog(/EMAIL to ada@example\.com \(\S+, ada\): code (\d{6})/);
    expect(logged[1]).toBe(message!.code);
    await idp.send(new ConfirmSignUpCommand({ ClientId, Username: "ada", ConfirmationCode: message!.code! }));

    const signedIn = await idp.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "ada", PASSWORD: password },
      }),
    );
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTypeOf("string");

    // Nobody without the admin key reads the outbox.
    const stranger = await outbox({ accessKeyId: "AKIASTRANGERKEY00001", secretAccessKey: "x".repeat(40) });
    expect(stranger.status).toBeGreaterThanOrEqual(400);
  });
});
