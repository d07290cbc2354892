import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config.js";
import { feedSecretFrom } from "./feed-secret.js";

/** The revocation feed's secret on Node, and where it came from. */
export interface FeedSecret {
  secret: string | undefined;
  origin: "environment" | "file" | "generated" | "none";
  file?: string;
}

/**
 * `COGNATE_REVOCATION_FEED_SECRET`, else (outside production) one generated once and kept in
 * `{dataDir}/revocation-feed-secret` (0600), as the development admin credentials are. In
 * production without it the feeds stay closed: they list who signed out and when.
 */
export function feedSecret(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): FeedSecret {
  const given = feedSecretFrom(env);
  if (given !== undefined) return { secret: given, origin: "environment" };
  if (production) return { secret: undefined, origin: "none" };
  const file = join(dataDir, "revocation-feed-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (feedSecretFrom({ COGNATE_REVOCATION_FEED_SECRET: secret }) === undefined)
      throw new ConfigError(file, "", "is empty");
    return { secret, origin: "file", file };
  }
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, origin: "generated", file };
}
