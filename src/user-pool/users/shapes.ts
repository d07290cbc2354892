/** Input shapes the user operations share, after the service model. */
import { list, map, string, structure } from "../../protocol/json/index.js";

/**
 * `Username` (UsernameType): 1-128 characters, sensitive.
 */
export const username = () =>
  string({ required: true, min: 1, max: 128, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+", sensitive: true });

/**
 * `Password` (PasswordType): at most 256 characters without whitespace, sensitive.
 */
export const password = <const R extends boolean>(options: { required?: R } = {}) =>
  string({ required: options.required as R, min: 6, max: 256, pattern: "[\\S]+", sensitive: true });

/** An attribute name (AttributeNameType). */
export const attributeName = () =>
  string({ required: true, min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" });

/**
 * `UserAttributes` (AttributeListType): `[{ Name, Value }]`.
 */
export const attributeList = <const R extends boolean>(options: { required?: R } = {}) =>
  list(structure({ Name: attributeName(), Value: string({ max: 2048, sensitive: true }) }), {
    required: options.required as R,
  });

/** The members of a `[{ Name, Value }]` list as a record (a later duplicate wins). */
export function attributeRecord(
  list: readonly { Name: string; Value?: string }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { Name, Value } of list ?? []) out[Name] = Value ?? "";
  return out;
}

/** `ClientMetadata` (ClientMetadataType): accepted, and passed to no trigger yet. */
export const clientMetadata = () => map(string({ min: 1, max: 131072 }), string({ max: 131072 }));
