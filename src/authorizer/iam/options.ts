import type { Context } from "hono";
import { type RoleDocument, RoleRegistry, resolveRoles } from "../../iam/roles.js";
import { SignatureThrottle } from "../../protocol/sigv4-throttle.js";
import { importMasterKey } from "../../runtime/master-key.js";
import { base64ToBytes } from "../../util/encoding.js";
import {
  join,
  objectOf,
  optionalFunction,
  optionalNumber,
  OptionsError,
  shown,
} from "../../util/validate.js";
import { apiCoordinates, urlIsHttps } from "../options.js";
import type { ApiCoordinates } from "../request-context.js";

/** What verifies SigV4 requests signed with cognate's temporary credentials. */
export interface IamOptions {
  /**
   * `COGNATE_MASTER_KEY`, which seals the session tokens Cognito Identity and STS issue: its text
   * (32 bytes of base64) or the key `importMasterKey` made of it. Required.
   */
  masterKey: string | CryptoKey;
  /**
   * The roles sessions name by ARN: role documents by name (as the configuration's `roles`, or
   * the files of `policies/roles/`), or a `RoleRegistry` (`resolveRoles`, `loadRoleFiles`).
   * A session whose role is not here is refused. Required.
   */
  roles: RoleRegistry | Readonly<Record<string, RoleDocument>>;
  /**
   * Failed signatures charged per access key id and client network (the client's address is
   * `sourceIp`); past the limit, 429 unverified. Default: one of this authorizer's own. Share one
   * between the endpoints that take the same keys.
   */
  throttle?: SignatureThrottle;
  /** The largest body read to check its hash against the signature; larger ones are refused with 413. Default 1048576. */
  maxBodyBytes?: number;
  /** How far the signing time may be from now, in seconds. Default 300, as AWS. */
  maxSkewSeconds?: number;
}

/**
 * Options of {@link authorizer} for SigV4 requests signed with temporary credentials (what
 * API Gateway calls `AWS_IAM` authorization), in place of bearer `issuers`.
 *
 * @example
 * ```ts
 * import { authorizer } from "cognate";
 *
 * app.use("/api/*", authorizer({
 *   iam: {
 *     masterKey: process.env.COGNATE_MASTER_KEY!,
 *     roles: { Reader: { AssumeRolePolicyDocument: trust, Policies: { read: readPolicy } } },
 *   },
 *   region: "eu-west-1",
 *   apiId: "shop",
 *   stage: "live",
 * }));
 * app.get("/api/me", (c) => c.json({ identity: c.var.principal.iam?.identityId }));
 * ```
 */
export interface IamAuthorizerOptions {
  iam: IamOptions;
  /** The region requests are signed for (the credential scope's) and the execute-api ARN's. Default `us-east-1`. */
  region?: string;
  /** The execute-api ARN's account. Default `000000000000`. */
  accountId?: string;
  /** The execute-api ARN's API id. Default `cognate`. */
  apiId?: string;
  /** The execute-api ARN's stage. Default `$default`. */
  stage?: string;
  /** The client's IP address, for `aws:SourceIp` and the signature throttle. Default: unknown. */
  sourceIp?: (c: Context) => string | undefined;
  /** Whether the request came over TLS, for `aws:SecureTransport` (see `AuthorizerOptions`). Default: the URL's scheme. */
  secureTransport?: (c: Context) => boolean;
  /** Decide on the lower-cased path (see `AuthorizerOptions`). Default `false`. */
  caseInsensitivePaths?: boolean;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** The IAM options, validated. */
export interface ResolvedIamOptions {
  /** Imported on first use: importing is asynchronous, the factory is not. */
  masterKey: () => Promise<CryptoKey>;
  roles: RoleRegistry;
  throttle: SignatureThrottle;
  maxBodyBytes: number;
  maxSkewMs: number;
  api: ApiCoordinates;
  sourceIp: ((c: Context) => string | undefined) | undefined;
  secureTransport: (c: Context) => boolean;
  caseInsensitivePaths: boolean;
  now: () => number;
}

const FIELDS = [
  "iam",
  "region",
  "accountId",
  "apiId",
  "stage",
  "sourceIp",
  "secureTransport",
  "caseInsensitivePaths",
  "now",
];
const IAM_FIELDS = ["masterKey", "roles", "throttle", "maxBodyBytes", "maxSkewSeconds"];

/** Whether authorizer options are {@link IamAuthorizerOptions} (they name `iam`). */
export function isIamOptions(options: unknown): options is IamAuthorizerOptions {
  return typeof options === "object" && options !== null && "iam" in options;
}

/** Validates {@link IamAuthorizerOptions}, naming the bad field (`iam.masterKey: ...`). */
export function resolveIamOptions(options: unknown, path = ""): ResolvedIamOptions {
  const obj = objectOf(options, path, FIELDS);
  const ip = join(path, "iam");
  const iam = objectOf(obj.iam, ip, IAM_FIELDS);
  const caseInsensitivePaths = obj.caseInsensitivePaths ?? false;
  if (typeof caseInsensitivePaths !== "boolean")
    throw new OptionsError(
      join(path, "caseInsensitivePaths"),
      `must be true or false, got ${shown(caseInsensitivePaths)}`,
    );
  const throttle = iam.throttle ?? new SignatureThrottle();
  if (!(throttle instanceof SignatureThrottle))
    throw new OptionsError(join(ip, "throttle"), `must be a SignatureThrottle, got ${shown(throttle)}`);
  return {
    masterKey: masterKeyOf(iam.masterKey, join(ip, "masterKey")),
    roles: rolesOf(iam.roles, join(ip, "roles")),
    throttle,
    maxBodyBytes: optionalNumber(iam, "maxBodyBytes", ip, 0, 2 ** 32) ?? 1_048_576,
    maxSkewMs: (optionalNumber(iam, "maxSkewSeconds", ip, 1, 3600) ?? 300) * 1000,
    api: apiCoordinates(obj, path, "us-east-1"),
    sourceIp: optionalFunction<(c: Context) => string | undefined>(obj, "sourceIp", path),
    secureTransport: optionalFunction<(c: Context) => boolean>(obj, "secureTransport", path) ?? urlIsHttps,
    caseInsensitivePaths,
    now: optionalFunction<() => number>(obj, "now", path) ?? Date.now,
  };
}

function masterKeyOf(value: unknown, path: string): () => Promise<CryptoKey> {
  if (value instanceof CryptoKey) {
    const key = Promise.resolve(value);
    return () => key;
  }
  // Checked now, imported on first use; the text is never shown in an error.
  if (typeof value !== "string" || base64ToBytes(value.trim())?.length !== 32)
    throw new OptionsError(
      path,
      "is required: COGNATE_MASTER_KEY, 32 bytes of base64 (44 characters), or the CryptoKey importMasterKey makes of it",
    );
  let key: Promise<CryptoKey> | undefined;
  return () => {
    key ??= importMasterKey(value);
    return key;
  };
}

function rolesOf(value: unknown, path: string): RoleRegistry {
  if (value instanceof RoleRegistry) return value;
  if (value === undefined)
    throw new OptionsError(path, "is required: role documents by name, or a RoleRegistry");
  return resolveRoles(value, path);
}
