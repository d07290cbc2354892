/**
 * The end of a federated sign-in (src/oauth/federation/ and the SAML return, once
 * federation/federated-sign-in.ts named the user): recorded as the hosted sign-in records its end
 * (hosted.ts), with the request's context and the auth event AdminListUserAuthEvents shows, and
 * answered with the facts of it for the browser session and the authorization code. No password,
 * lockout or MFA step runs: the provider authenticated the person.
 */
import type { RequestContext } from "../../protocol/json/index.js";
import type { ClientRecord, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { recordSignInEvent } from "./event.js";
import { hostedSignIn } from "./hosted.js";
import type { Authenticated } from "./state.js";

/**
 * Records the federated sign-in of `user` through `client` (its auth event, `eventId` the one the
 * tokens' `event_id` names) and returns its facts.
 *
 * @param amr how the sign-in authenticated, as the tokens carry it; cognate's choice for a
 *   federated sign-in is `["fed"]` [?] (as src/oauth/federation/finish.ts has it: Cognito's is unobserved, RFC 8176 has no value for it).
 * @example
 * ```ts
 * const who = await federatedSignInResult(ctx, pool, client, requestContext(c), result.user);
 * await finishSignIn(c, hosted, request, { ...who, identityProvider: provider.name });
 * ```
 */
export async function federatedSignInResult(
  ctx: UserPoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  request: RequestContext,
  user: UserRecord,
  amr: readonly string[] = ["fed"],
): Promise<Authenticated & { eventId: string }> {
  const s = { ...hostedSignIn(pool, client, request, {}, false), user };
  const eventId = crypto.randomUUID();
  await recordSignInEvent(ctx, s, { eventId, amr: [...amr], deviceKey: undefined, refresh: false });
  return { sub: user.sub, username: user.username, authTime: ctx.now(), amr: [...amr], eventId };
}
