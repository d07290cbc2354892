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
 * Does `given` prove knowledge of one of the client's secrets for `username`? Every candidate is
 * computed and compared in constant time (no early exit). Cognito accepts the hash computed over
 * the username as the client sent it, or over the internal username (USER_ID_FOR_SRP) in later
 * steps; pass each candidate. During a rotation a client has two secrets, and either one works.
 */
export async function secretHashMatches(
  given: string,
  usernames: readonly string[],
  clientId: string,
  clientSecrets: string | readonly string[],
): Promise<boolean> {
  let matched = false;
  const wanted = encoder.encode(given);
  for (const clientSecret of typeof clientSecrets === "string" ? [clientSecrets] : clientSecrets) {
    for (const username of usernames) {
      const match = timingSafeEqual(
        encoder.encode(await secretHash(username, clientId, clientSecret)),
        wanted,
      );
      matched = match || matched;
    }
  }
  return matched;
}
