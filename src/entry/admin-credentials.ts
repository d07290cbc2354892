import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminKeyPair } from "./admin-key-pair.js";

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Where they came from: the environment, a file under the data dir, or generated just now. */
  origin: "environment" | "file" | "generated";
  file?: string;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The credentials SigV4-signed admin calls must use: from the environment, else (outside
 * production) generated once and kept in `{dataDir}/admin-credentials.json` (mode 0600).
 */
export function adminCredentials(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  production: boolean,
): AdminCredentials {
  const pair = adminKeyPair(env);
  if (pair !== undefined) return { ...pair, origin: "environment" };
  if (production) {
    throw new Error(
      "NODE_ENV=production requires COGNATE_ADMIN_ACCESS_KEY_ID and COGNATE_ADMIN_SECRET_ACCESS_KEY",
    );
  }
  const file = join(dataDir, "admin-credentials.json");
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<AdminCredentials>;
    if (typeof saved.accessKeyId !== "string" || typeof saved.secretAccessKey !== "string") {
      throw new Error(`${file}: accessKeyId and secretAccessKey must be strings`);
    }
    return { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey, origin: "file", file };
  }
  const accessKeyId = `AKIA${Array.from(randomBytes(16), (b) => BASE32[b & 31]).join("")}`;
  const secretAccessKey = randomBytes(30).toString("base64");
  writeFileSync(file, `${JSON.stringify({ accessKeyId, secretAccessKey }, null, 2)}\n`, { mode: 0o600 });
  return { accessKeyId, secretAccessKey, origin: "generated", file };
}
