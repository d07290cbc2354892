/**
 * Identity providers (federation): one file per operation, exported as one map for the dispatch
 * table in ../../service.ts. What they check is in ../../federation/; app clients list the
 * providers in SupportedIdentityProviders (../../client-oauth.ts).
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { createIdentityProvider } from "./create-identity-provider.js";
import { deleteIdentityProvider } from "./delete-identity-provider.js";
import { describeIdentityProvider } from "./describe-identity-provider.js";
import { getIdentityProviderByIdentifier } from "./get-identity-provider-by-identifier.js";
import { getSigningCertificate } from "./get-signing-certificate.js";
import { listIdentityProviders } from "./list-identity-providers.js";
import { updateIdentityProvider } from "./update-identity-provider.js";

/** The identity-provider operations, by name. */
export function identityProviderOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    CreateIdentityProvider: createIdentityProvider(ctx),
    DescribeIdentityProvider: describeIdentityProvider(ctx),
    UpdateIdentityProvider: updateIdentityProvider(ctx),
    DeleteIdentityProvider: deleteIdentityProvider(ctx),
    ListIdentityProviders: listIdentityProviders(ctx),
    GetIdentityProviderByIdentifier: getIdentityProviderByIdentifier(ctx),
    GetSigningCertificate: getSigningCertificate(ctx),
  } as Record<string, Operation>;
}
