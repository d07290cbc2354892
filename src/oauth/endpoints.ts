/**
 * The dispatch table of the hosted UI and the authorization server: one file per endpoint, each
 * at its path on the pool's domain (index.ts mounts each twice: under the issuer and by host).
 */
import type { EndpointRoute } from "./hosted.js";
import { userInfo } from "./endpoints/userinfo.js";
import { stylesheet } from "./endpoints/stylesheet.js";

/** Every endpoint, by path. */
export const ENDPOINTS: readonly EndpointRoute[] = [
  { methods: ["GET", "POST", "OPTIONS"], path: "/oauth2/userInfo", handler: userInfo },
  { methods: ["GET"], path: "/assets/cognate.css", handler: stylesheet },
];
