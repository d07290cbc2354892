/**
 * AddCustomAttributes: appends `custom:` attributes to a pool's schema. Attributes are never
 * removed or changed, so users' stored values stay valid; a name taken already is refused.
 */
import { defineOperation, InvalidParameterException, list, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { SchemaAttribute, userPoolId } from "../../pool-shapes.js";
import { schemaAttributes, type SchemaAttribute as Attribute } from "../../schema-attributes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  CustomAttributes: list(SchemaAttribute, { required: true, min: 1, max: 25 }),
});
const MAX_CUSTOM = 50;
const customName = (name: string) =>
  name.startsWith("custom:") || name.startsWith("dev:") ? name : `custom:${name}`;

/**
 * The operation.
 */
export function addCustomAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const store = await ctx.store();
    // Compare-and-set on the schema read; a concurrent change (another addition) means read again.
    for (;;) {
      const pool = await requirePool(ctx, input.UserPoolId);
      const schema = (pool.config.Schema ?? []) as Attribute[];
      const existing = new Set(schemaAttributes(schema).map((a) => a.Name));
      for (const attribute of input.CustomAttributes as Attribute[]) {
        const name = customName(attribute.Name ?? "");
        if (existing.has(name))
          throw new InvalidParameterException(`${name}: Existing attribute already has name ${name}.`);
      }
      // The whole schema again, so the checks of CreateUserPool (duplicates, Required) apply.
      const next = [...schema, ...(input.CustomAttributes as Attribute[])];
      const custom = schemaAttributes(next).filter(
        (a) => a.Name.startsWith("custom:") || a.Name.startsWith("dev:"),
      );
      if (custom.length > MAX_CUSTOM)
        throw new InvalidParameterException(`A user pool can have at most ${MAX_CUSTOM} custom attributes.`); // [?] words
      const updated = await store.pools.update(
        pool.id,
        { config: { ...pool.config, Schema: next } },
        { now: ctx.now(), ifRevision: pool.revision },
      );
      if (updated !== null) return;
    }
  });
}
