/**
 * The configuration's `roles`: IAM roles by name, the same documents as the files of
 * `policies/roles/` (how roles reach a Worker, which has no files), and how the two sources meet.
 */
import { type RoleDocument, RoleRegistry, resolveRoles } from "./iam/roles.js";
import { OptionsError } from "./util/validate.js";

export type { RoleDocument };

/**
 * Validates the configuration's `roles` (`{ RoleName: RoleDocument }`) and returns them as given:
 * a resolved configuration stays a valid one. An error names the field
 * (`roles.Reader.AssumeRolePolicyDocument.Statement[0].Principal: ...`).
 *
 * @example
 * ```ts
 * configRoles({ Reader: { AssumeRolePolicyDocument: trust, Policies: { read } } }); // as given
 * ```
 */
export function configRoles(value: unknown): Readonly<Record<string, RoleDocument>> {
  if (value === undefined) return {};
  resolveRoles(value, "roles");
  return value as Record<string, RoleDocument>;
}

// Each configuration's documents are parsed once more, into the registry, and kept.
const registries = new WeakMap<object, RoleRegistry>();

/** The configuration's `roles` (validated by {@link configRoles}) as a registry. */
export function roleRegistry(roles: Readonly<Record<string, RoleDocument>>): RoleRegistry {
  let registry = registries.get(roles);
  if (registry === undefined) {
    registry = resolveRoles(roles, "roles");
    registries.set(roles, registry);
  }
  return registry;
}

/**
 * The roles of several sources as one registry (on Node, the configuration's `roles` and the
 * files of `policies/roles/`). A role defined in two (or two names that differ only by case) is
 * an error naming both: which of the two applies would otherwise be a matter of order.
 *
 * @throws {OptionsError} at `{first source's name}.{RoleName}`.
 * @example
 * ```ts
 * mergeRoles([
 *   { source: "roles", roles: roleRegistry(config.roles) },
 *   { source: "policies/roles", roles: loadRoleFiles("policies/roles") },
 * ]);
 * ```
 */
export function mergeRoles(sources: readonly { source: string; roles: RoleRegistry }[]): RoleRegistry {
  // IAM: role names "are not distinguished by case".
  const seen = new Map<string, { source: string; name: string }>();
  const all = [];
  for (const { source, roles } of sources) {
    for (const name of roles.names) {
      const other = seen.get(name.toLowerCase());
      if (other !== undefined)
        throw new OptionsError(
          `${other.source}.${other.name}`,
          `role ${name} is also defined in ${source}${other.name === name ? "" : " (role names are not distinguished by case)"}: define it once`,
        );
      seen.set(name.toLowerCase(), { source, name });
      all.push(roles.named(name)!);
    }
  }
  return new RoleRegistry(all);
}
