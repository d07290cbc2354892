import { InvalidParameterException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { schemaAttributes, type SchemaAttribute } from "../schema-attributes.js";
import { present } from "./lookup.js";
import { syncAliases } from "./aliases.js";
import { usernameAttributesOf } from "./identity.js";
import { verifyPurpose } from "../codes/purposes.js";
import { NAMED } from "../messages.js";

/**
 * Removes attributes from a user, as DeleteUserAttributes and AdminDeleteUserAttributes do: every
 * name must be in the pool's schema (never `cognito:*`), and `sub`, required attributes, username
 * attributes and immutable ones stay; one refused name refuses the whole list before anything
 * changes. What the app client may write (DeleteUserAttributes) is the caller's check
 * (checkClientWrite in attribute-changes.ts), made first. Email and phone take their `*_verified`
 * flag, their sign-in alias, any verification code and any new value waiting for verification
 * with them.
 */
export async function removeAttributes(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  names: readonly string[],
): Promise<void> {
  const schema = new Map(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]),
  );
  for (const name of names) {
    // `cognito:*` names are the tokens' own claims, never an attribute (as checkAttributes has it).
    const attribute = name.startsWith("cognito:") ? undefined : schema.get(name);
    if (attribute === undefined) throw new InvalidParameterException(`Invalid attribute name: ${name}`); // [?] words
    if (attribute.Required === true || name === "sub" || usernameAttributesOf(pool).includes(name)) {
      throw new InvalidParameterException(NAMED.requiredAttribute(name));
    }
    // Deleting is changing: an immutable value (a tenant set once by the admin) stays what it was.
    if (attribute.Mutable === false) throw new InvalidParameterException(NAMED.immutableAttribute(name));
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
