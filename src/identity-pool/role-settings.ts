/**
 * SetIdentityPoolRoles' input checked beyond the model's shapes: role ARNs that name IAM roles,
 * and role mappings as complete as AWS requires them ("If you specify Token or Rules as the Type,
 * AmbiguousRoleResolution is required"; Rules need their RulesConfiguration, "up to 25 rules").
 */
import { parseRoleArn, type RoleMapping } from "../iam/index.js";
import { InvalidParameterException } from "../protocol/json/index.js";
import { NAMED } from "./messages.js";

/** Rules a provider's mapping may hold (the model's documentation; its shape says 400). */
export const MAX_RULES = 25;

/**
 * The roles and mappings, checked.
 *
 * @throws {InvalidParameterException} naming the role ARN or the provider at fault.
 */
export function roleSettings(
  roles: Record<string, string>,
  mappings: Record<string, RoleMapping> = {},
): { roles: Record<string, string>; roleMappings: Record<string, RoleMapping> } {
  const checkArn = (arn: string) => {
    if (parseRoleArn(arn) === undefined) throw new InvalidParameterException(NAMED.invalidRoleArn(arn));
  };
  Object.values(roles).forEach(checkArn);
  for (const [provider, mapping] of Object.entries(mappings)) {
    if (mapping.AmbiguousRoleResolution === undefined)
      throw new InvalidParameterException(NAMED.roleMappingNeedsResolution(provider));
    if (mapping.Type === "Rules") {
      const rules = mapping.RulesConfiguration?.Rules;
      if (rules === undefined) throw new InvalidParameterException(NAMED.roleMappingNeedsRules(provider));
      if (rules.length > MAX_RULES)
        throw new InvalidParameterException(NAMED.roleMappingTooManyRules(provider));
      for (const rule of rules) checkArn(rule.RoleARN);
    }
  }
  return { roles, roleMappings: mappings };
}
