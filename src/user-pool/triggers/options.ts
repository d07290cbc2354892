/**
 * The `triggers` section of the configuration (src/config.ts): its shape, as users write it, and
 * its checks, which resolve it to the port's {@link TriggerSettings}.
 */
import { base64ToBytes } from "../../util/encoding.js";
import {
  join,
  objectOf,
  optionalNumber,
  optionalString,
  OptionsError,
  regionProblem,
  shown,
} from "../../util/validate.js";
import { httpTargetProblem } from "./http.js";
import type { LambdaEndpoint, TriggerSettings, TriggerTarget } from "./targets.js";

/**
 * `triggers`: where the functions named by the pools' `LambdaConfig` run. A function ARN is looked
 * up in `functions` by the full ARN, then by its bare function name; an ARN listed in neither goes
 * to the Lambda Invoke API of `lambda` (real AWS Lambda, say) when set, and otherwise fails as
 * Cognito fails an unknown function (UnexpectedLambdaException, ResourceNotFoundException).
 *
 * @example
 * ```json
 * { "triggers": {
 *     "timeoutMs": 5000,
 *     "moduleThreads": 2,
 *     "functions": {
 *       "arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up": { "module": "./triggers/pre-sign-up.mjs", "handler": "handler" },
 *       "welcome": { "url": "https://hooks.example.com/welcome", "secret": "<32 or more characters>" },
 *       "legacy": { "lambda": { "endpoint": "https://lambda.us-east-1.amazonaws.com", "region": "us-east-1", "accessKeyId": "AKIA...", "secretAccessKey": "...", "functionName": "legacy-migration" } },
 *       "on-edge": { "binding": "PRE_SIGN_UP" }
 *     },
 *     "lambda": { "region": "us-east-1", "accessKeyId": "AKIA...", "secretAccessKey": "..." },
 *     "senderKey": { "keyNamespace": "cognate", "keyName": "custom-sender", "key": "<base64 of 32 bytes>" }
 * } }
 * ```
 */
export interface TriggersConfig {
  /** How long one invocation may take, in ms (1 to 900000). Env `COGNATE_TRIGGER_TIMEOUT_MS`. Default 5000, Cognito's. */
  timeoutMs?: number;
  /** Worker threads running `module` functions (Node), 1 to 64. Default 2. */
  moduleThreads?: number;
  /** How each function runs, by function ARN or bare function name. */
  functions?: Record<string, TriggerFunctionConfig>;
  /**
   * The Lambda Invoke API for ARNs not in `functions`: `endpoint` defaults to
   * `https://lambda.{the ARN's region}.amazonaws.com`, and the ARN's region signs the call.
   */
  lambda?: LambdaEndpoint;
  /**
   * The key the custom email and SMS senders' codes are encrypted under (a raw AES-256 keyring of
   * the AWS Encryption SDK, standing in for `KMSKeyID`): `key` is the base64 of 32 bytes. Env
   * `COGNATE_TRIGGER_SENDER_KEY` overrides `key`. In code, `key` may be the bytes themselves.
   */
  senderKey?: { keyNamespace: string; keyName: string; key: string | Uint8Array };
}

/**
 * One function's delivery mode, exactly one of:
 * - `{ module, handler }` (Node only): a file exporting the handler (`export const handler`,
 *   `exports.handler`, `export default { handler }`), run in a worker thread; a relative path
 *   is resolved against the configuration file's directory. `handler` defaults to `"handler"`.
 * - `{ url, secret }`: an HTTP endpoint (https, or http on loopback) serving the handler with
 *   `serveTrigger`; `secret` (32+ characters) signs each request.
 * - `{ lambda: { endpoint?, region, accessKeyId, secretAccessKey, sessionToken?, functionName? } }`:
 *   the Lambda Invoke API, SigV4-signed; `functionName` defaults to the ARN invoked.
 * - `{ binding, secret? }` (Workers only): a service binding of the Worker, speaking the HTTP
 *   mode's protocol; `secret` when the bound Worker checks signatures.
 */
export type TriggerFunctionConfig =
  | { module: string; handler?: string }
  | { url: string; secret: string }
  | { lambda: LambdaEndpoint & { functionName?: string } }
  | { binding: string; secret?: string };

// A secret's problem never shows the value.
function secretOf(obj: Record<string, unknown>, key: string, path: string, min: number): string {
  const value = obj[key];
  if (value === undefined) throw new OptionsError(join(path, key), "is required");
  if (typeof value !== "string" || value.length < min)
    throw new OptionsError(join(path, key), `must be a string of at least ${min} characters`);
  return value;
}

const LAMBDA_FIELDS = ["endpoint", "region", "accessKeyId", "secretAccessKey", "sessionToken"];

