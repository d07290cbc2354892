/**
 * Remembered devices at sign-in (docs §2, Device SRP): after the password, a remembered device
 * answers DEVICE_SRP_AUTH in place of the MFA challenge, then proves its own SRP secret (the
 * DeviceGroupKey as pool name, the DeviceKey as username) in DEVICE_PASSWORD_VERIFIER.
 *
 * A remembered device is not a second factor: it only lets the user skip MFA, so the tokens
 * carry `amr: ["pwd"]` (never "mfa") and `device_key`.
 */
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from "../../protocol/json/index.js";
import type { DeviceRecord, JsonObject, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { mfaMode } from "../mfa/pool-mfa.js";
import {
  base64ToBytes,
  bigintFromHex,
  padHex,
  parseSrpA,
  startServerSession,
  verifyPasswordClaim,
} from "../srp/index.js";
import { checkSecretHash, hidesUsers } from "./client.js";
import { carried, userFactors, type SignInCarry } from "./mfa-challenge.js";
import { failedChallenge } from "./adaptive.js";
import type { SignInStep } from "./password.js";
import { signInResult } from "./result.js";
import { openServerSecret, sealServerSecret } from "./server-secret.js";
import { consumeSession, startSession } from "../auth-session.js";
import { unknownUser } from "./user.js";

/** The challenges this file answers. */
export const DEVICE_CHALLENGES: ReadonlySet<string> = new Set([
  "DEVICE_SRP_AUTH",
  "DEVICE_PASSWORD_VERIFIER",
]);

const NO_DEVICE = "Device does not exist.";

const remembered = (
  device: DeviceRecord | null,
): device is DeviceRecord & { srpSalt: string; srpVerifier: string } =>
  device?.confirmed === true &&
  device.rememberedStatus === "remembered" &&
  device.srpSalt !== null &&
  device.srpVerifier !== null;

/**
 * Refuses a DEVICE_KEY the pool does not know, before anything is used up: ACIJS then drops its
 * stored key and retries the same PASSWORD_VERIFIER answer without it.
 *
 * @throws {ResourceNotFoundException} "Device does not exist."
 * @example
 * ```ts
 * await checkDeviceKey(ctx, pool.id, responses.DEVICE_KEY);
 * ```
 */
export async function checkDeviceKey(
  ctx: UserPoolContext,
  poolId: string,
  deviceKey: string | undefined,
): Promise<void> {
  if (deviceKey === undefined || deviceKey === "") return;
  if (!(await (await ctx.store()).devices.exists(poolId, deviceKey)))
    throw new ResourceNotFoundException(NO_DEVICE);
}

// Whether mfaChallenge would ask for a factor; checked first so that no SMS goes out for nothing.
async function asksForMfa(ctx: UserPoolContext, step: SignInStep, user: UserRecord): Promise<boolean> {
  const mode = mfaMode(step.pool);
  if (mode === "OFF") return false;
  return mode === "ON" || (await userFactors(ctx, user)).enabled.length > 0;
}

/**
 * DEVICE_SRP_AUTH, when the sign-in names a remembered device of the user and MFA would be asked;
 * else `undefined`.
 *
 * @example
 * ```ts
 * const device = await rememberedDeviceChallenge(ctx, step, user);
 * if (device !== undefined) return device;
 * ```
 */
export async function rememberedDeviceChallenge(
  ctx: UserPoolContext,
  step: SignInStep,
  user: UserRecord,
): Promise<Record<string, unknown> | undefined> {
  // Only ChallengeRequiredOnNewDevice lets a remembered device stand in for the second factor.
  const config = step.pool.config.DeviceConfiguration as
    | { ChallengeRequiredOnNewDevice?: boolean }
    | undefined;
  if (step.deviceKey === undefined || config?.ChallengeRequiredOnNewDevice !== true) return undefined;
  const device = await (await ctx.store()).devices.get(step.pool.id, user.sub, step.deviceKey);
  if (!remembered(device) || !(await asksForMfa(ctx, step, user))) return undefined;
  const Session = await startSession(ctx, {
    poolId: user.poolId,
    clientId: step.client.id,
    username: user.username,
    sub: user.sub,
    challenge: "DEVICE_SRP_AUTH",
    data: { ...carried(step), deviceKey: device.deviceKey } as unknown as JsonObject,
    minutes: Number(step.client.config.AuthSessionValidity ?? 3),
  });
  return { ChallengeName: "DEVICE_SRP_AUTH", Session, ChallengeParameters: { USERNAME: user.username } };
}

/**
 * Answers DEVICE_SRP_AUTH (→ DEVICE_PASSWORD_VERIFIER) or DEVICE_PASSWORD_VERIFIER (→ tokens).
 *
 * @throws {NotAuthorizedException} for a bad session or proof; {ResourceNotFoundException} when
 *   the device is gone or no longer remembered.
 * @example
 * ```ts
 * if (DEVICE_CHALLENGES.has(name)) return answerDevice(ctx, step, name, responses, input.Session);
 * ```
 */
export async function answerDevice(
  ctx: UserPoolContext,
  step: SignInStep,
  challenge: string,
  responses: Record<string, string>,
  sessionId: string | undefined,
): Promise<Record<string, unknown>> {
  const verifying = challenge === "DEVICE_PASSWORD_VERIFIER";
  // The SECRET_BLOCK is the session id, as in PASSWORD_VERIFIER; clients send both.
  const block = verifying ? (responses.PASSWORD_CLAIM_SECRET_BLOCK ?? sessionId) : sessionId;
  const session = await consumeSession(ctx, block, challenge, step.client.id);
  const store = await ctx.store();
  const user = session.sub === null ? null : await store.users.getBySub(step.pool.id, session.sub);
  if (user === null) throw unknownUser(hidesUsers(step.client));
  await checkSecretHash(step.client, responses.SECRET_HASH, [
    responses.USERNAME ?? user.username,
    user.username,
  ]);
  if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
  const data = session.data as Record<string, string> & SignInCarry;
  if (responses.DEVICE_KEY !== undefined && responses.DEVICE_KEY !== data.deviceKey)
    throw new NotAuthorizedException("Invalid device key given."); // [?] words
  const device = await store.devices.get(user.poolId, user.sub, data.deviceKey!);
  if (!remembered(device)) throw new ResourceNotFoundException(NO_DEVICE);
  const verifier = bigintFromHex(device.srpVerifier)!;

  if (!verifying) {
    const A = responses.SRP_A === undefined ? null : parseSrpA(responses.SRP_A);
    if (A === null) throw new InvalidParameterException("SRP_A is not valid"); // [?] words
    const { b, B } = startServerSession(verifier, ctx.modPow);
    const next = await startSession(ctx, {
      poolId: user.poolId,
      clientId: step.client.id,
      username: user.username,
      sub: user.sub,
      challenge: "DEVICE_PASSWORD_VERIFIER",
      data: {
        ...carried(data),
        deviceKey: device.deviceKey,
        A: A.toString(16),
        B: B.toString(16),
        secret: await sealServerSecret(ctx, user.poolId, B.toString(16), { b, verifier }),
      } as unknown as JsonObject,
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
  }
  const secretBlock = base64ToBytes(block!);
  // The b and verifier of the DEVICE_SRP_AUTH step: the device's verifier is the same one.
  const secret = await openServerSecret(ctx, user.poolId, data as Record<string, string>);
  const ok =
    secretBlock !== null &&
    typeof responses.TIMESTAMP === "string" &&
    typeof responses.PASSWORD_CLAIM_SIGNATURE === "string" &&
    (await verifyPasswordClaim(
      {
        A: bigintFromHex(data.A!)!,
        B: bigintFromHex(data.B!)!,
        b: secret.b,
        verifier: secret.verifier,
        poolName: device.groupKey,
        userIdForSrp: device.deviceKey,
        secretBlock,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
        now: ctx.now(),
      },
      ctx.modPow,
    ));
  if (!ok) {
    await failedChallenge(ctx, user, step.client.id, data);
    throw new NotAuthorizedException("Incorrect username or password."); // [?] words for a device
  }
  return {
    ChallengeParameters: {},
    AuthenticationResult: await signInResult(ctx, {
      client: step.client,
      user,
      requestUrl: step.requestUrl,
      sourceIp: step.sourceIp,
      seen: step.seen,
      ...carried(data),
      deviceKey: device.deviceKey,
    }),
  };
}
