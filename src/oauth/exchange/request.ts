/**
 * The parameters of a token-exchange request (RFC 8693 section 2.1), read and checked before any
 * token is looked at: the subject token and its type, the optional actor token and its type, the
 * target (`audience` or `resource`), `scope` and `requested_token_type`. cognate exchanges its
 * pools' access tokens for access tokens, one resource server per token.
 */
import { tokenError } from "../errors.js";

/** `grant_type` of a token exchange (RFC 8693 section 2.1). */
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

/** The token type of an OAuth access token (RFC 8693 section 3), the only one cognate takes and issues. */
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

/** Far above any access token of a pool (one with many groups is a few KB). */
const MAX_TOKEN_LENGTH = 16 * 1024;

/** What a token-exchange request asks for, checked. */
export interface ExchangeRequest {
  subjectToken: string;
  /** Absent: impersonation (RFC 8693 section 1.1); present: delegation, and the new token gets `act`. */
  actorToken?: string;
  /** The resource server the new token is for: the `audience`, or the `resource` URI, as given. */
  target: string;
  /** The scopes asked for; absent when `scope` is absent or blank (then: every scope that may be kept). */
  scopes?: string[];
}

/**
 * The request's parameters, or the error that refuses them:
 *
 * - `subject_token`, `subject_token_type` missing; a token type other than
 *   `urn:ietf:params:oauth:token-type:access_token`; `actor_token` without `actor_token_type` or
 *   the reverse (section 2.1: "MUST NOT be included otherwise"); a `requested_token_type` other
 *   than an access token: `invalid_request` (section 2.2.2);
 * - neither `audience` nor `resource`, a `resource` that is not an absolute URI without a
 *   fragment (RFC 8707 section 2), or the two naming different targets: `invalid_target`.
 *
 * Each parameter appears at most once: the token endpoint refuses repeats before any grant runs,
 * so a request for several targets is `invalid_request`.
 *
 * @example
 * ```ts
 * const request = exchangeRequest(form);
 * if (request instanceof Response) return request;
 * ```
 */
export function exchangeRequest(form: URLSearchParams): ExchangeRequest | Response {
  const subjectToken = form.get("subject_token") ?? "";
  if (subjectToken === "") return tokenError("invalid_request", "subject_token is required");
  const subjectType = form.get("subject_token_type") ?? "";
  if (subjectType === "") return tokenError("invalid_request", "subject_token_type is required");
  if (subjectType !== ACCESS_TOKEN_TYPE)
    return tokenError("invalid_request", `subject_token_type is not supported: use ${ACCESS_TOKEN_TYPE}`);
  if (subjectToken.length > MAX_TOKEN_LENGTH)
    return tokenError("invalid_request", "subject_token is not a valid access token");

  const actorToken = form.get("actor_token") ?? "";
  const actorType = form.get("actor_token_type") ?? "";
  if (actorToken === "" && actorType !== "")
    return tokenError("invalid_request", "actor_token_type is given without actor_token");
  if (actorToken !== "" && actorType === "")
    return tokenError("invalid_request", "actor_token_type is required with actor_token");
  if (actorToken !== "" && actorType !== ACCESS_TOKEN_TYPE)
    return tokenError("invalid_request", `actor_token_type is not supported: use ${ACCESS_TOKEN_TYPE}`);
  if (actorToken.length > MAX_TOKEN_LENGTH)
    return tokenError("invalid_request", "actor_token is not a valid access token");

  const requested = form.get("requested_token_type");
  if (requested !== null && requested !== ACCESS_TOKEN_TYPE)
    return tokenError("invalid_request", `requested_token_type is not supported: use ${ACCESS_TOKEN_TYPE}`);

  const target = targetOf(form.get("audience"), form.get("resource"));
  if (target instanceof Response) return target;
  const scopes = (form.get("scope") ?? "").split(" ").filter((s) => s !== "");
  return {
    subjectToken,
    ...(actorToken === "" ? {} : { actorToken }),
    target,
    ...(scopes.length === 0 ? {} : { scopes: [...new Set(scopes)] }),
  };
}

/** The one resource server `audience` and `resource` name, or `invalid_target`. */
function targetOf(audience: string | null, resource: string | null): string | Response {
  if ((audience ?? "") === "" && (resource ?? "") === "")
    return tokenError(
      "invalid_target",
      "audience or resource is required: the identifier of the resource server the token is for",
    );
  if (resource !== null && resource !== "" && !absoluteUri(resource))
    return tokenError("invalid_target", "resource must be an absolute URI without a fragment");
  if (audience !== null && audience !== "" && resource !== null && resource !== "" && audience !== resource)
    return tokenError("invalid_target", "audience and resource name different targets: a token is for one");
  return audience !== null && audience !== "" ? audience : resource!;
}

/** RFC 8707 section 2: "MUST be an absolute URI ... MUST NOT include a fragment component". */
function absoluteUri(value: string): boolean {
  if (value.length > 2048 || value.includes("#")) return false;
  // A scheme (RFC 3986 section 3.1) and no whitespace; the URL parser decides the rest.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
