import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { OptionsError } from "../util/validate.js";
import { distinctRoles, resolveRole, type Role, RoleRegistry } from "./roles.js";

/** Larger role files are refused before they are read (IAM's own limits are far smaller). */
const MAX_FILE_BYTES = 64 * 1024;

/**
 * Reads every `*.json` file of a roles directory (`policies/roles/`), each a `RoleDocument`
 * named by its file (`Reader.json` is the role `Reader`), and returns them as a registry. A
 * directory that does not exist holds no roles. A bad file throws an `OptionsError` whose message
 * starts with the file's path and names the field, e.g.
 * `policies/roles/Reader.json: AssumeRolePolicyDocument.Statement[0].Effect: must be "Allow" or "Deny"`.
 *
 * @example
 * ```ts
 * const roles = loadRoleFiles("policies/roles");
 * roles.roleFor("arn:aws:iam::123456789012:role/Reader");
 * ```
 */
export function loadRoleFiles(directory: string): RoleRegistry {
  let names: string[];
  try {
    names = readdirSync(directory).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return new RoleRegistry();
    throw e;
  }
  const roles: { role: Role; at: string }[] = [];
  for (const name of names) {
    if (!name.endsWith(".json")) continue;
    const path = join(directory, name);
    const stat = statSync(path);
    if (!stat.isFile()) continue;
    if (stat.size > MAX_FILE_BYTES) throw new OptionsError(path, `larger than ${MAX_FILE_BYTES} bytes`);
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
    } catch (cause) {
      throw new OptionsError(path, `is not valid JSON (${(cause as Error).message})`);
    }
    roles.push({ role: resolveRole(name.slice(0, -".json".length), document, "", path), at: path });
  }
  return distinctRoles(roles);
}
