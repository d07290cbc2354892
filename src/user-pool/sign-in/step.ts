/**
 * The step a sign-in call starts from: its pool, client and request, and what the request shows
 * of the user for threat protection. An unauthenticated call is the user's own; an admin call
 * speaks for the user through `ContextData`, and without it only the caller's address is known.
 */
import type { RequestContext } from "../../protocol/json/index.js";
import type { ClientRecord, PoolRecord } from "../../storage/index.js";
import { seenByAdmin, seenByUser } from "../risk/observe.js";
import type { SignInStep } from "./password.js";

/**
 * InitiateAuth's and RespondToAuthChallenge's step.
 *
 * @example
 * ```ts
 * return initiate(ctx, userStep(pool, client, request, input.UserContextData), input.AuthFlow, params, "user");
 * ```
 */
export function userStep(
  pool: PoolRecord,
  client: ClientRecord,
  request: RequestContext,
  userContextData: unknown,
): SignInStep {
  const seen = seenByUser(request, client, userContextData);
  return { pool, client, requestUrl: request.url, sourceIp: seen.ip, seen };
}

/**
 * AdminInitiateAuth's and AdminRespondToAuthChallenge's step.
 *
 * @example
 * ```ts
 * return initiate(ctx, adminStep(pool, client, request, input.ContextData), input.AuthFlow, params, "admin");
 * ```
 */
export function adminStep(
  pool: PoolRecord,
  client: ClientRecord,
  request: RequestContext,
  contextData: unknown,
): SignInStep {
  if (contextData === undefined || contextData === null)
    return { pool, client, requestUrl: request.url, sourceIp: request.sourceIp };
  const seen = seenByAdmin(contextData);
  return { pool, client, requestUrl: request.url, sourceIp: seen.ip ?? request.sourceIp, seen };
}
