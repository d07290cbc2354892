/**
 * UpdateUserAttributes (unsigned, AccessToken in the body): sets the signed-in user's attributes
 * within the client's WriteAttributes, never a verification flag; a changed email or phone number
 * is no longer verified, and when the pool auto-verifies it, a 24-hour verification code goes to
 * the new value. Where the pool requires verification before update, a verified value stays until
 * the new one is verified (see src/user-pool/users/attribute-update.ts).
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { checkUserChange } from "../../users/attribute-changes.js";
import { applyAttributeUpdate } from "../../users/attribute-update.js";
import { attributeList, attributeRecord } from "../../users/shapes.js";
import { clientMetadata } from "../../users/shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { accessToken } from "../../access-token.js";

const Input = structure({
  AccessToken: accessToken(),
  UserAttributes: attributeList({ required: true }),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function updateUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { user, pool, clientId } = await signedInUser(ctx, input.AccessToken);
    const store = await ctx.store();
    const changes = attributeRecord(input.UserAttributes);
    const client = clientId === undefined ? null : await store.clients.get(pool.id, clientId);
    checkUserChange(pool, client, changes);
    const { deliveries } = await applyAttributeUpdate(ctx, pool, user, changes, {
      sendCodes: true,
      call: {
        clientId,
        headers: request.headers,
        clientMetadata: input.ClientMetadata,
        background: request.background,
      },
    });
    return deliveries.length > 0 ? { CodeDeliveryDetailsList: deliveries } : {};
  });
}
