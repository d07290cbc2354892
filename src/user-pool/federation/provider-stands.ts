/**
 * Whether the identity provider a sign-in was made through still stands for an app client: the
 * one rule the OAuth grants, the browser session and the API's refresh share.
 */
import type { ClientRecord, IdentityProviderRecord } from "../../storage/index.js";

/**
 * Whether the client lists this provider (`COGNITO`, or an identity provider's name) among its
 * SupportedIdentityProviders, as the client is now.
 */
export function supportsProvider(client: ClientRecord, provider: string): boolean {
  const providers = client.config.SupportedIdentityProviders;
  return Array.isArray(providers) && providers.includes(provider);
}

/**
 * Whether the provider a sign-in was made through still stands: the client lists it now and, an
 * identity provider, it still exists in the pool. Codes, refresh tokens and browser sessions of a
 * deleted provider end with it (its name may stay in SupportedIdentityProviders).
 */
export async function providerStands(
  store: { identityProviders: { get(poolId: string, name: string): Promise<IdentityProviderRecord | null> } },
  poolId: string,
  client: ClientRecord,
  provider: string | null | undefined,
): Promise<boolean> {
  const name = provider ?? "COGNITO";
  if (!supportsProvider(client, name)) return false;
  return name === "COGNITO" || (await store.identityProviders.get(poolId, name)) !== null;
}
