/**
 * Remembered devices at sign-in (docs §2, Device SRP), as steps: after the password, a remembered
 * device answers DEVICE_SRP_AUTH in place of the MFA challenge, then proves its own SRP secret
 * (the DeviceGroupKey as pool name, the DeviceKey as username) in DEVICE_PASSWORD_VERIFIER.
 *
 * A remembered device is not a second factor: it only lets the user skip MFA, so the tokens
 * carry `amr: ["pwd"]` (never "mfa") and `device_key`.
 */
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from "../../protocol/json/index.js";
import type { DeviceRecord, UserRecord } from "../../storage/index.js";
import { startSession } from "../auth-session.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { mfaMode } from "../mfa/pool-mfa.js";
import {
  base64ToBytes,
  bigintFromHex,
  padHex,
  parseSrpA,
  startServerSession,
  verifyPasswordClaim,
} from "../srp/index.js";
import { userFactors } from "./mfa-challenge.js";
import type { Step } from "./pipeline.js";
import { openServerSecret, sealServerSecret } from "./server-secret.js";
import { keptInSession, type SignIn, userOf } from "./state.js";
import { settleRisk, failedChallenge } from "./threat.js";

const remembered = (
  device: DeviceRecord | null,
): device is DeviceRecord & { srpSalt: string; srpVerifier: string } =>
  device?.confirmed === true &&
  device.rememberedStatus === "remembered" &&
  device.srpSalt !== null &&
  device.srpVerifier !== null;

/**
 * A DEVICE_KEY the pool does not know is refused before anything is used up (ACIJS then drops its
 * stored key and retries the same answer without it); a known one is the sign-in's device.
 *
 * @throws {ResourceNotFoundException} "Device does not exist."
 */
export const checkDeviceKey: Step = async (ctx, s) => {
  const deviceKey = s.params.DEVICE_KEY;
  if (deviceKey === undefined || deviceKey === "") return;
  if (!(await (await ctx.store()).devices.exists(s.pool.id, deviceKey)))
    throw new ResourceNotFoundException(MESSAGES.deviceNotFound);
  s.deviceKey = deviceKey;
};

/** Whether mfaChallenge would ask for a factor (checked first, so that no SMS goes out for nothing). */
export async function asksForMfa(ctx: UserPoolContext, s: SignIn, user: UserRecord): Promise<boolean> {
  const mode = mfaMode(s.pool);
  if (mode === "OFF") return false;
  return mode === "ON" || (await userFactors(ctx, user)).enabled.length > 0;
}

/**
 * DEVICE_SRP_AUTH, when the sign-in names a remembered device of the user, MFA would be asked,
 * and the risk does not ask for MFA itself.
 */
export const rememberedDevice: Step = async (ctx, s) => {
  if (s.riskMfa !== undefined) return undefined;
  const user = userOf(s);
  // Only ChallengeRequiredOnNewDevice lets a remembered device stand in for the second factor.
  const config = s.pool.config.DeviceConfiguration as { ChallengeRequiredOnNewDevice?: boolean } | undefined;
  if (s.deviceKey === undefined || config?.ChallengeRequiredOnNewDevice !== true) return undefined;
  const device = await (await ctx.store()).devices.get(s.pool.id, user.sub, s.deviceKey);
  if (!remembered(device) || !(await asksForMfa(ctx, s, user))) return undefined;
  const Session = await startSession(ctx, {
    poolId: user.poolId,
    clientId: s.client.id,
    username: user.username,
    sub: user.sub,
    challenge: "DEVICE_SRP_AUTH",
    data: { ...keptInSession(s), deviceKey: device.deviceKey },
    minutes: Number(s.client.config.AuthSessionValidity ?? 3),
  });
  await settleRisk(ctx, s, "challenged");
  return { ChallengeName: "DEVICE_SRP_AUTH", Session, ChallengeParameters: { USERNAME: user.username } };
};

