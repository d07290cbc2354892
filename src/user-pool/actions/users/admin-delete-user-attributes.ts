/** AdminDeleteUserAttributes: removes attributes (and the aliases they gave); `sub` and required ones stay. */
import { defineOperation, InvalidParameterException, list, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { schemaAttributes, type SchemaAttribute } from "../../schema-attributes.js";
import { present, requireUser, syncAliases, usernameAttributesOf } from "./identity.js";
import { attributeName, username } from "./shapes.js";

const Input = structure({ UserPoolId: userPoolId(), Username: username(), UserAttributeNames: list(attributeName(), { required: true }) });

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { AdminDeleteUserAttributes: adminDeleteUserAttributes(ctx) };
 * ```
 */
export function adminDeleteUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    const schema = new Map(schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]));
    for (const name of input.UserAttributeNames) {
      const attribute = schema.get(name);
      if (attribute === undefined) throw new InvalidParameterException(`Invalid attribute name: ${name}`); // [?] words
      if (attribute.Required === true || name === "sub" || usernameAttributesOf(pool).includes(name)) {
        throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute ${name} is required`);
      }
    }
    const after = { ...user.attributes };
    for (const name of input.UserAttributeNames) {
      delete after[name];
      if (name === "email" || name === "phone_number") delete after[`${name}_verified`];
    }
    await syncAliases(ctx, pool, user.sub, user.attributes, after);
    present(await (await ctx.store()).users.setAttributes(pool.id, user.username, after, { now: ctx.now() }));
  });
}
