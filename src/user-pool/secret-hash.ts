import { digests } from "#crypto";
import { bytesToBase64, timingSafeEqual } from "../util/encoding.js";

const encoder = new TextEncoder();

/**
 * `SECRET_HASH` = base64(HMAC-SHA256(key = client secret, message = username + client id)), which
 * a client with a secret must send with its username-bearing calls.
 */
export async function secretHash(username: string, clientId: string, clientSecret: string): Promise<string> {
  return bytesToBase64(
    await digests.hmacSha256(encoder.encode(clientSecret), encoder.encode(username + clientId)),
  );
}

/**
 * Does `given` prove knowledge of the client secret for `username`? Compared in constant time.
 * Cognito accepts the hash computed over the username as the client sent it, or over the internal
 * username (USER_ID_FOR_SRP) in later steps; pass each candidate.
 */
export async function secretHashMatches(
  given: string,
  usernames: readonly string[],
  clientId: string,
  clientSecret: string,
): Promise<boolean> {
  let matched = false;
  for (const username of usernames) {
    matched ||= timingSafeEqual(
      encoder.encode(await secretHash(username, clientId, clientSecret)),
      encoder.encode(given),
    );
  }
  return matched;
}
