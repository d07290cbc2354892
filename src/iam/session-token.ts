/**
 * Session tokens: a session's claims sealed under the master key, so that temporary credentials
 * need no storage and a verifier holding the key needs no database read. The token is
 * `s1.{accessKeyId}.{sealed}`: the access key id in the clear (the sealed box's context,
 * `iam-session:{accessKeyId}`, is built from it before opening, and binds the token to that key:
 * a token moved to another access key id fails to open), then the AES-GCM box of the claims' JSON.
 */
import { LRUCache } from "lru-cache";
import { signatureCrypto } from "#crypto";
import { open, seal } from "../runtime/sealed.js";
import type { SessionClaims } from "./session.js";

const PREFIX = "s1";
const ACCESS_KEY_ID = /^ASIA[A-Z2-7]{16}$/;
// `s1.` + access key id + `.` + `v1.<iv>.<ciphertext>`, all base64url after the prefix.
const TOKEN = /^s1\.(ASIA[A-Z2-7]{16})\.(v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+)$/;

/**
 * The longest session token cognate issues or opens. Node's HTTP server refuses request heads
 * over 16 KiB, and the token travels in `X-Amz-Security-Token`; a typical Cognito session's token
 * is about 1.2 KB, one with a 2048-character session policy about 3.8 KB.
 */
export const MAX_SESSION_TOKEN_LENGTH = 8192;

/** The claims would make a token longer than {@link MAX_SESSION_TOKEN_LENGTH} (STS: PackedPolicyTooLarge). */
export class SessionTooLargeError extends RangeError {
  override readonly name = "SessionTooLargeError";
}

const contextOf = (accessKeyId: string) => `iam-session:${accessKeyId}`;

/**
 * Seals a session's claims into its session token.
 *
 * @throws {SessionTooLargeError} when the token would exceed {@link MAX_SESSION_TOKEN_LENGTH}.
 */
export async function sealSession(masterKey: CryptoKey, claims: SessionClaims): Promise<string> {
  if (!ACCESS_KEY_ID.test(claims.accessKeyId)) throw new RangeError("not a temporary access key id");
  const sealed = await seal(masterKey, contextOf(claims.accessKeyId), JSON.stringify(claims));
  const token = `${PREFIX}.${claims.accessKeyId}.${sealed}`;
  if (token.length > MAX_SESSION_TOKEN_LENGTH)
    throw new SessionTooLargeError(
      `the session token would be ${token.length} characters, over ${MAX_SESSION_TOKEN_LENGTH}`,
    );
  return token;
}

/** The access key id a session token is for, read without opening it; `undefined` if not a token of ours. */
export function sessionTokenAccessKeyId(token: string): string | undefined {
  if (token.length > MAX_SESSION_TOKEN_LENGTH) return undefined;
  return TOKEN.exec(token)?.[1];
}

/**
 * Opens a session token: its claims, or `undefined` when it is not one cognate sealed under this
 * master key for the access key id it names (another key, tampered, another format or version,
 * not a token at all). Never throws. An expired session opens too: its `expiresAt` says so, and
 * the caller answers ExpiredToken rather than an invalid token.
 */
export async function openSession(masterKey: CryptoKey, token: string): Promise<SessionClaims | undefined> {
  if (typeof token !== "string" || token.length > MAX_SESSION_TOKEN_LENGTH) return undefined;
  const match = TOKEN.exec(token);
  if (match === null) return undefined;
  const accessKeyId = match[1]!;
  if (!canonicalBase64Url(match[2]!.slice(match[2]!.lastIndexOf(".") + 1))) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(await open(masterKey, contextOf(accessKeyId), match[2]!));
  } catch {
    return undefined;
  }
  return isClaims(claims, accessKeyId) ? claims : undefined;
}

// Base64 decoders ignore the unused low bits of the last character: without this, a token would
// have variants that open to the same session (each a cache entry of its own). One spelling each.
function canonicalBase64Url(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  const value =
    last >= 97 ? last - 71 : last >= 65 ? last - 65 : last >= 48 ? last + 4 : last === 45 ? 62 : 63;
  const unused = text.length % 4 === 2 ? 0b1111 : text.length % 4 === 3 ? 0b11 : 0;
  return (value & unused) === 0;
}

// What sealed under our key is ours; this guards against a future format read by an older build.
function isClaims(value: unknown, accessKeyId: string): value is SessionClaims {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    c.v === 1 &&
    c.accessKeyId === accessKeyId &&
    typeof c.secretKey === "string" &&
    typeof c.roleArn === "string" &&
    typeof c.roleSessionName === "string" &&
    Array.isArray(c.amr) &&
    typeof c.principalTags === "object" &&
    c.principalTags !== null &&
    Number.isFinite(c.issuedAt) &&
    Number.isFinite(c.expiresAt)
  );
}

// Shared between requests: no caller may change what the next one reads.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** How many opened session tokens a {@link SessionTokenCache} keeps by default. */
export const DEFAULT_SESSION_CACHE_SIZE = 10_000;

/**
 * Opened session tokens, so that a client signing request after request with the same
 * credentials costs one lookup: keyed by the SHA-256 of the token (never the token), at most
 * `max` of them, the least recently used dropped first. An entry is never returned at or after
 * its session's expiry; what fails to open is not kept (it is reopened, and fails, each time).
 *
 * @example
 * ```ts
 * const sessions = new SessionTokenCache(masterKey);
 * const claims = await sessions.open(request.headers.get("x-amz-security-token") ?? "", Date.now());
 * if (claims === undefined) return unrecognizedClient();
 * if (claims.expiresAt <= now) return expiredToken();
 * ```
 */
export class SessionTokenCache {
  readonly #masterKey: CryptoKey;
  readonly #lru: LRUCache<string, SessionClaims>;

  constructor(masterKey: CryptoKey, max = DEFAULT_SESSION_CACHE_SIZE) {
    this.#masterKey = masterKey;
    this.#lru = new LRUCache({ max });
  }

  /** {@link openSession}, remembered until the session expires. The same claims object each time. */
  async open(token: string, now: number): Promise<SessionClaims | undefined> {
    if (typeof token !== "string" || token.length > MAX_SESSION_TOKEN_LENGTH) return undefined;
    const digest = await signatureCrypto.sha256(token);
    const cached = this.#lru.get(digest);
    if (cached !== undefined) {
      if (now < cached.expiresAt) return cached;
      this.#lru.delete(digest);
    }
    const claims = await openSession(this.#masterKey, token);
    if (claims !== undefined && now < claims.expiresAt) this.#lru.set(digest, deepFreeze(claims));
    return claims;
  }

  get size(): number {
    return this.#lru.size;
  }
}
