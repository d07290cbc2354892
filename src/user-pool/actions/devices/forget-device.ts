/**
 * ForgetDevice (AccessToken) and AdminForgetDevice (SigV4). The device is deleted; refresh tokens
 * issued with it stay valid but lose their binding, so what they refresh no longer carries
 * `device_key` (the user is signed out only by GlobalSignOut or RevokeToken). A device handed out
 * and not yet confirmed can be forgotten too, which unbinds the tokens of its sign-in [?].
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { deviceKey, requireDevice, optionalAccessToken } from "../../devices/shapes.js";

async function forget(ctx: UserPoolContext, user: UserRecord, key: string): Promise<Record<string, never>> {
  const device = await requireDevice(ctx, user, key, { unconfirmed: true });
  await (await ctx.store()).devices.forget(user.poolId, user.sub, device.deviceKey);
  return {};
}

/**
 * ForgetDevice.
 */
export function forgetDevice(ctx: UserPoolContext) {
  return defineOperation(
    structure({ AccessToken: optionalAccessToken(), DeviceKey: deviceKey() }),
    async ({ input }) => {
      const { user } = await signedInUser(ctx, input.AccessToken ?? "");
      return forget(ctx, user, input.DeviceKey);
    },
  );
}

/**
 * AdminForgetDevice.
 */
export function adminForgetDevice(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Username: username(), DeviceKey: deviceKey() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      return forget(ctx, await requireUser(ctx, pool, input.Username), input.DeviceKey);
    },
  );
}
