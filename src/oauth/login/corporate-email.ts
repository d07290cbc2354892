/**
 * The sign-in page's corporate e-mail box (federation.md §1.5): shown when every SAML provider of
 * the client has IdpIdentifiers, it takes the user's address, looks its domain (then the whole
 * address) up among the pool's IdpIdentifiers as GetIdentityProviderByIdentifier does (exactly as
 * stored; the domain also lower-cased [?]), and sends the browser on to `/oauth2/authorize` with
 * that `idp_identifier`, where the SAML sign-in starts.
 *
 * What it tells: an address whose domain names one of the client's SAML providers goes on to that
 * provider, which Cognito's page must do too; every other case (no such identifier, an identifier
 * of another client's or a non-SAML provider, an address that cannot be one) gets the same page
 * again with the same words, so the box says nothing of the pool beyond Cognito's own. Nothing of
 * users is looked up. The form carries the page's CSRF token like its other forms (login/post.ts
 * checks it first), though the step it takes is no more than a link to `/oauth2/authorize?idp_identifier=`.
 */
import type { Context } from "hono";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { type AuthorizationRequest, supportsProvider } from "../authorize-request.js";
import type { Hosted } from "../hosted.js";
import { en } from "../pages/messages/en.js";
import { renderLogin } from "./view.js";

/** IdpIdentifiers' own shape (the model's): anything else cannot name one. */
const IDENTIFIER = /^[\w\s+=.@-]{1,40}$/;

/** The longest address read (RFC 5321's path limit). */
const MAX_EMAIL = 256;

/**
 * The identifiers an address may be known by, in the order they are tried: its domain as typed,
 * lower-cased, then the whole address.
 *
 * @example
 * ```ts
 * identifierCandidates("Ada@Corp.Example"); // ["Corp.Example", "corp.example", "Ada@Corp.Example"]
 * ```
 */
export function identifierCandidates(email: string): string[] {
  const at = email.lastIndexOf("@");
  const domain = at > 0 ? email.slice(at + 1) : "";
  return [...new Set([domain, domain.toLowerCase(), email])].filter((c) => c !== "" && IDENTIFIER.test(c));
}

/**
 * The provider and identifier an address leads to for this client: a SAML provider of its
 * SupportedIdentityProviders, or `null`.
 */
export async function providerForEmail(
  hosted: Hosted,
  request: AuthorizationRequest,
  email: string,
): Promise<{ provider: IdentityProviderRecord; identifier: string } | null> {
  if (email.length > MAX_EMAIL) return null;
  const store = await hosted.ctx.store();
  for (const identifier of identifierCandidates(email)) {
    const provider = await store.identityProviders.byIdentifier(hosted.pool.id, identifier);
    if (provider !== null && provider.type === "SAML" && supportsProvider(request.client, provider.name))
      return { provider, identifier };
  }
  return null;
}

/**
 * The POST of the e-mail box (its CSRF token already checked): 303 to `/oauth2/authorize` with the
 * request and `idp_identifier`, or the page again saying no provider was found.
 */
export async function corporateEmail(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  form: URLSearchParams,
): Promise<Response> {
  const email = (form.get("email") ?? "").trim();
  if (email === "")
    return renderLogin(
      c,
      hosted,
      request,
      { page: "sign-in" },
      { fields: { email: en.enterCorporateEmail } },
      400,
    );
  const found = await providerForEmail(hosted, request, email);
  if (found === null)
    return renderLogin(
      c,
      hosted,
      request,
      { page: "sign-in", email: email.slice(0, MAX_EMAIL) },
      { fields: { email: en.noIdpForEmail } }, // [?] words
      400,
    );
  const query = new URLSearchParams(request.query);
  query.delete("identity_provider");
  query.set("idp_identifier", found.identifier);
  return new Response(null, {
    status: 303,
    headers: { Location: `${hosted.base}/oauth2/authorize?${query}`, "Cache-Control": "no-store" },
  });
}
