const encoder = new TextEncoder();

/**
 * `SECRET_HASH` = base64(HMAC-SHA256(key = client secret, message = username + client id)), which
 * a client with a secret must send with its username-bearing calls.
 *
 * @example
 * ```ts
 * await secretHash("alice", "7g...client id", "1o...client secret");
 * ```
 */
export async function secretHash(username: string, clientId: string, clientSecret: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(clientSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(username + clientId)));
  let binary = "";
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Does `given` prove knowledge of the client secret for `username`? Compared in constant time.
 * Cognito accepts the hash computed over the username as the client sent it, or over the internal
 * username (USER_ID_FOR_SRP) in later steps; pass each candidate.
 */
export async function secretHashMatches(given: string, usernames: readonly string[], clientId: string, clientSecret: string): Promise<boolean> {
  let matched = false;
  for (const username of usernames) {
    const expected = await secretHash(username, clientId, clientSecret);
    let diff = expected.length ^ given.length;
    for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % Math.max(1, given.length));
    matched ||= diff === 0;
  }
  return matched;
}
