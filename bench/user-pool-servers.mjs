// The two servers of the user-pool benchmark as child processes on 127.0.0.1: cognate
// (`node dist/entry/node.js`, SQLite in a temp data dir, codes in its outbox file) and
// cognito-local (started as its bin does, see cognito-local-server.mjs; JSON files under
// `.cognito/` in a temp working directory, codes in its log). Each gets a reader of its
// confirmation codes, and its CPU time can be read from /proc.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ADMIN = {
  accessKeyId: "AKIACOGNATEBENCH0001",
  secretAccessKey: "bench/secret+0123456789abcdefghijklmnopqr",
};
const COGNITO_LOCAL_SERVER = new URL("./cognito-local-server.mjs", import.meta.url).pathname;
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** An SDK v3 client: the same one, with the same settings, for both servers. */
export function sdk(url) {
  return new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: url,
    credentials: ADMIN,
    maxAttempts: 1,
  });
}

/** User + system CPU seconds a process has used so far (from /proc/<pid>/stat). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

// Each server's output goes to a file, as both servers' messages do: cognate's codes to its
// outbox file, cognito-local's to its log. The client reads both the same way (tailLines).
function launch(args, { cwd, env, logFile, ready }) {
  const lines = tailLines(logFile);
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = (async () => {
    for (const t0 = Date.now(); Date.now() - t0 < 30_000; ) {
      for (const line of lines()) {
        const m = ready.exec(line);
        if (m) return m[1];
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${args[0]} did not start:\n${readFileSync(logFile, "utf8").slice(-4000)}`);
  })();
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.kill("SIGTERM");
    await exited;
    clearTimeout(timer);
  };
  return { child, url, stop };
}

/** A reader of the complete lines added to `file` since its last call (the first: since now). */
export function tailLines(file) {
  let offset = existsSync(file) ? statSync(file).size : 0;
  let rest = "";
  const buffer = Buffer.alloc(1 << 20);
  return () => {
    if (!existsSync(file)) return [];
    const fd = openSync(file, "r");
    try {
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, offset)) > 0; offset += n)
        rest += buffer.toString("utf8", 0, n);
    } finally {
      closeSync(fd);
    }
    const lines = rest.split("\n");
    rest = lines.pop();
    return lines;
  };
}

/** Starts cognate over `dataDir` (made when absent), with `extraEnv` added to its environment. */
export async function startCognate(dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-")), extraEnv = {}) {
  const env = {
    ...extraEnv,
    PORT: "0",
    HOST: "127.0.0.1",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  };
  const proc = launch(["dist/entry/node.js"], {
    env,
    logFile: join(dataDir, "server.log"),
    ready: /listening on (http:\/\/\S+)/,
  });
  const url = await proc.url;
  const codes = codeReader(join(dataDir, "outbox.jsonl"), (line) => {
    const message = JSON.parse(line);
    return message.code === undefined ? undefined : [message.username, message.code];
  });
  return {
    name: "cognate",
    url,
    dataDir,
    pid: proc.child.pid,
    stop: proc.stop,
    codes,
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * Starts cognito-local in `workDir` (made when absent). Its pools default to email usernames;
 * the config file sets no username attributes, so both servers get the same plain-username pool.
 */
export async function startCognitoLocal(workDir = mkdtempSync(join(tmpdir(), "cognito-local-bench-"))) {
  mkdirSync(join(workDir, ".cognito", "db"), { recursive: true });
  const config = join(workDir, ".cognito", "config.json");
  if (!existsSync(config))
    writeFileSync(config, JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const proc = launch([COGNITO_LOCAL_SERVER], {
    cwd: workDir,
    env: { PORT: "0", HOST: "127.0.0.1", NODE_NO_WARNINGS: "1" },
    logFile: join(workDir, "server.log"),
    ready: /running on (http:\/\/\S+?)\s/,
  });
  const url = await proc.url;
  // Its log is a JSON line per entry; a message's text is a box with "Username: <name>" and "Code: <digits>".
  const codes = codeReader(join(workDir, "server.log"), (line) => {
    if (!line.includes("Confirmation Code Delivery")) return undefined;
    const { msg } = JSON.parse(line);
    return [/Username:\s+(\S+)/.exec(msg)[1], /Code:\s+(\d+)/.exec(msg)[1]];
  });
  return {
    name: "cognito-local",
    url,
    workDir,
    pid: proc.child.pid,
    stop: proc.stop,
    codes,
    remove: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

/**
 * Codes by username, read from a file the server appends to; `parse` turns a line into
 * `[username, code]` or `undefined`. Both servers write the message before their SignUp answers,
 * so the first read after it nearly always finds the code; a short poll covers the rest.
 */
function codeReader(file, parse) {
  const lines = tailLines(file);
  const codes = new Map();
  const drain = () => {
    for (const line of lines()) {
      const found = parse(line);
      if (found !== undefined) codes.set(found[0], found[1]);
    }
  };
  return {
    async next(username) {
      for (let tries = 0; tries < 500; tries++) {
        drain();
        const code = codes.get(username);
        if (code !== undefined) {
          codes.delete(username);
          return code;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      throw new Error(`no code for ${username} in ${file}`);
    },
  };
}
