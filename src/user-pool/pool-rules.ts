/** Cross-member rules of a pool's settings that CreateUserPool and UpdateUserPool both apply. */
import { InvalidParameterException } from "../protocol/json/index.js";

/**
 * AttributesRequireVerificationBeforeUpdate may list only attributes the pool auto-verifies: a
 * value waiting for verification needs a code sent to it.
 *
 * @throws {InvalidParameterException} in Cognito's words.
 * @example
 * ```ts
 * checkAttributeUpdateSettings({ AutoVerifiedAttributes: [], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] } }); // throws
 * ```
 */
export function checkAttributeUpdateSettings(input: {
  AutoVerifiedAttributes?: readonly string[];
  UserAttributeUpdateSettings?: { AttributesRequireVerificationBeforeUpdate?: readonly string[] };
}): void {
  const auto = input.AutoVerifiedAttributes ?? [];
  const listed = input.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  if (listed.some((name) => !auto.includes(name))) {
    throw new InvalidParameterException(
      "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes",
    );
  }
}
