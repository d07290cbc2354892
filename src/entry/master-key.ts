import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface MasterKey {
  /** `COGNATE_MASTER_KEY`'s text: 32 bytes of base64. Never printed. */
  key: string;
  /** Where it came from: the environment, a file under the data dir, or generated just now. */
  origin: "environment" | "file" | "generated";
  file?: string;
}

/**
 * The master key that seals the pools' signing keys: `COGNATE_MASTER_KEY`, else (outside
 * production) generated once and kept in `{dataDir}/master-key` (mode 0600). Losing it makes the
 * sealed keys unreadable, so production must bring its own, kept apart from the database.
 */
export function masterKey(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): MasterKey {
  const fromEnv = env.COGNATE_MASTER_KEY?.trim();
  if (fromEnv) return { key: fromEnv, origin: "environment" };
  if (production)
    throw new Error("NODE_ENV=production requires COGNATE_MASTER_KEY (32 random bytes in base64)");
  const file = join(dataDir, "master-key");
  if (existsSync(file)) return { key: readFileSync(file, "utf8").trim(), origin: "file", file };
  const key = randomBytes(32).toString("base64");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, origin: "generated", file };
}
