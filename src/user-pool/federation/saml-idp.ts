/**
 * A SAML identity provider as Create/UpdateIdentityProvider store it and as sign-in reads it:
 * its metadata read (MetadataFile, or MetadataURL fetched within bounds), Cognito's auto keys
 * filled from it (SSORedirectBindingURI, SLORedirectBindingURI, and ActiveEncryptionCertificate
 * when EncryptedResponses is on), and the metadata kept for sign-in, re-read from a MetadataURL
 * every 6 hours ([doc]: "about every 6 h").
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { IdentityProviderRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { providerEncryptionCertificate } from "./saml-certificates.js";
import {
  fetchIdpMetadata,
  type IdpMetadata,
  type MetadataFetch,
  parseIdpMetadata,
  SamlMetadataError,
} from "./saml-metadata.js";

/** How long metadata read from a MetadataURL is kept before it is fetched again. */
export const METADATA_TTL_MS = 6 * 60 * 60 * 1000;
/** How soon a MetadataURL that failed is tried again, the metadata read before serving meanwhile. */
export const RETRY_MS = 60 * 1000;
/** How many providers' metadata is kept in memory. */
export const METADATA_CACHE_SIZE = 256;

/** The metadata document of `details`: the MetadataFile, or what the MetadataURL serves. */
async function metadataText(details: Record<string, string>, fetching: MetadataFetch): Promise<string> {
  if (details.MetadataFile !== undefined) return details.MetadataFile;
  if (details.MetadataURL !== undefined) return fetchIdpMetadata(details.MetadataURL, fetching);
  throw new SamlMetadataError("At least one of the MetadataURL or MetadataFile should be provided.");
}

/**
 * A SAML provider's ProviderDetails completed: `details` (checked by providerDetails) with the
 * auto keys of its metadata, which must read (./saml-metadata.ts). EncryptedResponses makes the
 * provider's encryption key pair on first need.
 *
 * @throws {InvalidParameterException} for metadata that cannot be fetched or used
 * @example
 * ```ts
 * const stored = await samlProviderDetails(ctx, pool.id, "Okta", providerDetails("SAML", input.ProviderDetails));
 * stored.SSORedirectBindingURI; // from the metadata
 * ```
 */
export async function samlProviderDetails(
  ctx: UserPoolContext,
  poolId: string,
  providerName: string,
  details: Record<string, string>,
  fetching: Pick<MetadataFetch, "fetch" | "timeoutMs"> = {},
): Promise<Record<string, string>> {
  const allowLoopbackHttp = ctx.allowLoopbackHttpIdps === true;
  let metadata: IdpMetadata;
  try {
    metadata = parseIdpMetadata(
      await metadataText(details, { ...fetching, allowLoopbackHttp }),
      ctx.now(),
      allowLoopbackHttp,
    );
  } catch (error) {
    if (error instanceof SamlMetadataError) throw new InvalidParameterException(error.message);
    throw error;
  }
  const out: Record<string, string> = { ...details, SSORedirectBindingURI: metadata.sso.redirect! };
  if (metadata.slo.redirect !== undefined) out.SLORedirectBindingURI = metadata.slo.redirect;
  if (details.EncryptedResponses === "true")
    out.ActiveEncryptionCertificate = await providerEncryptionCertificate(ctx, poolId, providerName);
  return out;
}

interface Cached {
  version: string;
  metadata: IdpMetadata;
  readAt: number;
}

const cache = new Map<string, Cached>();

/**
 * A SAML provider's metadata for sign-in: parsed from its MetadataFile, or fetched from its
 * MetadataURL and kept for {@link METADATA_TTL_MS}; an edit of the provider reads it anew. When a
 * refetch fails, the metadata read before keeps serving, and the URL is tried again after
 * {@link RETRY_MS} [?].
 *
 * @throws {SamlMetadataError} when there is no usable metadata
 * @example
 * ```ts
 * const idp = await idpMetadataOf(ctx, provider);
 * idp.signingCertificates; // the keys a response may be signed with
 * ```
 */
export async function idpMetadataOf(
  ctx: UserPoolContext,
  provider: IdentityProviderRecord,
  fetching: Pick<MetadataFetch, "fetch" | "timeoutMs"> = {},
): Promise<IdpMetadata> {
  const key = `${provider.poolId}\n${provider.name}`;
  const version = `${provider.updatedAt}\n${provider.details.MetadataURL ?? ""}\n${provider.details.MetadataFile?.length ?? -1}`;
  const now = ctx.now();
  const kept = cache.get(key);
  const fresh =
    kept !== undefined &&
    kept.version === version &&
    (provider.details.MetadataURL === undefined || now - kept.readAt < METADATA_TTL_MS);
  if (fresh) return kept.metadata;
  const allowLoopbackHttp = ctx.allowLoopbackHttpIdps === true;
  let metadata: IdpMetadata;
  try {
    metadata = parseIdpMetadata(
      await metadataText(provider.details, { ...fetching, allowLoopbackHttp }),
      now,
      allowLoopbackHttp,
    );
  } catch (error) {
    if (kept === undefined || kept.version !== version) throw error;
    // Tried again a minute later, not on every sign-in meanwhile.
    kept.readAt = now - METADATA_TTL_MS + RETRY_MS;
    return kept.metadata;
  }
  cache.delete(key);
  if (cache.size >= METADATA_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, { version, metadata, readAt: now });
  return metadata;
}
