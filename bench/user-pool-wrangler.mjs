// `wrangler dev` for the benchmark: the gateway in workerd (portable BigInt ModPow, local D1 under a
// temp dir), offline, on 127.0.0.1, the admin key and a fresh master key given as --var.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN } from "./user-pool-servers.mjs";

const OFFLINE = {
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

export async function startWrangler() {
  const port = 21_000 + Math.floor(Math.random() * 2000);
  const masterKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
  const vars = {
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    COGNATE_MASTER_KEY: masterKey,
  };
  const persist = mkdtempSync(join(tmpdir(), "cognate-bench-d1-"));
  const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  // Its own process group: npx and wrangler start children (workerd), all stopped together.
  const child = spawn("npx", args, {
    env: { ...process.env, ...OFFLINE },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    await halt();
    rmSync(persist, { recursive: true, force: true });
  };
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  };
  let output = "";
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`wrangler dev did not start:\n${output.slice(-3000)}`)),
        90_000,
      );
      const onData = (chunk) => {
        output += chunk.toString();
        if (/Ready on http/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`wrangler dev exited ${code}:\n${output.slice(-3000)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
