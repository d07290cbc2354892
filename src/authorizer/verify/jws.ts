import type { SignatureCrypto } from "../../runtime/crypto.js";
import { JwtError } from "./errors.js";

/** A compact JWS split and decoded, not yet verified. */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The ASCII bytes `BASE64URL(header) "." BASE64URL(payload)` the signature covers. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

// Exactly three non-empty base64url segments: strict alphabet, so an empty signature (`alg:
// none`, a stripped signature) fails here.
const COMPACT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Canonical unpadded base64url (RFC 4648 §3.5): no length of 1 mod 4, and the unused low bits
 * of the last character zero. Decoders ignore those bits, so without this one signature would
 * have up to 16 spellings, each a different token to caches and deny-lists (RFC 8725 §2.6).
 */
function canonical(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = ALPHABET.indexOf(segment[segment.length - 1]!);
  return (last & (rest === 2 ? 0b1111 : 0b11)) === 0;
}
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decoded headers by their base64url text. One issuer's tokens share a handful of headers, so
 * this saves a decode per token; bounded, and emptied when full.
 */
export class HeaderCache {
  readonly #headers = new Map<string, Record<string, unknown>>();
  constructor(private readonly max = 64) {}

  get(segment: string): Record<string, unknown> | undefined {
    return this.#headers.get(segment);
  }

  set(segment: string, header: Record<string, unknown>): void {
    if (this.#headers.size >= this.max) this.#headers.clear();
    this.#headers.set(segment, Object.freeze(header));
  }
}

/** Splits and decodes a compact JWS. Throws `ERR_JWT_MALFORMED` on anything that is not one. */
export function decodeJws(token: string, crypto: SignatureCrypto, headers?: HeaderCache): DecodedJws {
  const parts = COMPACT.exec(token);
  if (parts === null) throw malformed("not a signed JWT in compact form");
  const [, h, p, s] = parts as unknown as [string, string, string, string];
  if (!canonical(h) || !canonical(p) || !canonical(s)) throw malformed("invalid base64url");
  let header = headers?.get(h);
  if (header === undefined) {
    header = json(h, crypto, "header");
    headers?.set(h, header);
  }
  const payload = json(p, crypto, "payload");
  return {
    header,
    payload,
    signingInput: crypto.ascii(token.slice(0, h.length + 1 + p.length)),
    signature: crypto.base64url(s),
  };
}

function json(segment: string, crypto: SignatureCrypto, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(crypto.base64url(segment)));
  } catch (cause) {
    throw malformed(`${what} is not UTF-8 JSON`, cause);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformed(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function malformed(message: string, cause?: unknown): JwtError {
  return new JwtError("ERR_JWT_MALFORMED", `malformed token: ${message}`, { cause });
}
