/** What the device operations share: the DeviceKey member, DeviceType, and the lookup. */
import { ResourceNotFoundException, string } from "../../protocol/json/index.js";
import type { DeviceRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";

/** `DeviceKey` (DeviceKeyType): `{region}_{uuid}`, at most 55 characters. */
export const deviceKey = () => string({ required: true, min: 1, max: 55, pattern: "[\\w-]+_[0-9a-f-]+" });

/** `AccessToken` of GetDevice and ForgetDevice: the model makes the AccessToken optional here; without one the call is not authorized. */
export const optionalAccessToken = () => string({ pattern: "[A-Za-z0-9-_=.]+", sensitive: true });

/** `DeviceRememberedStatus` (DeviceRememberedStatusType). */
export const rememberedStatus = () => string({ enum: ["remembered", "not_remembered"] });

/**
 * The model's DeviceType. Cognito's attributes: `device_status` is "valid" for a confirmed
 * device, the remembered status is `dev:device_remembered_status`, the name `device_name`.
 */
export function deviceType(device: DeviceRecord) {
  const attributes = [
    { Name: "device_status", Value: device.confirmed ? "valid" : "unconfirmed" },
    { Name: "dev:device_remembered_status", Value: device.rememberedStatus },
    ...(device.name === null ? [] : [{ Name: "device_name", Value: device.name }]),
  ];
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attributes,
    DeviceCreateDate: new Date(device.createdAt),
    DeviceLastModifiedDate: new Date(device.updatedAt),
    DeviceLastAuthenticatedDate:
      device.lastAuthenticatedAt === null ? undefined : new Date(device.lastAuthenticatedAt),
  };
}

/**
 * The user's device. Unless `unconfirmed` is allowed, a device a sign-in handed out and nobody
 * confirmed is not one yet: Cognito tracks only confirmed devices, and answers UpdateDeviceStatus
 * on a NewDeviceMetadata key never confirmed with "Device does not exist." (aws/aws-sdk-net issue
 * 1055); GetDevice answers the same way here [?].
 *
 * @throws {ResourceNotFoundException} "Device does not exist." (also for another user's device).
 */
export async function requireDevice(
  ctx: UserPoolContext,
  user: UserRecord,
  key: string,
  options: { unconfirmed?: boolean } = {},
): Promise<DeviceRecord> {
  const device = await (await ctx.store()).devices.get(user.poolId, user.sub, key);
  if (device === null || (!device.confirmed && options.unconfirmed !== true))
    throw new ResourceNotFoundException(MESSAGES.deviceNotFound);
  return device;
}
