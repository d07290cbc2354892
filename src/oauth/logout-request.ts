/**
 * Where `/logout` sends the browser, decided from its parameters (the browser session is ended in
 * every case, by the endpoint). Three forms:
 *
 * - Cognito's `client_id` + `logout_uri`: the logout URI must be exactly one of the client's
 *   LogoutURLs (case and trailing slash count), else the error page; never a redirect to an
 *   unregistered URI (RFC 9700 section 4.11.2).
 * - Cognito's `client_id` + `redirect_uri` + `response_type` (+ `state`, `scope`): on to `/login`
 *   with those, which validates them as an authorization request.
 * - OIDC RP-Initiated Logout 1.0: `id_token_hint` (an ID token of this pool; expired is fine)
 *   and/or `client_id`, `post_logout_redirect_uri` (one of that client's LogoutURLs) and `state`;
 *   without a post-logout URI, the signed-out page.
 */
import type { ClientRecord } from "../storage/index.js";
import { withParams } from "./errors.js";
import type { Hosted } from "./hosted.js";
import { verifyIdTokenHint } from "./id-token-hint.js";

/** What `/logout` answers. */
export type LogoutOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "signed-out"; clientId?: string }
  | { kind: "error"; error: string; description: string };

const CLIENT_ID = /^[\w+]{1,128}$/;
// An ID token with many groups is a few kilobytes; nothing else comes near.
const MAX_VALUE = 16 * 1024;

/** The Cognito parameters carried on to `/login` by the `redirect_uri` form. */
const TO_LOGIN = ["client_id", "redirect_uri", "response_type", "state", "scope"] as const;

const fail = (error: string, description: string): LogoutOutcome => ({ kind: "error", error, description });

function logoutUrls(client: ClientRecord): readonly string[] {
  const urls = client.config.LogoutURLs;
  return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === "string") : [];
}

/**
 * The outcome of a logout request with these parameters.
 *
 * @example
 * ```ts
 * await logoutOutcome(hosted, new URLSearchParams("client_id=abc&logout_uri=https://app/bye"));
 * // { kind: "redirect", location: "https://app/bye" } when https://app/bye is a LogoutURL of abc
 * ```
 */
export async function logoutOutcome(hosted: Hosted, params: URLSearchParams): Promise<LogoutOutcome> {
  for (const [, value] of params)
    if (value.length > MAX_VALUE) return fail("invalid_request", "A parameter is too long.");
  const one = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 && values[0] !== "" ? values[0] : values.length > 1 ? null : undefined;
  };
  for (const name of [...TO_LOGIN, "logout_uri", "id_token_hint", "post_logout_redirect_uri"])
    if (one(name) === null) return fail("invalid_request", `${name} must be given once.`);

  const hintToken = one("id_token_hint") as string | undefined;
  const postLogout = one("post_logout_redirect_uri") as string | undefined;
  let clientId = one("client_id") as string | undefined;

  if (hintToken !== undefined || postLogout !== undefined) {
    if (hintToken !== undefined) {
      const hint = await verifyIdTokenHint(hosted, hintToken);
      if (hint === undefined)
        return fail("invalid_request", "id_token_hint is not an ID token of this user pool.");
      if (clientId !== undefined && clientId !== hint.clientId)
        return fail("invalid_request", "client_id does not match the audience of id_token_hint.");
      clientId = hint.clientId;
    }
    if (postLogout === undefined) return { kind: "signed-out", ...(clientId !== undefined && { clientId }) };
    if (clientId === undefined)
      return fail("invalid_request", "post_logout_redirect_uri needs id_token_hint or client_id.");
    const client = await clientOf(hosted, clientId);
    if (client === null) return fail("invalid_request", "client_id is not an app client of this user pool.");
    if (!logoutUrls(client).includes(postLogout))
      return fail("redirect_mismatch", "post_logout_redirect_uri is not one of the client's LogoutURLs.");
    return {
      kind: "redirect",
      location: withParams(postLogout, { state: one("state") as string | undefined }),
    };
  }

  if (clientId === undefined) return fail("invalid_request", "client_id is required."); // [?] Cognito's words
  const client = await clientOf(hosted, clientId);
  if (client === null) return fail("invalid_request", "client_id is not an app client of this user pool.");
  const logoutUri = one("logout_uri") as string | undefined;
  if (logoutUri !== undefined) {
    if (!logoutUrls(client).includes(logoutUri))
      return fail("redirect_mismatch", "logout_uri is not one of the client's LogoutURLs.");
    return { kind: "redirect", location: logoutUri };
  }
  if (one("redirect_uri") !== undefined && one("response_type") !== undefined) {
    const carried = new URLSearchParams();
    for (const name of TO_LOGIN) {
      const value = one(name);
      if (typeof value === "string") carried.set(name, value);
    }
    return { kind: "redirect", location: `${hosted.base}/login?${carried}` };
  }
  return fail("invalid_request", "logout_uri, or redirect_uri and response_type, are required."); // [?]
}

async function clientOf(hosted: Hosted, clientId: string): Promise<ClientRecord | null> {
  if (!CLIENT_ID.test(clientId)) return null;
  return (await hosted.ctx.store()).clients.get(hosted.pool.id, clientId);
}
