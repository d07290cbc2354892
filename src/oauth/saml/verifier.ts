/**
 * The SAML verifier as a port: checking a Response or LogoutResponse needs xml-crypto and
 * xml-encryption, which use `node:crypto` (on Workers, `nodejs_compat`). The entry points hand
 * {@link SAML_VERIFIER} in (RuntimeInfo.saml, then HostedUiOptions.saml), so an application that
 * imports only `authorizer` from "cognate" bundles neither library. Without it the SAML endpoints
 * refuse every response.
 */
import type { verifyLogoutResponse } from "./logout-response.js";
import type { verifySamlResponse } from "./response.js";

/** What the SAML endpoints verify with. */
export interface SamlVerifier {
  /** A login Response (saml/response.ts). */
  response: typeof verifySamlResponse;
  /** A LogoutResponse (saml/logout-response.ts). */
  logoutResponse: typeof verifyLogoutResponse;
}
