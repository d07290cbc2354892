/**
 * The hosted pages call the user-pool operations in-process, through the same dispatch table the
 * API serves: the input is checked against the operation's shape as over the wire, and the
 * operation's Cognito error comes back as an `AwsError`, so a page runs exactly the API's logic
 * (threat protection, code limits, PreventUserExistenceErrors included). The page is the app
 * client: for a client with a secret it computes the SecretHash itself.
 */
import type { Context } from "hono";
import {
  AwsError,
  COGNITO_IDP_UNSIGNED_OPERATIONS,
  type Operation,
  type OperationCall,
  type OperationOutput,
  validateInput,
} from "../protocol/json/index.js";
import type { ClientRecord } from "../storage/index.js";
import { userPoolOperations, type UserPoolContext } from "../user-pool/index.js";
import { secretHash } from "../user-pool/secret-hash.js";
import type { Hosted } from "./hosted.js";
import { requestContext } from "./request-context.js";

/** What an operation answered: its output, or its Cognito error. */
export type OperationResult = { ok: true; output: Record<string, unknown> } | { ok: false; error: AwsError };

// One dispatch table per context: building it is cheap, but there is no need to per request.
const tables = new WeakMap<UserPoolContext, Record<string, Operation>>();

function operations(ctx: UserPoolContext): Record<string, Operation> {
  let table = tables.get(ctx);
  if (table === undefined) {
    table = userPoolOperations(ctx);
    tables.set(ctx, table);
  }
  return table;
}

/**
 * Calls a user-pool operation in-process as the page's request: its client address (after
 * trusted proxies), headers and URL stand for the API call's, for threat protection and the
 * code limits. Only the operations the API serves unsigned (those a browser may call itself) can
 * be called: a page never acts as the admin. Errors other than `AwsError` (a bug, storage down)
 * are thrown.
 *
 * @example
 * ```ts
 * const result = await callOperation(c, hosted, "ForgotPassword", { ClientId, Username, ...(await secretHashFor(client, Username)) });
 * if (!result.ok) return page(fieldError(result.error));
 * ```
 */
export async function callOperation(
  c: Context,
  hosted: Hosted,
  name: string,
  input: Record<string, unknown>,
): Promise<OperationResult> {
  const entry = operations(hosted.ctx)[name];
  if (entry === undefined || !COGNITO_IDP_UNSIGNED_OPERATIONS.has(name))
    throw new Error(`${name} is not an unsigned user-pool operation`);
  try {
    const call: OperationCall = {
      input: typeof entry === "function" ? input : validateInput(entry.input, input),
      operation: name,
      requestId: crypto.randomUUID(),
      signer: undefined,
      request: operationRequest(c, hosted),
    };
    const output: OperationOutput = await (typeof entry === "function" ? entry(call) : entry.run(call));
    return { ok: true, output: output ?? {} };
  } catch (error) {
    if (error instanceof AwsError) return { ok: false, error };
    throw error;
  }
}

/**
 * The page's request as an operation sees an API call's: the client's address after trusted
 * proxies, and location headers (`CF-IPCountry`, ...) only from a trusted proxy, as the API
 * takes them (request-context.ts).
 */
export function operationRequest(c: Context, hosted: Hosted): OperationCall["request"] {
  return { ...requestContext(c, hosted), background: background(c) };
}

/**
 * `{ SecretHash }` for a client with a secret (the page holds the secret on the server, as an
 * app's back end would; during a rotation the newest one), `{}` for a public client.
 */
export async function secretHashFor(
  client: Pick<ClientRecord, "id" | "secrets">,
  username: string,
): Promise<{ SecretHash?: string }> {
  const secret = client.secrets.at(-1);
  return secret === undefined ? {} : { SecretHash: await secretHash(username, client.id, secret) };
}

// As the JSON service does: workerd ends pending work with the response unless handed to waitUntil.
function background(c: Context): (work: Promise<unknown>) => void {
  try {
    const context = c.executionCtx;
    return (work) => context.waitUntil(work);
  } catch {
    return (work) => void work;
  }
}
