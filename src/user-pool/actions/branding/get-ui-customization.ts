/**
 * GetUICustomization: the client's own CSS and logo, else the pool's (`ALL`), else an empty
 * `{"UICustomization":{}}`, as Cognito answers a pool that has none.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { ALL_CLIENTS } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { uiClientId, uiClientOf, uiCustomizationType } from "./ui-customization.js";

const Input = structure({ UserPoolId: userPoolId(), ClientId: uiClientId() });

/**
 * The operation.
 */
export function getUICustomization(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const clientId = await uiClientOf(ctx, pool.id, input.ClientId);
    const store = await ctx.store();
    const record =
      (await store.uiCustomizations.get(pool.id, clientId)) ??
      (clientId === ALL_CLIENTS ? null : await store.uiCustomizations.get(pool.id, ALL_CLIENTS));
    return {
      UICustomization: record === null ? {} : uiCustomizationType(record, ctx.issuer(pool.id, request.url)),
    };
  });
}
