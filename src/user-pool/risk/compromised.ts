/**
 * Compromised credentials: a password checked, where its plaintext is seen, against the shipped
 * breached-password list and the optional range API (COGNATE_BREACHED_RANGE_URL), by the pool's
 * threat-protection settings: ENFORCED with BLOCK refuses it, otherwise it is only recorded.
 */
import { InvalidPasswordException, NotAuthorizedException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import { isBreached } from "../breached/index.js";
import type { UserPoolContext } from "../context.js";
import { compromisedAction, type RiskEvent } from "./config.js";
import { recordRiskEvent } from "./events.js";
import { MESSAGES } from "../messages.js";

const EVENT_TYPES: Record<RiskEvent, string> = {
  SIGN_UP: "SignUp",
  PASSWORD_CHANGE: "PasswordChange",
  SIGN_IN: "SignIn",
};

/** What a password check saw. */
export interface Screening {
  compromised: boolean;
}

/**
 * Checks a new or presented password. Throws when it is to be refused: InvalidPasswordException
 * for a new password, NotAuthorizedException for a sign-in; a refused sign-in is recorded as a
 * failed event. Recording an accepted compromised password is left to the caller when there is
 * no user yet (sign-up); with `user` it is recorded here, except for a sign-in, whose event is
 * the one its tokens name.
 */
export async function screenPassword(
  ctx: UserPoolContext,
  pool: PoolRecord,
  check: { clientId?: string; event: RiskEvent; password: string; user?: UserRecord; ipAddress?: string },
): Promise<Screening> {
  const block = compromisedAction(pool, check.clientId, check.event);
  if (block === undefined) return { compromised: false };
  const range = ctx.breachedRangeUrl === undefined ? undefined : { url: ctx.breachedRangeUrl };
  if (!(await isBreached(check.password, { range }))) return { compromised: false };
  const data = {
    ...(check.clientId === undefined ? {} : { clientId: check.clientId }),
    ...(check.ipAddress === undefined ? {} : { ipAddress: check.ipAddress }),
  };
  if (block) {
    if (check.user !== undefined) {
      const risk = { decision: "Block" as const, compromised: true };
      await recordRiskEvent(ctx, {
        poolId: pool.id,
        sub: check.user.sub,
        eventType: EVENT_TYPES[check.event],
        eventResponse: "Fail",
        data: { ...data, risk },
      });
    }
    if (check.event === "SIGN_IN") throw new NotAuthorizedException(MESSAGES.blockedBySecurity);
    throw new InvalidPasswordException("Provided password cannot be used for security reasons.");
  }
  if (check.user !== undefined && check.event !== "SIGN_IN")
    await recordCompromised(ctx, pool.id, check.user.sub, check.event, data);
  return { compromised: true };
}

/**
 * Records an accepted compromised password (AUDIT, or NO_ACTION).
 */
export async function recordCompromised(
  ctx: UserPoolContext,
  poolId: string,
  sub: string,
  event: RiskEvent,
  data: { clientId?: string; ipAddress?: string } = {},
): Promise<void> {
  await recordRiskEvent(ctx, {
    poolId,
    sub,
    eventType: EVENT_TYPES[event],
    eventResponse: "Pass",
    data: { ...data, risk: { decision: "NoRisk", compromised: true } },
  });
}
