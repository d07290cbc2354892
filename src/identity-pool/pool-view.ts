/** An identity pool as the API shows it (the IdentityPool structure). */
import type { IdentityPoolRecord } from "../storage/index.js";

/** The IdentityPool structure of CreateIdentityPool, DescribeIdentityPool and UpdateIdentityPool. */
export function identityPoolView(pool: IdentityPoolRecord) {
  return {
    IdentityPoolId: pool.id,
    IdentityPoolName: pool.name,
    AllowUnauthenticatedIdentities: pool.allowUnauthenticated,
    AllowClassicFlow: pool.allowClassicFlow,
    SupportedLoginProviders: pool.supportedLoginProviders,
    DeveloperProviderName: pool.developerProviderName ?? undefined,
    OpenIdConnectProviderARNs: pool.openIdConnectProviderArns,
    CognitoIdentityProviders: pool.cognitoIdentityProviders,
    SamlProviderARNs: pool.samlProviderArns,
    IdentityPoolTags: pool.tags,
  };
}
