/**
 * Adaptive authentication: a sign-in whose password is proven is scored against the user's
 * earlier sign-ins (score.ts), and the risk configuration's action for its level decides what
 * happens: NO_ACTION, MFA_IF_CONFIGURED, MFA_REQUIRED or BLOCK. Under AUDIT the score is only
 * recorded; under ENFORCED it acts, and notifies the user where the level's `Notify` says so.
 */
import { digests } from "#crypto";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import { bytesToHex, utf8 } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";
import { effectiveRiskConfiguration, securityMode } from "./config.js";
import type { Assessment, EventData, EventRisk, TakeoverAction } from "./events.js";
import type { Seen } from "./observe.js";
import { FAILURE_WINDOW_MS, scoreSignIn, type PastSignIn, type RiskLevel } from "./score.js";
import { skipsRisk } from "./sign-in.js";
import type { SignIn } from "../sign-in/state.js";
import { onRiskyList } from "./ip-ranges.js";

export type { Assessment, TakeoverAction } from "./events.js";

/** What judging reads of the sign-in in flight. */
type Judged = Pick<SignIn, "pool" | "client" | "seen" | "sourceIp" | "deviceKey" | "risk">;

const HISTORY = 60;
const ACTIONS = new Set<string>(["NO_ACTION", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "BLOCK"]);

/**
 * The identities a sign-in's device goes by: its device key when the user has that device, and a
 * digest of its User-Agent (a stable, non-identifying stand-in when no device is tracked), or
 * `ua:none` when it sent none: leaving the header out must not hide a new device. An admin call
 * without ContextData (`seen` undefined) says nothing of the user's device.
 *
 * @example
 * ```ts
 * await deviceIdentities("us-east-1_0d2c...", { userAgent: "Mozilla/5.0 ..." }); // ["key:us-east-1_0d2c...", "ua:9b1f0c2a7d3e4f51"]
 * ```
 */
export async function deviceIdentities(
  deviceKey: string | undefined,
  seen: Seen | undefined,
): Promise<string[]> {
  const ids = deviceKey === undefined ? [] : [`key:${deviceKey}`];
  if (seen === undefined) return ids;
  ids.push(
    seen.userAgent === undefined
      ? "ua:none"
      : `ua:${bytesToHex(await digests.sha256(utf8(seen.userAgent))).slice(0, 16)}`,
  );
  return ids;
}

/** What an auth event records of a sign-in's context, for later assessments and AdminListUserAuthEvents. */
export async function contextData(
  seen: Seen | undefined,
  deviceKey: string | undefined,
  ip: string | undefined,
): Promise<EventData> {
  const devices = await deviceIdentities(deviceKey, seen);
  return {
    ...(ip === undefined ? {} : { ipAddress: ip }),
    ...(devices.length === 0 ? {} : { devices }),
    ...(seen?.userAgent === undefined ? {} : { deviceName: seen.userAgent.slice(0, 100) }),
    ...(seen?.location === undefined ? {} : { location: seen.location }),
  };
}

type StoredEvent = { eventResponse: string; feedback: string | null; createdAt: number; data: EventData };

// A failed password, or a second factor that failed to the end: not a refusal by threat protection.
const failedFactor = (data: EventData) =>
  data.risk === undefined ||
  (data.challenges ?? []).some((c) => c.ChallengeName === "Mfa" && c.ChallengeResponse === "Failure");

function pastSignIn(event: StoredEvent, as: "trusted" | "failed" | "reported"): PastSignIn {
  const { ipAddress, devices, location } = event.data;
  return {
    at: event.createdAt,
    ok: as === "trusted",
    failed: as === "failed" && failedFactor(event.data),
    reported: as === "reported",
    ...(ipAddress === undefined ? {} : { ip: ipAddress }),
    ...(devices === undefined ? {} : { devices }),
    ...(location === undefined ? {} : { location }),
  };
}

function levelAction(
  pool: PoolRecord,
  clientId: string,
  level: RiskLevel | undefined,
): { action: TakeoverAction; notify: boolean } {
  if (level === undefined) return { action: "NO_ACTION", notify: false };
  const actions = effectiveRiskConfiguration(pool, clientId)?.AccountTakeoverRiskConfiguration?.Actions as
    | Record<string, { EventAction?: string; Notify?: boolean } | undefined>
    | undefined;
  const chosen = actions?.[`${level}Action`];
  const action =
    chosen?.EventAction !== undefined && ACTIONS.has(chosen.EventAction)
      ? (chosen.EventAction as TakeoverAction)
      : "NO_ACTION";
  return { action, notify: chosen?.Notify === true };
}

/**
 * Judges a sign-in once its first factor is proven; `undefined` when threat protection is off or
 * the address is in the skipped ranges.
 */
export async function assessSignIn(
  ctx: UserPoolContext,
  judged: Judged,
  user: UserRecord,
): Promise<Assessment | undefined> {
  const mode = securityMode(judged.pool);
  if (mode === "OFF" || skipsRisk(judged.pool, judged.client.id, judged.sourceIp)) return undefined;
  const store = await ctx.store();
  // Naming a device proves nothing; a confirmed one of the user's is at least one they once set up.
  const device =
    judged.deviceKey === undefined ? null : await store.devices.get(user.poolId, user.sub, judged.deviceKey);
  const known = device?.confirmed === true;
  const devices = await deviceIdentities(known ? judged.deviceKey : undefined, judged.seen);
  const now = ctx.now();
  const read = await store.authEvents.signInHistory(user.poolId, user.sub, {
    limit: HISTORY,
    failedSince: now - FAILURE_WINDOW_MS,
  });
  const of = (events: typeof read.trusted, as: "trusted" | "failed" | "reported") =>
    events.map((event) => pastSignIn(event as typeof event & { data: EventData }, as));
  // A refused sign-in the user reported as theirs (Valid) is trusted, not a failure.
  const history = [
    ...of(read.trusted, "trusted"),
    ...of(
      read.failed.filter((event) => event.feedback !== "Valid"),
      "failed",
    ),
    ...of(read.reported, "reported"),
  ];
  // An admin call without ContextData shows the app server's address, not the user's: no address signal.
  const ip = judged.seen?.ip;
  const scored = scoreSignIn(
    now,
    { ip, devices, location: judged.seen?.location },
    history,
    onRiskyList(ctx.riskyAddresses, ip),
  );
  const before = judged.risk;
  const risk: EventRisk = {
    decision:
      before?.decision === "Block" ? "Block" : scored.level !== undefined ? "AccountTakeover" : "NoRisk",
    ...(scored.level === undefined ? {} : { level: scored.level }),
    compromised: before?.compromised ?? false,
    score: scored.score,
    signals: scored.signals,
  };
  const { action, notify } =
    mode === "ENFORCED"
      ? levelAction(judged.pool, judged.client.id, scored.level)
      : { action: "NO_ACTION" as const, notify: false };
  // One notice per 15 minutes for refused or challenged sign-ins: whoever holds the password must
  // not be able to flood the user's mailbox by trying again and again.
  const noticed = read.failed.some((event) => (event.data as EventData).notified === true);
  return { eventId: crypto.randomUUID(), risk, action, notify: notify && !noticed };
}
