/**
 * Threat protection at sign-in: the blocked and skipped address ranges of the risk
 * configuration, and the compromised-password check of the plaintext flows (SRP sign-ins never
 * show the password, so they cannot be checked).
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { screenPassword } from "./compromised.js";
import { effectiveRiskConfiguration, securityMode } from "./config.js";
import { recordRiskEvent, type EventRisk } from "./events.js";
import { inBlockedRanges, inRanges } from "./ip-ranges.js";

/** Whether the address is in the skipped ranges: no risk action applies to it. */
export function skipsRisk(pool: PoolRecord, clientId: string, address: string | undefined): boolean {
  return inRanges(
    address,
    effectiveRiskConfiguration(pool, clientId)?.RiskExceptionConfiguration?.SkippedIPRangeList,
  );
}

/**
 * A sign-in from a blocked range: refused under ENFORCED (and recorded as a failed event when the
 * user is known); under AUDIT the risk the sign-in's event is to carry.
 */
export async function checkAddress(
  ctx: UserPoolContext,
  pool: PoolRecord,
  clientId: string,
  address: string | undefined,
  user: UserRecord | null,
): Promise<EventRisk | undefined> {
  const mode = securityMode(pool);
  if (mode === "OFF") return undefined;
  const blocked = effectiveRiskConfiguration(pool, clientId)?.RiskExceptionConfiguration?.BlockedIPRangeList;
  if (!inBlockedRanges(address, blocked)) return undefined;
  const risk: EventRisk = { decision: "Block", compromised: false };
  if (mode === "AUDIT") return risk;
  if (user !== null)
    await recordRiskEvent(ctx, {
      poolId: pool.id,
      sub: user.sub,
      eventType: "SignIn",
      eventResponse: "Fail",
      data: { clientId, ipAddress: address, risk },
    });
  throw new NotAuthorizedException(MESSAGES.blockedAddress);
}

/**
 * After a correct plaintext password: the compromised-password check, unless the address is in
 * the skipped ranges. Returns the risk the sign-in's event carries.
 */
export async function screenSignIn(
  ctx: UserPoolContext,
  pool: PoolRecord,
  clientId: string,
  user: UserRecord,
  password: string,
  address: string | undefined,
  before: EventRisk | undefined,
): Promise<EventRisk | undefined> {
  if (skipsRisk(pool, clientId, address)) return before;
  const { compromised } = await screenPassword(ctx, pool, {
    clientId,
    event: "SIGN_IN",
    password,
    user,
    ipAddress: address,
  });
  if (!compromised) return before;
  return { decision: before?.decision ?? "NoRisk", compromised: true };
}
