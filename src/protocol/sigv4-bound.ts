/**
 * The headers that decide what a signed request does must be covered by its signature: a
 * signature over a request without them would be good for any value an attacker sets.
 */
import type { QueryParam } from "./sigv4-canonical.js";
import { failure, MESSAGES, type SigV4Failure } from "./sigv4-errors.js";

/**
 * The headers a signature must cover when a request carries them, lower case, with the spelling
 * errors name them by: `X-Amz-Target` picks the operation of an AWS JSON service, `Content-Type`
 * how its body is read.
 */
export const BOUND_HEADERS: ReadonlyMap<string, string> = new Map([
  ["content-type", "Content-Type"],
  ["x-amz-target", "X-Amz-Target"],
]);

/**
 * The values of query parameter `name` (any case: smithy's presigner hoists `x-amz-*` headers into
 * the query under the spelling they were given).
 *
 * @example
 * ```ts
 * queryValues(parseQuery("?x-amz-target=S.Op&X-Amz-Date=..."), "x-amz-target"); // ["S.Op"]
 * ```
 */
export function queryValues(params: readonly QueryParam[], name: string): string[] {
  return params.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value ?? "");
}

/**
 * Checks that each of {@link BOUND_HEADERS} the request sends is covered by the signature: named in
 * `SignedHeaders`, or repeating exactly the one value the signed query gives it (the presigned
 * form, where the signer moved the header into the query). A header sent but not covered is
 * refused as AWS refuses an unsigned Host, `InvalidSignatureException`. A header not sent needs
 * nothing: whoever reads the value from the query reads a signed one.
 *
 * @example
 * ```ts
 * checkBoundHeaders(["content-type", "host"], request.headers, parseQuery(url.search)); // undefined when covered
 * ```
 */
export function checkBoundHeaders(
  signedHeaders: readonly string[],
  headers: Headers,
  params: readonly QueryParam[],
): SigV4Failure | undefined {
  for (const [name, spelling] of BOUND_HEADERS) {
    if (signedHeaders.includes(name)) continue;
    const sent = headers.get(name);
    if (sent === null) continue;
    // The query is always signed (both forms): a header equal to its only value adds nothing.
    const signed = queryValues(params, name);
    if (signed.length === 1 && signed[0] === sent) continue;
    return failure("InvalidSignatureException", MESSAGES.mustBeSigned(spelling));
  }
  return undefined;
}
