/**
 * UpdateIdentityProvider: what is given replaces what is stored, whole (ProviderDetails,
 * AttributeMapping, IdpIdentifiers, AcrMapping); what is left out stays. A ProviderDetails
 * without `client_secret` (or Apple's `private_key`, which Describe never shows) keeps the
 * stored one [?], as does a SAML ProviderDetails without MetadataFile and MetadataURL (the
 * metadata is read again either way); Cognito's auto keys are recomputed.
 */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { attributeMapping } from "../../federation/attribute-mapping.js";
import { type ProviderType, providerDetails } from "../../federation/provider-details.js";
import { samlProviderDetails } from "../../federation/saml-idp.js";
import {
  acrMappingOf,
  acrMappingShape,
  attributeMappingShape,
  identifiersOf,
  identityProviderType,
  idpIdentifiers,
  providerDetailsShape,
  providerName,
  providerNotFound,
  refuseTakenIdentifier,
  requireProvider,
} from "../../federation/shapes.js";
import { userPoolId } from "../../pool-shapes.js";
import type { SchemaAttribute } from "../../schema-attributes.js";

/**
 * The operation.
 */
export function updateIdentityProvider(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    ProviderName: providerName(),
    ProviderDetails: providerDetailsShape(false),
    AttributeMapping: attributeMappingShape(),
    IdpIdentifiers: idpIdentifiers(),
    AcrMapping: acrMappingShape(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const provider = await requireProvider(ctx, pool.id, input.ProviderName);
    const type = provider.type as ProviderType;
    const checked =
      input.ProviderDetails === undefined
        ? undefined
        : providerDetails(type, input.ProviderDetails, provider.details, ctx.allowLoopbackHttpIdps);
    const mapping =
      input.AttributeMapping === undefined
        ? provider.attributeMapping
        : attributeMapping(type, input.AttributeMapping, pool.config.Schema as SchemaAttribute[] | undefined);
    const acrMapping =
      input.AcrMapping === undefined ? provider.acrMapping : acrMappingOf(type, input.AcrMapping);
    const identifiers = identifiersOf(input.IdpIdentifiers);
    // A SAML provider's metadata is read again (a MetadataURL fetched) whenever its details change.
    const details =
      checked === undefined
        ? provider.details
        : type === "SAML"
          ? await samlProviderDetails(ctx, pool.id, provider.name, checked)
          : checked;
    const updated = refuseTakenIdentifier(
      await (await ctx.store()).identityProviders.update(
        pool.id,
        provider.name,
        {
          details,
          attributeMapping: mapping,
          ...(acrMapping !== undefined && { acrMapping }),
          ...(identifiers !== undefined && { identifiers }),
        },
        ctx.now(),
      ),
    );
    if (updated === null) throw new ResourceNotFoundException(providerNotFound(input.ProviderName));
    return { IdentityProvider: identityProviderType(updated) };
  });
}
