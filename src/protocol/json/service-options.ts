/**
 * The options of `jsonService`, checked once when the service is made (never per request).
 */
import type { GetConnInfo } from "hono/conninfo";
import { OptionsError, shown } from "../../util/validate.js";
import type { SignatureThrottle, SigV4VerifyOptions } from "../sigv4.js";
import type { CorsOptions } from "./cors.js";
import type { Operation } from "./operation.js";

/** How a JSON service is set up. Checked when `jsonService` is called. */
export interface JsonServiceOptions {
  /** The `X-Amz-Target` prefix, e.g. `AWSCognitoIdentityProviderService`. */
  targetPrefix: string;
  /** The SigV4 service name in the credential scope, e.g. `cognito-idp`. */
  signingName: string;
  /** The operations that are called unsigned (e.g. `COGNITO_IDP_UNSIGNED_OPERATIONS`); all others must be signed. */
  unsigned: ReadonlySet<string>;
  /** The dispatch table: operation name to operation. Names not here are unknown operations. */
  operations: Readonly<Record<string, Operation>>;
  /** The region the credential scope must name. */
  region: string;
  /** Finds the credentials of an access key (the admin key pair); undefined when unknown. */
  lookupCredentials: SigV4VerifyOptions["lookup"];
  /** The largest body read; larger ones get 413 RequestEntityTooLargeException. Default 1 MiB. */
  maxBodyBytes?: number;
  /** CORS: which origins may call from a browser. Default: any (`*`). */
  cors?: CorsOptions;
  /** The client's address, as Hono's `ipRestriction` takes it. Default: unknown. */
  getConnInfo?: GetConnInfo;
  /**
   * Failed signatures throttled per access key id and client network (`getConnInfo`'s address);
   * share one with every endpoint taking the same keys. Default: none.
   */
  signatureThrottle?: SignatureThrottle;
  /**
   * A sentence added to UnrecognizedClientException's message for an access key id nobody has,
   * e.g. where development's generated key pair is. Default: none (AWS's message alone).
   */
  unknownKeyHint?: string;
  /** The clock (epoch ms), for SigV4's time checks. Default `Date.now`. */
  now?: () => number;
  /**
   * Told of each unexpected failure (the call then answers 500 InternalErrorException). Default:
   * the error's stack on `console.error`; request bodies are never logged.
   */
  onError?: (error: unknown, call: { operation: string; requestId: string }) => void;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/** The options with their defaults in place. */
export interface ResolvedOptions {
  targetPrefix: string;
  signingName: string;
  unsigned: ReadonlySet<string>;
  operations: Readonly<Record<string, Operation>>;
  region: string;
  lookupCredentials: JsonServiceOptions["lookupCredentials"];
  maxBodyBytes: number;
  cors: CorsOptions;
  getConnInfo: JsonServiceOptions["getConnInfo"];
  signatureThrottle: JsonServiceOptions["signatureThrottle"];
  unknownKeyHint: string | undefined;
  now: () => number;
  onError: NonNullable<JsonServiceOptions["onError"]>;
}

/**
 * Checks `options` and fills in the defaults.
 *
 * @throws {OptionsError} naming the first invalid option, e.g. `operations.GetUser`.
 * @example
 * ```ts
 * resolveOptions({ ...options, maxBodyBytes: 0 }); // throws OptionsError("maxBodyBytes", "must be a positive integer, got 0")
 * ```
 */
export function resolveOptions(options: JsonServiceOptions): ResolvedOptions {
  for (const key of ["targetPrefix", "signingName", "region"] as const) {
    const value: unknown = options[key];
    // The target is split at its first dot: a prefix with one could never match.
    if (typeof value !== "string" || !/^[^.\s]+$/.test(value)) {
      throw new OptionsError(key, `must be a non-empty string without dots or spaces, got ${shown(value)}`);
    }
  }
  if (!(options.unsigned instanceof Set))
    throw new OptionsError("unsigned", `must be a Set of operation names, got ${shown(options.unsigned)}`);
  if (typeof options.lookupCredentials !== "function")
    throw new OptionsError("lookupCredentials", "must be a function");
  const operations = checkOperations(options.operations);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new OptionsError("maxBodyBytes", `must be a positive integer, got ${shown(maxBodyBytes)}`);
  }
  return {
    targetPrefix: options.targetPrefix,
    signingName: options.signingName,
    unsigned: options.unsigned,
    operations,
    region: options.region,
    lookupCredentials: options.lookupCredentials,
    maxBodyBytes,
    cors: checkCors(options.cors ?? {}),
    getConnInfo: options.getConnInfo,
    signatureThrottle: options.signatureThrottle,
    unknownKeyHint: options.unknownKeyHint,
    now: options.now ?? Date.now,
    onError: options.onError ?? logError,
  };
}

function checkOperations(operations: unknown): Readonly<Record<string, Operation>> {
  if (typeof operations !== "object" || operations === null)
    throw new OptionsError("operations", `must be an object, got ${shown(operations)}`);
  for (const [name, operation] of Object.entries(operations)) {
    if (!OPERATION_NAME.test(name)) throw new OptionsError(`operations.${name}`, "is not an operation name");
    const ok =
      typeof operation === "function" ||
      (typeof operation === "object" &&
        operation !== null &&
        typeof operation.run === "function" &&
        operation.input?.kind === "structure");
    if (!ok)
      throw new OptionsError(`operations.${name}`, "must be a function or { input: structure(...), run }");
  }
  // A copy without a prototype: no inherited name (`constructor`, `toString`) can dispatch.
  return Object.assign(Object.create(null) as Record<string, Operation>, operations);
}

function checkCors(cors: CorsOptions): CorsOptions {
  const origins = cors.allowOrigins ?? "*";
  if (origins === "*") return { allowOrigins: "*" };
  if (
    !Array.isArray(origins) ||
    !origins.every((o) => typeof o === "string" && /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o))
  ) {
    throw new OptionsError(
      "cors.allowOrigins",
      `must be "*" or a list of origins like "https://app.example.com", got ${shown(origins)}`,
    );
  }
  return { allowOrigins: [...origins] };
}

function logError(error: unknown, call: { operation: string; requestId: string }): void {
  // The stack only: never the input, which holds passwords and tokens.
  const detail =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `a thrown ${typeof error}`;
  console.error(`cognate: ${call.operation} failed (request ${call.requestId}):`, detail);
}
