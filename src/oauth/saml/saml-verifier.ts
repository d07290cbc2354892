/**
 * The SAML verifier the entry points hand in (verifier.ts): xml-crypto and xml-encryption behind
 * saml/response.ts and saml/logout-response.ts.
 */
import { verifyLogoutResponse } from "./logout-response.js";
import { verifySamlResponse } from "./response.js";
import type { SamlVerifier } from "./verifier.js";

/** The verifier of a Node server and of the Worker (with `nodejs_compat`). */
export const SAML_VERIFIER: SamlVerifier = {
  response: verifySamlResponse,
  logoutResponse: verifyLogoutResponse,
};
