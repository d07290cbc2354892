/**
 * The dispatch table of the hosted UI and the authorization server: one file per endpoint, each
 * at its path on the pool's domain (index.ts mounts each twice: under the issuer and by host).
 */
import { authorize } from "./endpoints/authorize.js";
import { revoke } from "./endpoints/revoke.js";
import { token } from "./endpoints/token.js";
import type { EndpointRoute } from "./hosted.js";
import { userInfo } from "./endpoints/userinfo.js";

/** Every endpoint, by path. */
export const ENDPOINTS: readonly EndpointRoute[] = [
  { methods: ["GET", "POST"], path: "/oauth2/authorize", handler: authorize },
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/token", handler: token },
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/userInfo", handler: userInfo },
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/revoke", handler: revoke },
];
