/**
 * ListDevices (AccessToken) and AdminListDevices (SigV4): the user's remembered devices, Limit
 * (0-60) at a time. A confirmed device the user has not (or no longer) chosen to remember, in a
 * User opt-in pool, is not listed (see the repository's `listRemembered` for the sources); it is
 * still read by GetDevice and remembered by UpdateDeviceStatus.
 */
import { defineOperation, integer, string, structure } from "../../../protocol/json/index.js";
import type { UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing } from "../../listing.js";
import { signedInUser } from "../../users/signed-in.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { deviceType } from "../../devices/shapes.js";
import { accessToken } from "../../access-token.js";

const PAGE = { Limit: integer({ min: 0, max: 60 }), PaginationToken: string({ min: 1, pattern: "[\\S]+" }) };

async function page(
  ctx: UserPoolContext,
  user: UserRecord,
  input: { Limit?: number; PaginationToken?: string },
) {
  const store = await ctx.store();
  const limit = input.Limit === undefined || input.Limit === 0 ? 60 : input.Limit;
  const found = await listing(() =>
    store.devices.listRemembered(user.poolId, user.sub, { limit, nextToken: input.PaginationToken }),
  );
  return { Devices: found.items.map(deviceType), PaginationToken: found.nextToken };
}

/**
 * ListDevices.
 */
export function listDevices(ctx: UserPoolContext) {
  return defineOperation(structure({ AccessToken: accessToken(), ...PAGE }), async ({ input }) => {
    const { user } = await signedInUser(ctx, input.AccessToken);
    return page(ctx, user, input);
  });
}

/**
 * AdminListDevices.
 */
export function adminListDevices(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Username: username(), ...PAGE }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      return page(ctx, await requireUser(ctx, pool, input.Username), input);
    },
  );
}
