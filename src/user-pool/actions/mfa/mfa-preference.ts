/** SetUserMFAPreference (the signed-in user) and AdminSetUserMFAPreference (SigV4). */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { MFA_PREFERENCE_MEMBERS, setMfaPreference } from "../../mfa/preferences.js";
import { userPoolId } from "../../pool-shapes.js";
import { accessToken } from "../../access-token.js";
import { signedInUser } from "../self/recovery.js";
import { requireUser } from "../users/identity.js";
import { username } from "../users/shapes.js";

/**
 * SetUserMFAPreference.
 *
 * @example
 * ```ts
 * const operations = { SetUserMFAPreference: setUserMFAPreference(ctx) };
 * ```
 */
export function setUserMFAPreference(ctx: UserPoolContext) {
  return defineOperation(
    structure({ AccessToken: accessToken(), ...MFA_PREFERENCE_MEMBERS }),
    async ({ input }) => {
      const { user, pool } = await signedInUser(ctx, input.AccessToken);
      await setMfaPreference(ctx, pool, user, input);
    },
  );
}

/**
 * AdminSetUserMFAPreference.
 *
 * @example
 * ```ts
 * const operations = { AdminSetUserMFAPreference: adminSetUserMFAPreference(ctx) };
 * ```
 */
export function adminSetUserMFAPreference(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Username: username(), ...MFA_PREFERENCE_MEMBERS }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const user = await requireUser(ctx, pool, input.Username);
      await setMfaPreference(ctx, pool, user, input);
    },
  );
}
