/** SetUserMFAPreference (the signed-in user) and AdminSetUserMFAPreference (SigV4). */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { MFA_PREFERENCE_MEMBERS, setMfaPreference } from "../../mfa/preferences.js";
import { userPoolId } from "../../pool-shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { accessToken } from "../../access-token.js";

/**
 * SetUserMFAPreference.
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
