import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parsePolicy } from "./parse.js";
import type { Policy } from "./types.js";

/** Larger policy files are refused before they are read (IAM's own limits are far smaller). */
const MAX_FILE_BYTES = 64 * 1024;

/**
 * Reads every `*.json` file of a policies directory, validating each, and returns them by name
 * (the file name without `.json`), parsed for `authorizer({ policies: { files } })`. A bad file throws a
 * `PolicyError` that names the file, the statement and the field.
 *
 * @example
 * ```ts
 * import { authorizer } from "cognate";
 * import { loadPolicyFiles } from "cognate/node";
 *
 * app.use("/api/*", authorizer({
 *   issuers,
 *   policies: { everyone: ["read-only"], files: loadPolicyFiles("policies") },
 * }));
 * ```
 */
export function loadPolicyFiles(directory: string): Record<string, Policy> {
  const files: Record<string, Policy> = {};
  for (const name of readdirSync(directory).sort()) {
    if (!name.endsWith(".json")) continue;
    const path = join(directory, name);
    if (statSync(path).size > MAX_FILE_BYTES) throw new Error(`${path}: larger than ${MAX_FILE_BYTES} bytes`);
    files[name.slice(0, -".json".length)] = parsePolicy(readFileSync(path, "utf8"), path);
  }
  return files;
}
