/**
 * Role ARNs, role ids and assumed-role ARNs: the names IAM and STS give a role and its sessions.
 */

/** cognate's AWS account id: the account of every ARN it writes (as `ACCOUNT_ID` in the user pools). */
export const COGNATE_ACCOUNT_ID = "000000000000";

/** IAM's role name pattern (`[\w+=,.@-]+`, 1 to 64 characters). */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

// Cognito Identity's ARNString is at most 2048 characters; IAM's role path at most 512.
const MAX_ARN_LENGTH = 2048;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(.+)$/;
// A path segment: printable ASCII but `/` (IAM: `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`).
const PATH_SEGMENT = /^[\u0021-\u002E\u0030-\u007E]+$/;

/** A role ARN's parts: `arn:{partition}:iam::{account}:role{path}{name}`. */
export interface RoleArnParts {
  partition: string;
  account: string;
  /** `/` or `/division/team/`: IAM's path, with its slashes. */
  path: string;
  name: string;
}

/**
 * Reads a role ARN, `arn:aws:iam::{12 digits}:role/{optional/path/}{RoleName}`; `undefined` for
 * anything else (another service's ARN, a bad role name, a wildcard).
 *
 * @example
 * ```ts
 * parseRoleArn("arn:aws:iam::123456789012:role/app/Reader");
 * // { partition: "aws", account: "123456789012", path: "/app/", name: "Reader" }
 * ```
 */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  if (arn.length > MAX_ARN_LENGTH) return undefined;
  const match = ROLE_ARN.exec(arn);
  if (match === null) return undefined;
  const segments = match[3]!.split("/");
  const name = segments.pop()!;
  if (!ROLE_NAME.test(name) || !segments.every((s) => PATH_SEGMENT.test(s))) return undefined;
  const path = segments.length === 0 ? "/" : `/${segments.join("/")}/`;
  return { partition: match[1]!, account: match[2]!, path, name };
}

/** A role's ARN: `arn:aws:iam::{account}:role{path}{name}` (path `/` by default). */
export function roleArn(name: string, account = COGNATE_ACCOUNT_ID, path = "/"): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

/**
 * The assumed-role ARN of a session: `arn:aws:sts::{account}:assumed-role/{RoleName}/{RoleSessionName}`
 * (STS's `AssumedRoleUser.Arn`; the role's path is not part of it).
 */
export function assumedRoleArn(roleName: string, sessionName: string, account = COGNATE_ACCOUNT_ID): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ROLE_ID_LABEL = "cognate role id\n";
const MAX_IDS = 1024;
const ids = new Map<string, Promise<string>>();

/**
 * A role's unique id, as IAM gives one: `AROA` and 17 characters of `[A-Z2-7]`, here derived from
 * the role's name (a SHA-256 under a fixed label, not a secret), so that it is the same on every
 * instance and across restarts, as IAM's is for the life of the role. `aws:userid` of a session
 * is `{roleId}:{roleSessionName}`.
 *
 * @example
 * ```ts
 * await roleId("Reader"); // "AROA" + 17 characters, the same every time
 * ```
 */
export function roleId(name: string): Promise<string> {
  let id = ids.get(name);
  if (id === undefined) {
    id = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(ROLE_ID_LABEL + name))
      .then((digest) => `AROA${base32(new Uint8Array(digest)).slice(0, 17)}`);
    // Role names are few (the role files); the bound only keeps arbitrary callers' names from piling up.
    if (ids.size >= MAX_IDS) ids.delete(ids.keys().next().value!);
    ids.set(name, id);
  }
  return id;
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}
