/**
 * The auth event a sign-in that passed records (AdminListUserAuthEvents shows it; threat
 * protection reads it): the request's context, the risk judged, and for MFA the two challenges.
 * Only pools with threat protection on keep events, and a refresh records none: Cognito's event
 * types are SignIn, SignUp, ForgotPassword, PasswordChange and ResendCode.
 */
import type { UserPoolContext } from "../context.js";
import { recordsAuthEvents } from "../risk/add-on.js";
import { contextData } from "../risk/takeover.js";
import { type SignIn, userOf } from "./state.js";

/**
 * The auth event of a sign-in that passed, where the pool keeps events: its request's context,
 * the risk judged, and for MFA the two challenges passed. A refresh records nothing.
 */
export async function recordSignInEvent(
  ctx: UserPoolContext,
  s: SignIn,
  facts: {
    eventId: string;
    amr: string[];
    deviceKey: string | undefined;
    refresh: boolean;
    /** Authenticated at an identity provider: no challenge of the pool's was answered. */
    federated?: boolean;
  },
): Promise<void> {
  const { client } = s;
  const user = userOf(s);
  const { eventId, amr, refresh } = facts;
  if (refresh || !recordsAuthEvents(s.pool)) return;
  const context = await contextData(s.seen, facts.deviceKey, s.sourceIp);
  // A federated sign-in answered no challenge here: its event claims none (AdminListUserAuthEvents
  // would otherwise show the Password one a pool sign-in's event implies).
  const challenges = facts.federated
    ? { challenges: [] }
    : amr.includes("mfa")
      ? {
          challenges: [
            { ChallengeName: "Password", ChallengeResponse: "Success" },
            { ChallengeName: "Mfa", ChallengeResponse: "Success" },
          ],
        }
      : {};
  const data = {
    clientId: client.id,
    ...context,
    ...(s.risk === undefined ? {} : { risk: s.risk }),
    ...challenges,
  };
  await (await ctx.store()).authEvents.record({
    id: eventId,
    poolId: user.poolId,
    sub: user.sub,
    eventType: "SignIn",
    eventResponse: "Pass",
    data: data as never,
    createdAt: ctx.now(),
  });
}
