/** GetDevice (AccessToken) and AdminGetDevice (SigV4): one of the user's devices. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { deviceKey, deviceType, optionalAccessToken, requireDevice } from "../../devices/shapes.js";

/**
 * GetDevice.
 */
export function getDevice(ctx: UserPoolContext) {
  return defineOperation(
    structure({ DeviceKey: deviceKey(), AccessToken: optionalAccessToken() }),
    async ({ input }) => {
      const { user } = await signedInUser(ctx, input.AccessToken ?? "");
      return { Device: deviceType(await requireDevice(ctx, user, input.DeviceKey)) };
    },
  );
}

/**
 * AdminGetDevice.
 */
export function adminGetDevice(ctx: UserPoolContext) {
  return defineOperation(
    structure({ DeviceKey: deviceKey(), UserPoolId: userPoolId(), Username: username() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const user = await requireUser(ctx, pool, input.Username);
      return { Device: deviceType(await requireDevice(ctx, user, input.DeviceKey)) };
    },
  );
}
