/**
 * GetUserAttributeVerificationCode (unsigned, AccessToken in the body): a 24-hour code to the
 * signed-in user's email or phone number (the new value while one waits for verification),
 * replacing the last.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_TTL_MS } from "../../rules/codes.js";
import { sendCode } from "../../codes/delivery.js";
import { attributeName } from "../../users/shapes.js";
import { clientMetadata } from "../../users/shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { verificationOf } from "../../codes/verification.js";
import { verifyPurpose } from "../../codes/purposes.js";
import { accessToken } from "../../access-token.js";

const Input = structure({
  AccessToken: accessToken(),
  AttributeName: attributeName(),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function getUserAttributeVerificationCode(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { user, pool, clientId } = await signedInUser(ctx, input.AccessToken);
    const { destination } = await verificationOf(ctx, pool, user, input.AttributeName);
    return {
      CodeDeliveryDetails: await sendCode(
        ctx,
        pool,
        user,
        destination,
        verifyPurpose(input.AttributeName),
        CODE_TTL_MS.verifyAttribute,
        undefined,
        {
          source: "VerifyUserAttribute",
          call: {
            clientId,
            headers: request.headers,
            clientMetadata: input.ClientMetadata,
            background: request.background,
          },
        },
      ),
    };
  });
}
