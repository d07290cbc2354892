import type { IamCaller } from "../authorizer/iam/caller.js";
import type { Principal } from "../authorizer/principal.js";

/** Every header the gateway vouches for starts with this; a client's own are removed. */
export const IDENTITY_PREFIX = "x-cognate-";

// `x_cognate_sub` too: CGI, WSGI and Rack upstreams map `-` and `_` alike (HTTP_X_COGNATE_SUB).
const SPOOFABLE = /^x[-_]cognate[-_]/i;

/**
 * Removes every `x-cognate-*` header (and its `x_cognate_*` spellings), so an upstream can trust
 * those it receives: only the gateway sets them, after verifying the caller.
 *
 * @example
 * ```ts
 * const headers = new Headers({ "X-Cognate-Sub": "admin", accept: "text/plain" });
 * stripIdentity(headers); // Headers { accept: "text/plain" }
 * ```
 */
export function stripIdentity(headers: Headers): void {
  // Collect first: deleting while iterating a Headers skips entries.
  const names = [...headers.keys()].filter((name) => SPOOFABLE.test(name));
  for (const name of names) headers.delete(name);
}

/**
 * Adds the verified caller: `x-cognate-sub`, `x-cognate-username` (when the token has one),
 * `x-cognate-groups` (comma-separated) and `x-cognate-scopes` (space-separated).
 *
 * Each value (each group, each scope) is sent as is when it is printable ASCII; `%`, the list's
 * separator and anything else (non-ASCII, controls) are percent-encoded as UTF-8, so a header is
 * always valid and a group named `a,b` is not read as two. Decode each item with
 * `decodeURIComponent`; the signed assertion carries the exact values.
 *
 * @example
 * ```ts
 * addIdentity(headers, c.var.principal);
 * headers.get("x-cognate-groups"); // "admins,staff"
 * ```
 */
export function addIdentity(headers: Headers, principal: Principal): void {
  headers.set(`${IDENTITY_PREFIX}sub`, headerValue(principal.sub, ""));
  if (principal.username !== undefined)
    headers.set(`${IDENTITY_PREFIX}username`, headerValue(principal.username, ""));
  headers.set(`${IDENTITY_PREFIX}groups`, principal.groups.map((g) => headerValue(g, ",")).join(","));
  headers.set(`${IDENTITY_PREFIX}scopes`, principal.scopes.map((s) => headerValue(s, " ")).join(" "));
}

/**
 * Adds the caller of a SigV4 request signed with temporary credentials, named after what API
 * Gateway's IAM authorization puts in `$context.identity`:
 *
 * | header | API Gateway | value |
 * |---|---|---|
 * | `x-cognate-identity-id` | `cognitoIdentityId` | the Cognito identity (absent for another web identity) |
 * | `x-cognate-identity-pool-id` | `cognitoIdentityPoolId` | its identity pool |
 * | `x-cognate-authentication-type` | `cognitoAuthenticationType` | `authenticated` or `unauthenticated` |
 * | `x-cognate-authentication-provider` | `cognitoAuthenticationProvider` | the `amr`'s provider entries, joined by `,` |
 * | `x-cognate-caller` | `caller` | `{roleId}:{roleSessionName}` |
 * | `x-cognate-user-arn` | `userArn` | `arn:aws:sts::000000000000:assumed-role/{RoleName}/{roleSessionName}` |
 *
 * Values are encoded as {@link addIdentity}'s (a provider entry with a `,` in it is `%2C`).
 *
 * @example
 * ```ts
 * addIamIdentity(headers, c.var.principal.iam!);
 * headers.get("x-cognate-authentication-type"); // "authenticated"
 * ```
 */
export function addIamIdentity(headers: Headers, caller: IamCaller): void {
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) headers.set(`${IDENTITY_PREFIX}${name}`, headerValue(value, ""));
  };
  set("identity-id", caller.identityId);
  set("identity-pool-id", caller.identityPoolId);
  set("authentication-type", caller.authenticationType);
  if (caller.authenticationProviders.length > 0)
    headers.set(
      `${IDENTITY_PREFIX}authentication-provider`,
      caller.authenticationProviders.map((p) => headerValue(p, ",")).join(","),
    );
  set("caller", caller.caller);
  set("user-arn", caller.userArn);
}

/**
 * `value` with `%`, `separator` and every character outside printable ASCII percent-encoded.
 *
 * @example
 * ```ts
 * headerValue("ventes,Europe", ","); // "ventes%2CEurope"
 * headerValue("zoë", ""); // "zo%C3%AB"
 * ```
 */
export function headerValue(value: string, separator: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    const plain = code > 0x20 && code < 0x7f && char !== "%" && char !== separator;
    out += plain ? char : encodeUtf8(char);
  }
  return out;
}

const utf8 = new TextEncoder();

function encodeUtf8(char: string): string {
  let out = "";
  for (const byte of utf8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  return out;
}