function lambdaEndpointOf(
  value: unknown,
  path: string,
  extra: string[] = [],
): LambdaEndpoint & { functionName?: string } {
  const obj = objectOf(value, path, [...LAMBDA_FIELDS, ...extra]);
  const endpoint = optionalString(obj, "endpoint", path, (e) => {
    const problem = httpTargetProblem(e);
    if (problem !== null) return problem;
    const url = new URL(e);
    return url.search !== "" || url.hash !== "" || e.includes("?") ? "must have no query or fragment" : null;
  });
  const region = optionalString(obj, "region", path, regionProblem);
  if (region === undefined) throw new OptionsError(join(path, "region"), "is required");
  const accessKeyId = optionalString(obj, "accessKeyId", path);
  if (accessKeyId === undefined) throw new OptionsError(join(path, "accessKeyId"), "is required");
  const secretAccessKey = secretOf(obj, "secretAccessKey", path, 1);
  const sessionToken = obj.sessionToken === undefined ? undefined : secretOf(obj, "sessionToken", path, 1);
  const functionName = extra.includes("functionName") ? optionalString(obj, "functionName", path) : undefined;
  return {
    ...(endpoint !== undefined && { endpoint: endpoint.replace(/\/+$/, "") }),
    region,
    accessKeyId,
    secretAccessKey,
    ...(sessionToken !== undefined && { sessionToken }),
    ...(functionName !== undefined && { functionName }),
  };
}

const MODES = ["module", "url", "lambda", "binding"];

function triggerTargetOf(value: unknown, path: string): TriggerTarget {
  const obj = objectOf(value, path, ["module", "handler", "url", "secret", "lambda", "binding"]);
  const modes = MODES.filter((mode) => obj[mode] !== undefined);
  if (modes.length !== 1)
    throw new OptionsError(
      path,
      modes.length === 0
        ? "must name one of module, url, lambda or binding"
        : `names ${modes.join(" and ")}: give one of them`,
    );
  const only = (allowed: string[]) => objectOf(value, path, allowed);
  if (modes[0] === "module") {
    only(["module", "handler"]);
    return {
      module: optionalString(obj, "module", path)!,
      handler:
        optionalString(obj, "handler", path, (h) =>
          /^[A-Za-z_$][\w$]*$/.test(h) ? null : "must be the name of an exported function",
        ) ?? "handler",
    };
  }
  if (modes[0] === "url") {
    only(["url", "secret"]);
    const url = optionalString(obj, "url", path, httpTargetProblem)!;
    return { url, secret: secretOf(obj, "secret", path, 32) };
  }
  if (modes[0] === "lambda") {
    only(["lambda"]);
    return { lambda: lambdaEndpointOf(obj.lambda, join(path, "lambda"), ["functionName"]) };
  }
  only(["binding", "secret"]);
  const binding = optionalString(obj, "binding", path, (b) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(b) ? null : "must be the name of a service binding",
  )!;
  return obj.secret === undefined ? { binding } : { binding, secret: secretOf(obj, "secret", path, 32) };
}

/** The `triggers` section resolved, with its defaults; an error names the field (`triggers.functions.x.url: ...`). */
export function triggersOf(value: unknown): TriggerSettings {
  const path = "triggers";
  const obj = objectOf(value ?? {}, path, ["timeoutMs", "moduleThreads", "functions", "lambda", "senderKey"]);
  const timeoutMs = optionalNumber(obj, "timeoutMs", path, 1, 900_000) ?? 5000;
  // Two at least: the custom senders may hold at most half of them, so that one hanging sender
  // never takes the only thread the synchronous triggers (PreSignUp, PreAuthentication...) have.
  const moduleThreads = optionalNumber(obj, "moduleThreads", path, 2, 64) ?? 2;
  if (!Number.isInteger(moduleThreads))
    throw new OptionsError("triggers.moduleThreads", `must be a whole number, got ${shown(moduleThreads)}`);
  const listed = obj.functions ?? {};
  const functionsPath = "triggers.functions";
  if (typeof listed !== "object" || listed === null || Array.isArray(listed))
    throw new OptionsError(functionsPath, `must be an object of functions, got ${shown(listed)}`);
  const functions: Record<string, TriggerTarget> = {};
  for (const [key, target] of Object.entries(listed)) {
    if (key === "") throw new OptionsError(functionsPath, "a key must be a function ARN or name");
    functions[key] = triggerTargetOf(target, join(functionsPath, key));
  }
  return {
    timeoutMs,
    moduleThreads,
    functions,
    lambda: obj.lambda === undefined ? undefined : lambdaEndpointOf(obj.lambda, "triggers.lambda"),
    senderKey: obj.senderKey === undefined ? undefined : senderKeyOf(obj.senderKey),
  };
}

function senderKeyOf(value: unknown): TriggerSettings["senderKey"] {
  const path = "triggers.senderKey";
  const obj = objectOf(value, path, ["keyNamespace", "keyName", "key"]);
  const keyNamespace = optionalString(obj, "keyNamespace", path);
  const keyName = optionalString(obj, "keyName", path);
  if (keyNamespace === undefined) throw new OptionsError(join(path, "keyNamespace"), "is required");
  if (keyName === undefined) throw new OptionsError(join(path, "keyName"), "is required");
  // A resolved configuration is resolved again when the environment overrides a field: bytes stay bytes.
  const key =
    obj.key instanceof Uint8Array ? obj.key : typeof obj.key === "string" ? base64ToBytes(obj.key) : null;
  if (key === null || key.byteLength !== 32)
    throw new OptionsError(join(path, "key"), "must be the base64 of 32 bytes (an AES-256 key)");
  return { keyNamespace, keyName, key };
}
