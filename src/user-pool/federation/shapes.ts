/**
 * Identity providers as their operations share them: the input shapes after the service model
 * (federation.md §1.2), the checks the model cannot write (IdpIdentifiers, AcrMapping), the
 * limits, the words of the errors, and IdentityProviderType as Describe returns it.
 */
import {
  DuplicateProviderException,
  InvalidParameterException,
  list,
  map,
  ResourceNotFoundException,
  string,
} from "../../protocol/json/index.js";
import type { IdentityProviderRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { PROVIDER_TYPES, visibleDetails } from "./provider-details.js";

/** Identity providers a pool may hold (Cognito's default quota). */
export const MAX_PROVIDERS = 300;

/** `ProviderName` on Create (ProviderNameTypeV2): no whitespace, `_` only as the 2nd character. */
export const newProviderName = () =>
  string({
    required: true,
    min: 1,
    max: 32,
    pattern: "[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+",
  });

/** `ProviderName` elsewhere (ProviderNameType). */
export const providerName = () =>
  string({ required: true, min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+" });

/** `ProviderType`. */
export const providerType = () => string({ required: true, enum: PROVIDER_TYPES });

/** `ProviderDetails`: a string map (secrets inside, so never logged). */
export const providerDetailsShape = <const R extends boolean>(required: R) =>
  map(string({ min: 0, max: 131072 }), string({ min: 0, max: 131072, sensitive: true }), {
    required,
    sensitive: true,
  });

/** `AttributeMapping`: pool attribute (1-32) to IdP attribute. */
export const attributeMappingShape = () => map(string({ min: 1, max: 32 }), string({ min: 0, max: 131072 }));

/** `AcrMapping`: `Level1`..`Level4` to the IdP's `acr` value (OIDC only). */
export const acrMappingShape = () => map(string({ min: 1, max: 32 }), string({ min: 0, max: 131072 }));

/** `IdpIdentifier`. */
export const idpIdentifier = () => string({ required: true, min: 1, max: 40, pattern: "[\\w\\s+=.@-]+" });

/** `IdpIdentifiers`: at most 50. */
export const idpIdentifiers = () => list(string({ min: 1, max: 40, pattern: "[\\w\\s+=.@-]+" }), { max: 50 });

/** The words for a provider the pool does not have. [?] words */
export const providerNotFound = (name: string) => `Identity provider ${name} does not exist.`;

/** The words for a name the pool already has. [?] words */
export const providerExists = (name: string) =>
  `A provider with the name ${name} already exists in this user pool.`;

/** The words for an identifier another provider of the pool holds. [?] words */
export const identifierTaken = (identifier: string) =>
  `Identifier ${identifier} is already used by another provider.`;

/**
 * IdpIdentifiers, each once.
 *
 * @throws {InvalidParameterException} for an identifier given twice ([?] words)
 */
export function identifiersOf(given: readonly string[] | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const seen = new Set<string>();
  for (const identifier of given) {
    if (seen.has(identifier)) throw new InvalidParameterException(`Duplicate IdpIdentifier: ${identifier}`); // [?] words
    seen.add(identifier);
  }
  return [...seen];
}

const ACR_LEVELS = new Set(["Level1", "Level2", "Level3", "Level4"]);

/**
 * AcrMapping: OIDC providers only, keys `Level1`..`Level4`.
 *
 * @throws {InvalidParameterException} ([?] words)
 */
export function acrMappingOf(
  type: string,
  given: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (given === undefined) return undefined;
  if (type !== "OIDC")
    throw new InvalidParameterException("AcrMapping is supported for OIDC providers only."); // [?] words
  const bad = Object.keys(given).find((key) => !ACR_LEVELS.has(key));
  if (bad !== undefined) throw new InvalidParameterException(`Invalid AcrMapping key ${bad}.`); // [?] words
  return { ...given };
}

/** Throws DuplicateProviderException when a store write found an identifier taken. */
export function refuseTakenIdentifier<T>(result: T | { identifierTaken: string }): T {
  if (result !== null && typeof result === "object" && "identifierTaken" in result)
    throw new DuplicateProviderException(identifierTaken(result.identifierTaken));
  return result;
}

/** The model's IdentityProviderType; Apple's private key is never shown. */
export function identityProviderType(provider: IdentityProviderRecord): Record<string, unknown> {
  return {
    UserPoolId: provider.poolId,
    ProviderName: provider.name,
    ProviderType: provider.type,
    ProviderDetails: visibleDetails(provider.type, provider.details),
    AttributeMapping: provider.attributeMapping,
    IdpIdentifiers: provider.identifiers,
    ...(provider.acrMapping !== undefined && { AcrMapping: provider.acrMapping }),
    LastModifiedDate: new Date(provider.updatedAt),
    CreationDate: new Date(provider.createdAt),
  };
}

/** The pool's provider of that name, or a thrown ResourceNotFoundException. */
export async function requireProvider(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
): Promise<IdentityProviderRecord> {
  const provider = await (await ctx.store()).identityProviders.get(poolId, name);
  if (provider === null) throw new ResourceNotFoundException(providerNotFound(name));
  return provider;
}
