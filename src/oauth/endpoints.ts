/**
 * The dispatch table of the hosted UI and the authorization server: one file per endpoint, each
 * at its path on the pool's domain (index.ts mounts each twice: under the issuer and by host).
 */
import { authorize } from "./endpoints/authorize.js";
import { revoke } from "./endpoints/revoke.js";
import { token } from "./endpoints/token.js";
import type { EndpointRoute } from "./hosted.js";
import { login } from "./endpoints/login.js";
import { userInfo } from "./endpoints/userinfo.js";
import { brandingAsset } from "./endpoints/branding-asset.js";
import { stylesheet } from "./endpoints/stylesheet.js";
import { clientLogoEndpoint } from "./endpoints/client-logo.js";
import { clientStylesheetEndpoint } from "./endpoints/client-stylesheet.js";
import { confirm } from "./endpoints/confirm.js";
import { customizationLogo } from "./endpoints/customization-logo.js";
import { confirmForgotPassword } from "./endpoints/confirm-forgot-password.js";
import { error } from "./endpoints/error.js";
import { forgotPassword } from "./endpoints/forgot-password.js";
import { logout } from "./endpoints/logout.js";
import { resendCode } from "./endpoints/resend-code.js";
import { signup } from "./endpoints/signup.js";
import { idpResponse } from "./endpoints/idp-response.js";
import { samlMetadata } from "./saml/metadata-endpoint.js";
import { samlResponse } from "./endpoints/saml-response.js";
import { samlLogout } from "./endpoints/saml-logout.js";

/** Every endpoint, by path. */
export const ENDPOINTS: readonly EndpointRoute[] = [
  { methods: ["GET", "POST"], path: "/oauth2/authorize", handler: authorize },
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/token", handler: token },
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/userInfo", handler: userInfo },
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/revoke", handler: revoke },
  { methods: ["GET"], path: "/assets/cognate.css", handler: stylesheet },
  { methods: ["GET", "POST"], path: "/login", handler: login },
  // Federation: where OIDC and social IdPs send the browser back (POST: Apple's form_post).
  { methods: ["GET", "POST"], path: "/oauth2/idpresponse", handler: idpResponse },
  // The account pages, logout, the error page and the client's styles (F2).
  { methods: ["GET", "POST"], path: "/signup", handler: signup },
  { methods: ["GET", "POST"], path: "/confirm", handler: confirm },
  { methods: ["GET", "POST"], path: "/resendcode", handler: resendCode },
  { methods: ["GET", "POST"], path: "/forgotPassword", handler: forgotPassword },
  { methods: ["GET", "POST"], path: "/confirmforgotPassword", handler: confirmForgotPassword },
  { methods: ["GET", "POST"], path: "/logout", handler: logout },
  { methods: ["GET"], path: "/error", handler: error },
  { methods: ["GET"], path: "/assets/style.css", handler: clientStylesheetEndpoint },
  { methods: ["GET"], path: "/assets/logo", handler: clientLogoEndpoint },
  { methods: ["GET"], path: "/assets/:clientId/:version/logo", handler: customizationLogo },
  { methods: ["GET"], path: "/assets/branding/:brandingId/:version/:asset", handler: brandingAsset },
  // SAML (federation): the pool's SP metadata, beyond Cognito.
  { methods: ["GET"], path: "/saml2/metadata", handler: samlMetadata },
  { methods: ["POST"], path: "/saml2/idpresponse", handler: samlResponse },
  { methods: ["POST"], path: "/saml2/logout", handler: samlLogout },
];
