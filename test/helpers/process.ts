import { createServer } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";

export interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the process's exit code. */
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/** Spawns a command and waits until its combined output matches `ready` (or it exits, or time runs out). */
export async function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ready?: RegExp; timeoutMs?: number } = {},
): Promise<Running & { match: RegExpMatchArray | null }> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const match = await new Promise<RegExpMatchArray | null>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${options.ready}; output:\n${text}`)),
      options.timeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = options.ready ? text.match(options.ready) : null;
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(null);
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGTERM"); // the whole group: npx and wrangler spawn children
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  };
  return { child, output: () => text, exited, stop, match };
}

/** A TCP port free on 127.0.0.1 right now, for a server a test starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
