/**
 * UpdateAuthEventFeedback's FeedbackToken: HMAC-SHA256 over the pool, the user's sub and the
 * event id, under a key derived from the master key, in base64url. Nothing is stored: a token
 * proves itself. It reaches the user in the one-click Valid/Invalid links of threat-protection
 * notification emails (not sent yet).
 */
import { base64ToBytes, bytesToBase64Url } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";
import { derivedSecret } from "../../runtime/master-key.js";

const keys = new WeakMap<CryptoKey, Promise<CryptoKey>>();

function feedbackKey(master: CryptoKey): Promise<CryptoKey> {
  let key = keys.get(master);
  if (key === undefined) {
    key = derivedSecret(master, "cognate-fbk1").then((bytes) =>
      crypto.subtle.importKey(
        "raw",
        bytes as Uint8Array<ArrayBuffer>,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"],
      ),
    );
    keys.set(master, key);
  }
  return key;
}

const message = (poolId: string, sub: string, eventId: string) =>
  new TextEncoder().encode(`auth-event-feedback\n${poolId}\n${sub}\n${eventId}`);

/**
 * The feedback token of one event.
 */
export async function feedbackToken(
  ctx: UserPoolContext,
  poolId: string,
  sub: string,
  eventId: string,
): Promise<string> {
  const key = await feedbackKey(await ctx.masterKey());
  return bytesToBase64Url(
    new Uint8Array(await crypto.subtle.sign("HMAC", key, message(poolId, sub, eventId))),
  );
}

/**
 * Whether `token` is the feedback token of that event (compared in constant time by WebCrypto).
 */
export async function isFeedbackToken(
  ctx: UserPoolContext,
  poolId: string,
  sub: string,
  eventId: string,
  token: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const bytes = base64ToBytes(token);
  if (bytes === null) return false;
  const key = await feedbackKey(await ctx.masterKey());
  return crypto.subtle.verify("HMAC", key, bytes, message(poolId, sub, eventId));
}
