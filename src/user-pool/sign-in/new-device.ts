/**
 * Which device a sign-in's tokens name: the one its DEVICE_KEY names, when that is the user's,
 * or, in a pool with a DeviceConfiguration, a new one handed out as NewDeviceMetadata for the
 * client to confirm (ConfirmDevice).
 */
import type { UserRecord } from "../../storage/index.js";
import { bytesToBase64Url } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";
import { regionOfPool } from "../ids.js";

/** What a sign-in says about its device. */
export interface SignInDevice {
  deviceKey?: string;
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
}

/**
 * The device of a sign-in, creating (unconfirmed) a new one when the pool tracks devices and the
 * client named none of the user's.
 */
export async function signInDevice(
  ctx: UserPoolContext,
  user: UserRecord,
  named: string | undefined,
): Promise<SignInDevice> {
  const store = await ctx.store();
  const now = ctx.now();
  if (named !== undefined && (await store.devices.get(user.poolId, user.sub, named)) !== null) {
    await store.devices.touch(named, now);
    return { deviceKey: named };
  }
  const pool = await store.pools.get(user.poolId);
  if (pool?.config.DeviceConfiguration == null) return {};
  // Cognito's keys are `{region}_{uuid}`; the group key is opaque (it salts the device's SRP secret).
  const device = {
    deviceKey: `${regionOfPool(user.poolId)}_${crypto.randomUUID()}`,
    groupKey: `-${bytesToBase64Url(crypto.getRandomValues(new Uint8Array(6)))}`,
  };
  await store.devices.create({ ...device, poolId: user.poolId, sub: user.sub }, now);
  return {
    deviceKey: device.deviceKey,
    NewDeviceMetadata: { DeviceKey: device.deviceKey, DeviceGroupKey: device.groupKey },
  };
}
