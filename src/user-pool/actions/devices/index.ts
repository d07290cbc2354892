/**
 * Remembered devices: ConfirmDevice after a sign-in's NewDeviceMetadata, then reading, listing,
 * (un)remembering and forgetting a user's devices, by AccessToken or as the admin. Exported as
 * one map for the dispatch table in ../../service.ts; the sign-in side is ../../sign-in/device-srp.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { confirmDevice } from "./confirm-device.js";
import { adminForgetDevice, forgetDevice } from "./forget-device.js";
import { adminGetDevice, getDevice } from "./get-device.js";
import { adminListDevices, listDevices } from "./list-devices.js";
import { adminUpdateDeviceStatus, updateDeviceStatus } from "./update-device-status.js";

/**
 * The operations, by name.
 */
export function deviceOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    ConfirmDevice: confirmDevice(ctx),
    GetDevice: getDevice(ctx),
    AdminGetDevice: adminGetDevice(ctx),
    ListDevices: listDevices(ctx),
    AdminListDevices: adminListDevices(ctx),
    UpdateDeviceStatus: updateDeviceStatus(ctx),
    AdminUpdateDeviceStatus: adminUpdateDeviceStatus(ctx),
    ForgetDevice: forgetDevice(ctx),
    AdminForgetDevice: adminForgetDevice(ctx),
  } as Record<string, Operation>;
}
