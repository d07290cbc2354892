import { InvalidParameterException } from "../../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../../storage/index.js";
import type { UserPoolContext } from "../../context.js";
import { schemaAttributes, type SchemaAttribute } from "../../schema-attributes.js";
import { present, syncAliases, usernameAttributesOf } from "./identity.js";

/** The code purpose of an attribute's verification (`verify:email`). */
export const verifyPurpose = (attribute: string): string => `verify:${attribute}`;

/**
 * Removes attributes from a user, as DeleteUserAttributes and AdminDeleteUserAttributes do: every
 * name must be in the pool's schema, and `sub`, required attributes and username attributes stay.
 * Email and phone take their `*_verified` flag, their sign-in alias, any verification code and
 * any new value waiting for verification with them.
 *
 * @example
 * ```ts
 * await removeAttributes(ctx, pool, user, ["email", "custom:tier"]);
 * ```
 */
export async function removeAttributes(ctx: UserPoolContext, pool: PoolRecord, user: UserRecord, names: readonly string[]): Promise<void> {
  const schema = new Map(schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]));
  for (const name of names) {
    const attribute = schema.get(name);
    if (attribute === undefined) throw new InvalidParameterException(`Invalid attribute name: ${name}`); // [?] words
    if (attribute.Required === true || name === "sub" || usernameAttributesOf(pool).includes(name)) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute ${name} is required`);
    }
  }
  const after = { ...user.attributes };
  const store = await ctx.store();
  for (const name of names) {
    delete after[name];
    if (name === "email" || name === "phone_number") {
      delete after[`${name}_verified`];
      await store.codes.revoke(pool.id, user.username, verifyPurpose(name));
      await store.pendingAttributes.clear(pool.id, user.sub, name);
    }
  }
  await syncAliases(ctx, pool, user.sub, user.attributes, after);
  present(await store.users.setAttributes(pool.id, user.username, after, { now: ctx.now() }));
}