/** DEVICE_PASSWORD_VERIFIER's Session is its SECRET_BLOCK, as in PASSWORD_VERIFIER; clients send both. */
export const secretBlockIsSession: Step = (_ctx, s) =>
  void (s.sessionId = s.params.PASSWORD_CLAIM_SECRET_BLOCK ?? s.sessionId);

/** A DEVICE_KEY in the answer must be the one the challenge was for. */
export const checkAnsweredDevice: Step = (_ctx, s) => {
  const named = s.params.DEVICE_KEY;
  if (named !== undefined && named !== s.session!.data.deviceKey)
    throw new NotAuthorizedException(MESSAGES.wrongDeviceKey);
};

/** The challenge's device, still remembered. */
export const loadRememberedDevice: Step = async (ctx, s) => {
  const user = userOf(s);
  const device = await (await ctx.store()).devices.get(user.poolId, user.sub, s.session!.data.deviceKey!);
  if (!remembered(device)) throw new ResourceNotFoundException(MESSAGES.deviceNotFound);
  s.device = device;
};

/** DEVICE_SRP_AUTH's answer: the server's side of the device's SRP, as DEVICE_PASSWORD_VERIFIER. */
export const devicePasswordVerifierChallenge: Step = async (ctx, s) => {
  const user = userOf(s);
  const device = s.device!;
  const verifier = bigintFromHex(device.srpVerifier)!;
  const A = s.params.SRP_A === undefined ? null : parseSrpA(s.params.SRP_A);
  if (A === null) throw new InvalidParameterException(MESSAGES.srpAInvalid);
  const { b, B } = startServerSession(verifier);
  const next = await startSession(ctx, {
    poolId: user.poolId,
    clientId: s.client.id,
    username: user.username,
    sub: user.sub,
    challenge: "DEVICE_PASSWORD_VERIFIER",
    data: {
      ...keptInSession(s.session!.data),
      deviceKey: device.deviceKey,
      A: A.toString(16),
      B: B.toString(16),
      secret: await sealServerSecret(ctx, user.poolId, B.toString(16), { b, verifier }),
    },
  });
  return {
    ChallengeName: "DEVICE_PASSWORD_VERIFIER",
    Session: next,
    ChallengeParameters: {
      SRP_B: B.toString(16),
      SALT: padHex(bigintFromHex(device.srpSalt)!),
      SECRET_BLOCK: next,
      USERNAME: user.username,
      DEVICE_KEY: device.deviceKey,
    },
  };
};

/**
 * The device's proof; a failed one ends the challenged sign-in as a failed event. The tokens then
 * name the device.
 */
export const checkDeviceProof: Step = async (ctx, s) => {
  const device = s.device!;
  const data = s.session!.data;
  const secretBlock = base64ToBytes(s.sessionId!);
  // The b and verifier of the DEVICE_SRP_AUTH step: the device's verifier is the same one.
  const secret = await openServerSecret(ctx, userOf(s).poolId, data);
  const ok =
    secretBlock !== null &&
    typeof s.params.TIMESTAMP === "string" &&
    typeof s.params.PASSWORD_CLAIM_SIGNATURE === "string" &&
    (await verifyPasswordClaim({
      A: bigintFromHex(data.A!)!,
      B: bigintFromHex(data.B!)!,
      b: secret.b,
      verifier: secret.verifier,
      poolName: device.groupKey,
      userIdForSrp: device.deviceKey,
      secretBlock,
      timestamp: s.params.TIMESTAMP,
      signature: s.params.PASSWORD_CLAIM_SIGNATURE,
      now: ctx.now(),
    }));
  if (!ok) {
    await failedChallenge(ctx, s);
    throw new NotAuthorizedException(MESSAGES.incorrectCredentials); // [?] words for a device
  }
};

/** The proven device is the sign-in's. */
export const useProvenDevice: Step = (_ctx, s) => void (s.deviceKey = s.device!.deviceKey);
