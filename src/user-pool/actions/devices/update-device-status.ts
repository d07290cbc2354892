/** UpdateDeviceStatus (AccessToken) and AdminUpdateDeviceStatus (SigV4): remember a device, or stop. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { DeviceRememberedStatus, UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { deviceKey, rememberedStatus, requireDevice } from "../../devices/shapes.js";
import { accessToken } from "../../access-token.js";

// Without a status, Cognito's default is not_remembered [?].
async function setStatus(
  ctx: UserPoolContext,
  user: UserRecord,
  key: string,
  status: string | undefined,
): Promise<Record<string, never>> {
  const device = await requireDevice(ctx, user, key);
  await (await ctx.store()).devices.setStatus(
    user.poolId,
    user.sub,
    device.deviceKey,
    (status ?? "not_remembered") as DeviceRememberedStatus,
    ctx.now(),
  );
  return {};
}

/**
 * UpdateDeviceStatus.
 */
export function updateDeviceStatus(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      AccessToken: accessToken(),
      DeviceKey: deviceKey(),
      DeviceRememberedStatus: rememberedStatus(),
    }),
    async ({ input }) => {
      const { user } = await signedInUser(ctx, input.AccessToken);
      return setStatus(ctx, user, input.DeviceKey, input.DeviceRememberedStatus);
    },
  );
}

/**
 * AdminUpdateDeviceStatus.
 */
export function adminUpdateDeviceStatus(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      UserPoolId: userPoolId(),
      Username: username(),
      DeviceKey: deviceKey(),
      DeviceRememberedStatus: rememberedStatus(),
    }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      return setStatus(
        ctx,
        await requireUser(ctx, pool, input.Username),
        input.DeviceKey,
        input.DeviceRememberedStatus,
      );
    },
  );
}
