/**
 * ConfirmDevice (AccessToken): the client stores the SRP verifier of the device a sign-in handed
 * out as NewDeviceMetadata, and learns whether the user still has to choose to remember it.
 */
import {
  defineOperation,
  InvalidParameterException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { deviceVerifierFromConfig } from "../../srp/index.js";
import { signedInUser } from "../../users/signed-in.js";
import { deviceKey, requireDevice } from "../../devices/shapes.js";
import { accessToken } from "../../access-token.js";

const Input = structure({
  AccessToken: accessToken(),
  DeviceKey: deviceKey(),
  DeviceSecretVerifierConfig: structure({ PasswordVerifier: string(), Salt: string() }),
  DeviceName: string({ min: 1, max: 1024 }),
});

/**
 * The operation. In a pool whose DeviceConfiguration says DeviceOnlyRememberedOnUserPrompt, the
 * device starts not remembered and `UserConfirmationNecessary` is true; else it is remembered.
 */
export function confirmDevice(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool } = await signedInUser(ctx, input.AccessToken);
    const device = await requireDevice(ctx, user, input.DeviceKey, { unconfirmed: true });
    const proof = deviceVerifierFromConfig(input.DeviceSecretVerifierConfig ?? {});
    if (proof === null) throw new InvalidParameterException("DeviceSecretVerifierConfig is not valid."); // [?] words
    const prompt =
      (pool.config.DeviceConfiguration as { DeviceOnlyRememberedOnUserPrompt?: boolean } | undefined)
        ?.DeviceOnlyRememberedOnUserPrompt === true;
    const confirmed = await (await ctx.store()).devices.confirm(
      pool.id,
      user.sub,
      device.deviceKey,
      {
        salt: proof.salt,
        verifier: proof.verifier.toString(16),
        name: input.DeviceName ?? null,
        rememberedStatus: prompt ? "not_remembered" : "remembered",
      },
      ctx.now(),
    );
    // A verifier is set once: replacing it would let any holder of an access token take the device over.
    if (!confirmed) throw new InvalidParameterException("Device has already been confirmed."); // [?] words
    return { UserConfirmationNecessary: prompt };
  });
}
