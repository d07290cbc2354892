/**
 * The SAML HTTP-Redirect binding (SAML 2.0 Bindings §3.4) for the messages cognate sends: the XML
 * DEFLATE-compressed (raw, RFC 1951), base64, URL-encoded as `SAMLRequest`, with `RelayState`;
 * signed, the query also carries `SigAlg` and `Signature`, an RSA-SHA256 signature over exactly
 * `SAMLRequest=…&RelayState=…&SigAlg=…` as sent (§3.4.4.1), with the pool's key.
 */
import { bytesToBase64 } from "../../util/encoding.js";

/** The `SigAlg` of `rsa-sha256`, Cognito's only RequestSigningAlgorithm. */
export const RSA_SHA256_SIG_ALG = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

/** DEFLATE (raw) through the Web Compression Streams API, on Node and in workerd alike. */
export async function deflateRaw(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The inverse of {@link deflateRaw}, with a bound on what is inflated. */
export async function inflateRaw(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<string> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`inflates to more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(out);
}

/**
 * The URL that sends `xml` to `endpoint` by the Redirect binding, signed with `signingKey` (an
 * RSASSA-PKCS1-v1_5 SHA-256 private key) when one is given. An endpoint's own query is kept.
 *
 * @example
 * ```ts
 * const url = await redirectBindingUrl("https://idp.example/sso", "SAMLRequest", xml, relayState, key);
 * return redirect(url);
 * ```
 */
export async function redirectBindingUrl(
  endpoint: string,
  parameter: "SAMLRequest" | "SAMLResponse",
  xml: string,
  relayState: string | undefined,
  signingKey?: CryptoKey,
): Promise<string> {
  let query = `${parameter}=${encodeURIComponent(bytesToBase64(await deflateRaw(xml)))}`;
  if (relayState !== undefined) query += `&RelayState=${encodeURIComponent(relayState)}`;
  if (signingKey !== undefined) {
    query += `&SigAlg=${encodeURIComponent(RSA_SHA256_SIG_ALG)}`;
    const signature = await crypto.subtle.sign(
      "RSASSA-PKCS1-v1_5",
      signingKey,
      new TextEncoder().encode(query),
    );
    query += `&Signature=${encodeURIComponent(bytesToBase64(new Uint8Array(signature)))}`;
  }
  const joiner = !endpoint.includes("?") ? "?" : endpoint.endsWith("?") || endpoint.endsWith("&") ? "" : "&";
  return `${endpoint}${joiner}${query}`;
}
