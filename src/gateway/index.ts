export { ASSERTION_HEADER, ASSERTION_JWKS_PATH, AssertionSigner } from "./assertion.js";
export { resolveAssertionKey, type AssertionKeyJwk } from "./assertion-key.js";
export { BodyTooLargeError, boundedBody } from "./body-limit.js";
export { clientResponseHeaders, HOP_BY_HOP, upstreamRequestHeaders, withoutHopByHop } from "./headers.js";
export { addIdentity, headerValue, IDENTITY_PREFIX, stripIdentity } from "./identity.js";
export { mountRouteTable, type RouteTableOptions } from "./mount.js";
export { forward, gatewayError, type ForwardOptions } from "./proxy.js";
export { resolveRoutes, type ResolvedRoute, type RouteConfig } from "./routes.js";
export { upstreamUrl } from "./url.js";
export { RouteMatcher } from "./matcher.js";
export { shadowingWarnings } from "./shadowing.js";
export {
  forwardedScheme,
  requestTransport,
  SCHEME_HEADERS,
  type GetScheme,
  type Scheme,
  type Transport,
} from "./transport.js";
