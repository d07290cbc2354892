/**
 * Client authentication at the token endpoint (RFC 6749 section 2.3): `client_secret_basic`
 * (the `Authorization: Basic` header, whose id and secret are form-encoded first, section
 * 2.3.1), `client_secret_post` (`client_id` and `client_secret` in the body), or a public client
 * naming itself by `client_id`. One method per request; secrets compared in constant time.
 */
import type { Context } from "hono";
import type { ClientRecord } from "../storage/index.js";
import { clientSecretMatches } from "../user-pool/app-client.js";
import { base64ToBytes } from "../util/encoding.js";
import { tokenError } from "./errors.js";
import type { Hosted } from "./hosted.js";

const CLIENT_ID = /^[\w+]{1,128}$/;

// RFC 6749 section 2.3.1: the id and the secret are form-encoded before Basic's base64.
const formDecoded = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replace(/\+/g, "%20"));
  } catch {
    return undefined;
  }
};

/** The id and secret of an `Authorization: Basic` header; `null` without one, `undefined` if malformed. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null | undefined {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (match === null) return /^Basic\b/i.test(header) ? undefined : null;
  const bytes = base64ToBytes(match[1]!);
  if (bytes === null) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  const id = formDecoded(text.slice(0, colon));
  const secret = formDecoded(text.slice(colon + 1));
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

/**
 * The authenticated client of a token-endpoint request, or the error response: `invalid_request`
 * for two methods at once or a `client_id` that contradicts the header; `invalid_client` (401
 * with `WWW-Authenticate: Basic` when Basic was used) for an unknown client, a wrong or missing
 * secret, or a secret sent for a public client.
 *
 * @example
 * ```ts
 * const client = await authenticateClient(c, hosted, form);
 * if (client instanceof Response) return client;
 * ```
 */
export async function authenticateClient(
  c: Context,
  hosted: Hosted,
  form: URLSearchParams,
): Promise<ClientRecord | Response> {
  const basic = basicCredentials(c.req.header("authorization"));
  const unauthorized = (description: string) =>
    basic === null
      ? tokenError("invalid_client", description)
      : tokenError("invalid_client", description, 401, { "WWW-Authenticate": 'Basic realm="cognito"' });
  if (basic === undefined) return unauthorized("The Authorization header is malformed");

  const formId = form.get("client_id") ?? undefined;
  const formSecret = form.get("client_secret") ?? undefined;
  if (basic !== null && formSecret !== undefined)
    return tokenError("invalid_request", "Use one client authentication method, not both");
  if (basic !== null && formId !== undefined && formId !== basic.id)
    return tokenError("invalid_request", "client_id does not match the Authorization header");

  const id = basic?.id ?? formId;
  const secret = basic?.secret ?? formSecret;
  if (id === undefined || id === "") return unauthorized("client_id is required");
  const client = CLIENT_ID.test(id) ? await (await hosted.ctx.store()).clients.find(id) : null;
  if (client === null || client.poolId !== hosted.pool.id)
    return unauthorized("Client authentication failed");
  if (client.secret === null) {
    if (secret !== undefined && secret !== "") return unauthorized("Client authentication failed");
    return client;
  }
  if (secret === undefined || !clientSecretMatches(client, secret))
    return unauthorized("Client authentication failed");
  return client;
}
