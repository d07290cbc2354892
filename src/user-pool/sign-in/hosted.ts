/**
 * The hosted UI's sign-in: the same pipeline as InitiateAuth's USER_PASSWORD_AUTH and
 * RespondToAuthChallenge's answers (threat protection, the lockout, MFA, new passwords, and the
 * triggers once they land), in a mode marked on the {@link SignIn} and kept in its challenges'
 * Sessions (`hosted`). It differs from the API's in three ways:
 *
 * - no SECRET_HASH (the browser never holds the client's secret; the token endpoint checks it),
 *   and no ExplicitAuthFlows check (Cognito's hosted UI works for a client with none);
 * - its end records the sign-in (the auth event, the failed-attempt count cleared) and answers
 *   with the facts of it ({@link Authenticated}) for a browser session, not with tokens;
 * - `requireMfa` (the authorization request's `acr_values=mfa`) asks for the user's second
 *   factor, or a code to their number or address, and refuses the sign-in
 *   ({@link RequiredMfaUnavailable}) where none can be had: it never offers MFA set-up.
 *
 * A hosted Session is answered only in hosted mode and an API one only through the API
 * (prelude.ts `checkSessionMode`).
 */
import { AwsError, type RequestContext } from "../../protocol/json/index.js";
import type { ClientRecord, PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { recordSignInEvent } from "./event.js";
import { type Authenticated, type SignIn, userOf, userSignIn } from "./state.js";

/**
 * A hosted sign-in that had to end with a second factor and could not: the user has none (set-up
 * is not offered for `acr_values=mfa`; the authorization request then ends in `access_denied`).
 */
export class RequiredMfaUnavailable extends AwsError {
  constructor() {
    super(
      "NotAuthorizedException",
      "Multi-factor authentication is required, and the user has no second factor to step up with.", // [?] words
    );
  }
}

/**
 * The sign-in of one hosted-UI request: the user's own, seen as the request shows them (the
 * page sends no UserContextData), in hosted mode.
 *
 * @example
 * ```ts
 * const s = hostedSignIn(pool, client, request, { USERNAME: "ana", PASSWORD: "..." }, request.requireMfa);
 * const answer = await signInHosted(ctx, s); // a challenge, or { Authenticated: {...} }
 * ```
 */
export function hostedSignIn(
  pool: PoolRecord,
  client: ClientRecord,
  request: RequestContext,
  params: Record<string, string>,
  requireMfa: boolean,
): SignIn {
  return { ...userSignIn(pool, client, request, undefined, params), hosted: true, requireMfa };
}

/**
 * The end of a hosted sign-in (result.ts `issueTokens` in hosted mode): required MFA checked,
 * the auth event recorded, the failed-attempt count cleared, and the facts of the sign-in.
 *
 * @throws {RequiredMfaUnavailable} when `requireMfa` and no second factor was proven.
 */
export async function hostedSignInResult(ctx: UserPoolContext, s: SignIn): Promise<Authenticated> {
  const user = userOf(s);
  const amr = s.amr ?? ["pwd"];
  if (s.requireMfa === true && !amr.includes("mfa")) throw new RequiredMfaUnavailable();
  const store = await ctx.store();
  await store.users.resetSignInFailures(user.poolId, user.username);
  await recordSignInEvent(ctx, s, {
    eventId: s.eventId ?? crypto.randomUUID(),
    amr,
    deviceKey: s.deviceKey,
    refresh: false,
  });
  return {
    sub: user.sub,
    username: user.username,
    authTime: ctx.now(),
    amr,
    ...(s.deviceKey === undefined ? {} : { deviceKey: s.deviceKey }),
  };
}
