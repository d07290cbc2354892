// The client side of remembered devices, for the SDK tests (ACIJS does the same inside
// authenticateUser): the device secret and verifier ConfirmDevice stores (docs §2, Device SRP),
// and the DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER exchange.
import type { RespondToAuthChallengeCommandOutput } from "@aws-sdk/client-cognito-identity-provider";
import { clientA, clientClaim } from "../../src/user-pool/srp/client.testing.js";
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  computeVerifier,
  formatTimestamp,
  hexToBytes,
  padHex,
} from "../../src/user-pool/srp/index.js";

export interface DeviceSecret {
  deviceKey: string;
  groupKey: string;
  password: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig, as ACIJS builds it. */
  config: { PasswordVerifier: string; Salt: string };
}

/** A random device password and the verifier the server is to keep for it. */
export async function deviceSecret(meta: {
  DeviceKey?: string;
  DeviceGroupKey?: string;
}): Promise<DeviceSecret> {
  const password = bytesToBase64(crypto.getRandomValues(new Uint8Array(40)));
  const { salt, verifier } = await computeVerifier(meta.DeviceGroupKey!, meta.DeviceKey!, password);
  return {
    deviceKey: meta.DeviceKey!,
    groupKey: meta.DeviceGroupKey!,
    password,
    config: {
      PasswordVerifier: bytesToBase64(hexToBytes(padHex(verifier))),
      Salt: bytesToBase64(hexToBytes(padHex(BigInt(`0x${salt}`)))),
    },
  };
}

type Answer = (
  name: string,
  session: string | undefined,
  responses: Record<string, string>,
) => Promise<RespondToAuthChallengeCommandOutput>;

/**
 * Answers DEVICE_SRP_AUTH with a fresh A, then DEVICE_PASSWORD_VERIFIER with the proof of
 * `secret` (a wrong password gives a wrong proof); returns the last response.
 */
export async function deviceSrp(
  answer: Answer,
  session: string | undefined,
  username: string,
  secret: DeviceSecret,
  password = secret.password,
): Promise<RespondToAuthChallengeCommandOutput> {
  const a = BigInt(`0x${bytesToHex(crypto.getRandomValues(new Uint8Array(128)))}`);
  const step = await answer("DEVICE_SRP_AUTH", session, {
    USERNAME: username,
    DEVICE_KEY: secret.deviceKey,
    SRP_A: clientA(a).toString(16),
  });
  if (step.ChallengeName !== "DEVICE_PASSWORD_VERIFIER")
    throw new Error(`expected DEVICE_PASSWORD_VERIFIER, got ${step.ChallengeName}`);
  const params = step.ChallengeParameters!;
  const timestamp = formatTimestamp(new Date());
  const { signature } = await clientClaim({
    a,
    B: BigInt(`0x${params.SRP_B}`),
    salt: params.SALT!,
    poolName: secret.groupKey,
    userIdForSrp: secret.deviceKey,
    password,
    secretBlock: base64ToBytes(params.SECRET_BLOCK!)!,
    timestamp,
  });
  return answer("DEVICE_PASSWORD_VERIFIER", step.Session, {
    USERNAME: username,
    DEVICE_KEY: secret.deviceKey,
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: signature,
  });
}
