/**
 * CreateIdentityProvider: a social, OIDC or SAML provider of the pool, its ProviderDetails checked
 * and completed per type (SAML: its metadata read, ../../federation/saml-idp.ts), its
 * AttributeMapping and IdpIdentifiers.
 */
import {
  defineOperation,
  DuplicateProviderException,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
  structure,
} from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { attributeMapping } from "../../federation/attribute-mapping.js";
import { checkProviderName, providerDetails } from "../../federation/provider-details.js";
import { samlProviderDetails } from "../../federation/saml-idp.js";
import {
  acrMappingOf,
  acrMappingShape,
  attributeMappingShape,
  identifiersOf,
  identityProviderType,
  idpIdentifiers,
  MAX_PROVIDERS,
  newProviderName,
  providerDetailsShape,
  providerExists,
  providerType,
  refuseTakenIdentifier,
} from "../../federation/shapes.js";
import { NAMED } from "../../messages.js";
import { userPoolId } from "../../pool-shapes.js";
import type { SchemaAttribute } from "../../schema-attributes.js";

/**
 * The operation.
 */
export function createIdentityProvider(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    ProviderName: newProviderName(),
    ProviderType: providerType(),
    ProviderDetails: providerDetailsShape(true),
    AttributeMapping: attributeMappingShape(),
    IdpIdentifiers: idpIdentifiers(),
    AcrMapping: acrMappingShape(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const type = input.ProviderType;
    // The pool's own directory keeps its name. [?] words
    if (input.ProviderName.toUpperCase() === "COGNITO")
      throw new InvalidParameterException(`Provider name ${input.ProviderName} is reserved.`);
    checkProviderName(input.ProviderName, type);
    const checked = providerDetails(type, input.ProviderDetails, undefined, ctx.allowLoopbackHttpIdps);
    const mapping = attributeMapping(
      type,
      input.AttributeMapping ?? {},
      pool.config.Schema as SchemaAttribute[] | undefined,
    );
    const identifiers = identifiersOf(input.IdpIdentifiers) ?? [];
    const acrMapping = acrMappingOf(type, input.AcrMapping);
    const store = await ctx.store();
    // The metadata is read (a MetadataURL fetched) last, once everything else is known good.
    const details =
      type === "SAML" ? await samlProviderDetails(ctx, pool.id, input.ProviderName, checked) : checked;
    const created = refuseTakenIdentifier(
      await store.identityProviders.create(
        {
          poolId: pool.id,
          name: input.ProviderName,
          type,
          details,
          attributeMapping: mapping,
          ...(acrMapping !== undefined && { acrMapping }),
          identifiers,
        },
        ctx.now(),
        MAX_PROVIDERS,
      ),
    );
    if (created === "exists") throw new DuplicateProviderException(providerExists(input.ProviderName));
    if (created === "limit")
      throw new LimitExceededException(
        `The user pool has reached its limit of ${MAX_PROVIDERS} identity providers.`, // [?] words
      );
    if (created === "no-pool") throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
    return { IdentityProvider: identityProviderType(created) };
  });
}
