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

// Exactly three non-empty base64url segments: strict alphabet, so a token has one encoding
// (RFC 8725 §2.6) and an empty signature (`alg: none`, a stripped signature) fails here.
const COMPACT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;
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

  set(segment: string, header: Record<string, unknown>): Record<string, unknown> {
    if (this.#headers.size >= this.max) this.#headers.clear();
    this.#headers.set(segment, Object.freeze(header));
    return header;
  }
}

/** Splits and decodes a compact JWS. Throws `ERR_JWT_MALFORMED` on anything that is not one. */
export function decodeJws(token: string, crypto: SignatureCrypto, headers?: HeaderCache): DecodedJws {
  const parts = COMPACT.exec(token);
  if (parts === null) throw malformed("not a signed JWT in compact form");
  const [, h, p, s] = parts as unknown as [string, string, string, string];
  if (h.length % 4 === 1 || p.length % 4 === 1 || s.length % 4 === 1) throw malformed("invalid base64url");
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
