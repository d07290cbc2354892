/** DeleteUserAttributes (unsigned, AccessToken in the body): removes the signed-in user's attributes (and the aliases they gave); `sub` and required ones stay. */
import { defineOperation, InvalidParameterException, list, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { schemaAttributes, type SchemaAttribute } from "../../schema-attributes.js";
import { accessToken } from "../auth/get-user.js";
import { present, syncAliases, usernameAttributesOf } from "../users/identity.js";
import { attributeName } from "../users/shapes.js";
import { signedInUser, verifyPurpose } from "./recovery.js";

const Input = structure({ AccessToken: accessToken(), UserAttributeNames: list(attributeName(), { required: true }) });

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { DeleteUserAttributes: deleteUserAttributes(ctx) };
 * ```
 */
export function deleteUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool } = await signedInUser(ctx, input.AccessToken);
    const schema = new Map(schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]));
    for (const name of input.UserAttributeNames) {
      const attribute = schema.get(name);
      if (attribute === undefined) throw new InvalidParameterException(`Invalid attribute name: ${name}`); // [?] words
      if (attribute.Required === true || name === "sub" || usernameAttributesOf(pool).includes(name)) {
        throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute ${name} is required`);
      }
    }
    const after = { ...user.attributes };
    const store = await ctx.store();
    for (const name of input.UserAttributeNames) {
      delete after[name];
      if (name === "email" || name === "phone_number") {
        delete after[`${name}_verified`];
        await store.codes.revoke(pool.id, user.username, verifyPurpose(name));
      }
    }
    await syncAliases(ctx, pool, user.sub, user.attributes, after);
    present(await store.users.setAttributes(pool.id, user.username, after, { now: ctx.now() }));
  });
}
