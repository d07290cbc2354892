/**
 * How cognate reaches identity providers, as the `federation` configuration section sets it
 * (src/config.ts). Both switches go beyond Cognito, which fixes the social providers' endpoints
 * and refuses any IdP that is not https: they exist for tests and development, and are off by
 * default.
 */
import { hostKind, isLoopback } from "../../authorizer/verify/fetch.js";

/** The outward side of federation. */
export interface FederationOptions {
  /**
   * Origins rewritten before anything is fetched from, or a browser is sent to, an IdP: e.g.
   * `{"https://accounts.google.com": "http://127.0.0.1:4001"}` sends Google's fixed endpoints to a
   * loopback stand-in. The ID token's expected `iss` stays what the provider's details say.
   */
  endpointOrigins: Readonly<Record<string, string>>;
  /** Whether `http://` IdPs on loopback (OIDC `oidc_issuer` `http://127.0.0.1:...`) are allowed. */
  allowLoopbackHttp: boolean;
  /** Abort a call to an IdP after this many milliseconds. Default {@link IDP_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Refuse an IdP response larger than this. Default {@link IDP_MAX_BYTES}. */
  maxBytes?: number;
}

/** Cognito's: endpoints as the provider details say, https only. */
export const NO_FEDERATION_OVERRIDES: FederationOptions = { endpointOrigins: {}, allowLoopbackHttp: false };

/** How long a call to an IdP (token, JWKS, userinfo, discovery) may take. */
export const IDP_TIMEOUT_MS = 10_000;

/** The largest IdP response read (a token response, a JWKS, a profile). */
export const IDP_MAX_BYTES = 256 * 1024;

/**
 * The URL cognate uses for an IdP endpoint: rewritten by `endpointOrigins`, then https on port 443
 * or 80, or http(s) on loopback when `allowLoopbackHttp` is on (or the rewrite's own target says
 * so); `null` for anything else (another scheme or port, credentials in the URL, plain http
 * elsewhere, a literal address that is not public: loopback unless `allowLoopbackHttp`, private
 * ranges always).
 *
 * @example
 * ```ts
 * idpUrl({ endpointOrigins: { "https://accounts.google.com": "http://127.0.0.1:4001" }, allowLoopbackHttp: false },
 *   "https://accounts.google.com/o/oauth2/v2/auth"); // URL http://127.0.0.1:4001/o/oauth2/v2/auth
 * ```
 */
export function idpUrl(options: FederationOptions | undefined, url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== "" || parsed.password !== "") return null;
  parsed.hash = "";
  const mapped = options?.endpointOrigins[parsed.origin];
  if (mapped !== undefined) {
    // The path is set on the target, never resolved against it: resolved, a path beginning `//`
    // or `/\` is a protocol-relative reference that would replace the rewrite's host.
    const target = new URL(mapped);
    const origin = target.origin;
    target.pathname = parsed.pathname;
    target.search = parsed.search;
    if (target.origin !== origin) return null;
    return target.protocol === "https:" || target.protocol === "http:" ? target : null;
  }
  // Literal addresses off the public internet are refused (SSRF): loopback ones only under
  // `allowLoopbackHttp`, private ones never. DNS names pass, being unresolvable here.
  const kind = hostKind(parsed.hostname);
  const loopbackAllowed = options?.allowLoopbackHttp === true && kind === "loopback";
  if (kind !== "public" && !loopbackAllowed) return null;
  // [doc] https on TCP 443 or 80 only (CreateIdentityProvider's rule, here for what discovery names
  // too); loopback under the switch on any port.
  if (parsed.protocol === "https:")
    return loopbackAllowed || ["", "443", "80"].includes(parsed.port) ? parsed : null;
  return parsed.protocol === "http:" && loopbackAllowed && isLoopback(parsed.hostname) ? parsed : null;
}

/** Whether `url`'s origin is one `endpointOrigins` rewrites (the operator's own choice). */
export function mappedOrigin(options: FederationOptions | undefined, url: string): boolean {
  try {
    return options?.endpointOrigins[new URL(url).origin] !== undefined;
  } catch {
    return false;
  }
}
