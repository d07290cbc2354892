/**
 * Threat protection's settings: the pool's AdvancedSecurityMode (UserPoolAddOns) and the risk
 * configurations SetRiskConfiguration stores in the pool's config under `RiskConfigurations`,
 * keyed by app client id ("" for the whole pool). A client's own configuration replaces the
 * pool's for sign-ins through that client, as in Cognito.
 */
import { boolean, list, string, structure } from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";

export type SecurityMode = "OFF" | "AUDIT" | "ENFORCED";
export type RiskEvent = "SIGN_IN" | "PASSWORD_CHANGE" | "SIGN_UP";

/** A stored risk configuration: the members of SetRiskConfiguration as given, and when. */
export interface StoredRiskConfiguration {
  CompromisedCredentialsRiskConfiguration?: { EventFilter?: string[]; Actions: { EventAction: string } };
  AccountTakeoverRiskConfiguration?: Record<string, unknown>;
  RiskExceptionConfiguration?: { BlockedIPRangeList?: string[]; SkippedIPRangeList?: string[] };
  LastModifiedDate: number;
}

const notifyAction = structure({
  Notify: boolean({ required: true }),
  EventAction: string({ required: true, enum: ["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"] }),
});
const notifyEmail = structure({
  Subject: string({ required: true, min: 1, max: 140 }),
  HtmlBody: string({ min: 6, max: 20000 }),
  TextBody: string({ min: 6, max: 20000 }),
});
const cidr = string({ min: 1, max: 64 });

/** SetRiskConfiguration's members after UserPoolId and ClientId. */
export const RISK_SETTINGS = {
  CompromisedCredentialsRiskConfiguration: structure({
    EventFilter: list(string({ enum: ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"] }), { max: 3 }),
    Actions: structure(
      { EventAction: string({ required: true, enum: ["BLOCK", "NO_ACTION"] }) },
      { required: true },
    ),
  }),
  AccountTakeoverRiskConfiguration: structure({
    NotifyConfiguration: structure({
      From: string(),
      ReplyTo: string(),
      SourceArn: string({ required: true, min: 20, max: 2048 }),
      BlockEmail: notifyEmail,
      NoActionEmail: notifyEmail,
      MfaEmail: notifyEmail,
    }),
    Actions: structure(
      { LowAction: notifyAction, MediumAction: notifyAction, HighAction: notifyAction },
      { required: true },
    ),
  }),
  RiskExceptionConfiguration: structure({
    BlockedIPRangeList: list(cidr, { max: 200 }),
    SkippedIPRangeList: list(cidr, { max: 200 }),
  }),
} as const;

/** The pool's UserPoolAddOns.AdvancedSecurityMode (OFF when unset). */
export function securityMode(pool: PoolRecord): SecurityMode {
  const mode = (pool.config.UserPoolAddOns as { AdvancedSecurityMode?: string } | undefined)
    ?.AdvancedSecurityMode;
  return mode === "AUDIT" || mode === "ENFORCED" ? mode : "OFF";
}

/** Every stored configuration of the pool, by client id ("" for the pool's own). */
export function riskConfigurations(pool: PoolRecord): Record<string, StoredRiskConfiguration> {
  return (pool.config.RiskConfigurations ?? {}) as Record<string, StoredRiskConfiguration>;
}

/** The configuration that applies through `clientId`: the client's own, else the pool's. */
export function effectiveRiskConfiguration(
  pool: PoolRecord,
  clientId: string | undefined,
): StoredRiskConfiguration | undefined {
  const all = riskConfigurations(pool);
  return (clientId === undefined ? undefined : all[clientId]) ?? all[""];
}

/**
 * Whether a compromised password is to be refused for `event` (true), only recorded (false), or
 * not looked for at all (undefined). With no configuration, threat protection checks every
 * event and blocks (Cognito's default once the add-on is on: EventFilter defaults to all three).
 *
 * @example
 * ```ts
 * compromisedAction(pool, client.id, "SIGN_UP"); // true under ENFORCED with no configuration
 * ```
 */
export function compromisedAction(
  pool: PoolRecord,
  clientId: string | undefined,
  event: RiskEvent,
): boolean | undefined {
  const mode = securityMode(pool);
  if (mode === "OFF") return undefined;
  const settings = effectiveRiskConfiguration(pool, clientId)?.CompromisedCredentialsRiskConfiguration;
  const filter = settings?.EventFilter ?? ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"];
  if (!filter.includes(event)) return undefined;
  return mode === "ENFORCED" && (settings?.Actions.EventAction ?? "BLOCK") === "BLOCK";
}
