import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { ConfigError } from "../../src/index.js";

// COGNATE_SQLITE_SYNCHRONOUS through the real Node entry, in process. `synchronous` is a setting of
// the connection, not of the file, so nothing outside the server can read it back: the start-up
// line is read back from the server's own connection (sqliteDurability), and that is what is checked.
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "cognate-durability-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the server with `env`, returns its start-up lines, and stops it. */
async function startUpLines(env: NodeJS.ProcessEnv): Promise<string> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const server = await start({ PORT: "0", COGNATE_DATA_DIR: tempDir(), ...env });
    await server.close();
    return log.mock.calls.map((call) => call.join(" ")).join("\n");
  } finally {
    log.mockRestore();
  }
}

describe("COGNATE_SQLITE_SYNCHRONOUS on the Node server", () => {
  it("defaults to NORMAL, and says so at start-up with how to get FULL", async () => {
    expect(await startUpLines({})).toContain(
      "  durability  WAL, synchronous=NORMAL (safe against a process crash; set COGNATE_SQLITE_SYNCHRONOUS=FULL to survive power loss)\n",
    );
  });

  it("takes FULL, in lower case too, and the server's own connection then syncs every commit", async () => {
    expect(await startUpLines({ COGNATE_SQLITE_SYNCHRONOUS: "full" })).toContain(
      "  durability  WAL, synchronous=FULL (every commit synced to disk: survives power loss)\n",
    );
  });

  it.each(["OFF", "EXTRA", "2", " full"])(
    "refuses to start on %j, naming the variable and the values it takes",
    async (value) => {
      const error = await start({
        PORT: "0",
        COGNATE_DATA_DIR: tempDir(),
        COGNATE_SQLITE_SYNCHRONOUS: value,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        `environment: COGNATE_SQLITE_SYNCHRONOUS: must be NORMAL or FULL (case-insensitive), got ${JSON.stringify(value)}`,
      );
    },
  );
});
