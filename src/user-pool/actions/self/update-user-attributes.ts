/**
 * UpdateUserAttributes (unsigned, AccessToken in the body): sets the signed-in user's attributes
 * within the client's WriteAttributes; a changed email or phone number is no longer verified, and
 * when the pool auto-verifies it, a 24-hour verification code goes to the new value.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { checkWritable } from "../../client-attributes.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_TTL_MS } from "../../rules/codes.js";
import { accessToken } from "../auth/get-user.js";
import { updatedAttributes } from "../users/attribute-changes.js";
import { sendCode } from "../users/delivery.js";
import { checkAttributes, claimed, present, syncAliases } from "../users/identity.js";
import { attributeList, attributeRecord } from "../users/shapes.js";
import { clientMetadata, signedInUser, VERIFIABLE, verificationTarget, verifyPurpose } from "./recovery.js";

const Input = structure({ AccessToken: accessToken(), UserAttributes: attributeList({ required: true }), ClientMetadata: clientMetadata() });

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { UpdateUserAttributes: updateUserAttributes(ctx) };
 * ```
 */
export function updateUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool, clientId } = await signedInUser(ctx, input.AccessToken);
    const store = await ctx.store();
    const changes = attributeRecord(input.UserAttributes);
    const client = clientId === undefined ? null : await store.clients.get(pool.id, clientId);
    checkWritable(client, Object.keys(changes));
    checkAttributes(pool, changes, false);
    const after = updatedAttributes(user.attributes, changes);
    await syncAliases(ctx, pool, user.sub, user.attributes, after);
    const updated = await claimed(async () => present(await store.users.setAttributes(pool.id, user.username, after, { now: ctx.now() })));
    const auto = Array.isArray(pool.config.AutoVerifiedAttributes) ? (pool.config.AutoVerifiedAttributes as string[]) : [];
    const CodeDeliveryDetailsList: Record<string, string>[] = [];
    for (const name of VERIFIABLE) {
      if (!(name in changes) || changes[name] === user.attributes[name]) continue;
      // A code sent to the old value must not verify the new one.
      await store.codes.revoke(pool.id, user.username, verifyPurpose(name));
      if (auto.includes(name) && after[`${name}_verified`] !== "true" && after[name]) {
        CodeDeliveryDetailsList.push(await sendCode(ctx, pool, updated, verificationTarget(updated, name), verifyPurpose(name), CODE_TTL_MS.verifyAttribute));
      }
    }
    return CodeDeliveryDetailsList.length > 0 ? { CodeDeliveryDetailsList } : {};
  });
}
