import { CachedDocument, type DocumentOptions } from "./cached-document.js";
import { JwksUnavailableError } from "./errors.js";
import { fetchableUrl, hostKind } from "./fetch.js";

/**
 * OpenID Connect Discovery 1.0: where an issuer keeps its keys. The document must name exactly
 * the configured issuer (§4.3), and its `jwks_uri` must be https (or http on loopback).
 * Returns a function giving the current `jwks_uri`, refetched when the document goes stale.
 */
export function discoverJwksUri(issuer: string, options: DocumentOptions): () => Promise<string> {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const document = new CachedDocument(
    () => url,
    (json) => jwksUriOf(json, issuer, url),
    options,
  );
  return () => document.current();
}

function jwksUriOf(json: unknown, issuer: string, url: string): string {
  const doc = (typeof json === "object" && json !== null ? json : {}) as {
    issuer?: unknown;
    jwks_uri?: unknown;
  };
  if (doc.issuer !== issuer) {
    throw new JwksUnavailableError(url, `${url} names issuer ${JSON.stringify(doc.issuer)}, not ${issuer}`);
  }
  const jwksUri = typeof doc.jwks_uri === "string" ? fetchableUrl(doc.jwks_uri) : null;
  if (jwksUri === null) {
    throw new JwksUnavailableError(url, `${url} has no usable jwks_uri (https, or http on loopback)`);
  }
  // A remote issuer's document must not steer fetches to this machine or the private network
  // (blind SSRF), however the address is spelt; DNS names cannot be resolved portably.
  if (hostKind(jwksUri.hostname) !== "public" && hostKind(new URL(issuer).hostname) === "public") {
    throw new JwksUnavailableError(url, `${url} points jwks_uri at this machine or a private address`);
  }
  return doc.jwks_uri as string;
}
