// `npm run dev:worker` (wrangler dev, workerd, local D1) for the suites that run against it: started
// on a free port with a fresh --persist-to folder, and the development admin key pair it prints.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { freePort, startProcess } from "./process.js";

/** wrangler quiet and offline: no metrics, no banner, no cf fetch, no prompts. */
export const WRANGLER_ENV = {
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

const run = promisify(execFile);

export interface WranglerDev {
  /** `http://127.0.0.1:{port}`. */
  endpoint: string;
  /** The local state's folder (--persist-to). */
  persist: string;
  output(): string;
  /**
   * The development admin key pair: the key id from the line the first request logs, the secret
   * through the command that line names (the log never holds it).
   */
  adminKeys(): Promise<{ accessKeyId: string; secretAccessKey: string }>;
  stop(): Promise<void>;
}

/** Starts wrangler dev with `args` after the script's own (`--var NAME:value`, ...); `name` prefixes the state folder. */
export async function startWranglerDev(name: string, args: string[] = []): Promise<WranglerDev> {
  const port = await freePort();
  const persist = mkdtempSync(join(tmpdir(), `${name}-`));
  const dev = await startProcess(
    "npm",
    ["run", "--silent", "dev:worker", "--", "--port", String(port), "--persist-to", persist, ...args],
    { ready: /Ready on (http:\/\/\S+)/, timeoutMs: 90_000, env: WRANGLER_ENV },
  );
  if (dev.match === null) throw new Error(`npm run dev:worker did not start:\n${dev.output()}`);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    persist,
    output: dev.output,
    stop: dev.stop,
    async adminKeys() {
      await fetch(`${endpoint}/health`);
      const pattern =
        /AWS_ACCESS_KEY_ID=(\w+); its secret: npx wrangler (d1 execute DB --local --json --command) "([^"]+)"/;
      let match: RegExpExecArray | null = null;
      for (let i = 0; i < 100 && match === null; i++) {
        match = pattern.exec(dev.output());
        if (match === null) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (match === null) throw new Error(`no admin key line in the log:\n${dev.output()}`);
      const command = [...match[2]!.split(" "), match[3]!, "--persist-to", persist];
      const { stdout } = await run("npx", ["wrangler", ...command], {
        env: { ...process.env, ...WRANGLER_ENV },
      });
      const secret = (JSON.parse(stdout) as { results: { secret: string }[] }[])[0]!.results[0]!.secret;
      return { accessKeyId: match[1]!, secretAccessKey: secret };
    },
  };
}

/** `GET /admin/outbox` of the Worker at `endpoint`, signed with `keys` (service iam): its status and JSON lines. */
export async function readOutbox(
  endpoint: string,
  keys: { accessKeyId: string; secretAccessKey: string },
): Promise<{ status: number; messages: OutboundMessage[] }> {
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
      .map((line) => JSON.parse(line) as OutboundMessage),
  };
}
