import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config.js";
import { resolveAssertionKey, type AssertionKeyJwk } from "../gateway/assertion-key.js";

export interface StoredAssertionKey {
  jwk: AssertionKeyJwk;
  /** Read from the data dir, or generated (and saved there) just now. */
  origin: "file" | "generated";
  file: string;
}

/**
 * The key that signs gateway assertions when the configuration gives none: kept in
 * `{dataDir}/assertion-key.json` (mode 0600), generated on first use, so upstreams that cached
 * the JWKS keep verifying across restarts.
 */
export function storedAssertionKey(dataDir: string): StoredAssertionKey {
  const file = join(dataDir, "assertion-key.json");
  if (existsSync(file)) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new ConfigError(file, "", `cannot be read as JSON (${(error as Error).message})`);
    }
    try {
      return { jwk: resolveAssertionKey(value, "")!, origin: "file", file };
    } catch (error) {
      throw ConfigError.from(file, error);
    }
  }
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { x, y, d } = privateKey.export({ format: "jwk" });
  const jwk: AssertionKeyJwk = { kty: "EC", crv: "P-256", x: x!, y: y!, d: d! };
  writeFileSync(file, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  return { jwk, origin: "generated", file };
}
