/**
 * SetUserSettings (the signed-in user) and AdminSetUserSettings (SigV4): the legacy way to turn
 * SMS MFA on or off, still what amazon-cognito-identity-js's `enableMFA` and `disableMFA` send.
 * `MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }]` enables SMS MFA, an
 * empty list disables it; as in Cognito, no other factor can be set this way.
 */
import {
  defineOperation,
  InvalidParameterException,
  list,
  string,
  structure,
  type Infer,
} from "../../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { setMfaPreference } from "../../mfa/preferences.js";
import { userPoolId } from "../../pool-shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { accessToken } from "../../access-token.js";

const mfaOptions = () =>
  list(
    structure({
      DeliveryMedium: string({ enum: ["SMS", "EMAIL"] }),
      AttributeName: string({ min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" }),
    }),
    { required: true },
  );
type Options = Infer<ReturnType<typeof mfaOptions>>;

async function apply(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  options: Options,
): Promise<void> {
  const sms = options.filter((o) => o.DeliveryMedium === "SMS" && o.AttributeName === "phone_number");
  if (sms.length !== options.length)
    throw new InvalidParameterException(
      "Only SMS MFA with the phone_number attribute can be set with MFAOptions.",
    ); // [?] words
  await setMfaPreference(ctx, pool, user, { SMSMfaSettings: { Enabled: sms.length > 0 } });
}

/**
 * SetUserSettings.
 */
export function setUserSettings(ctx: UserPoolContext) {
  return defineOperation(
    structure({ AccessToken: accessToken(), MFAOptions: mfaOptions() }),
    async ({ input }) => {
      const { user, pool } = await signedInUser(ctx, input.AccessToken);
      await apply(ctx, pool, user, input.MFAOptions);
    },
  );
}

/**
 * AdminSetUserSettings.
 */
export function adminSetUserSettings(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Username: username(), MFAOptions: mfaOptions() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const user = await requireUser(ctx, pool, input.Username);
      await apply(ctx, pool, user, input.MFAOptions);
    },
  );
}
