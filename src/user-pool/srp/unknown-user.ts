/**
 * The simulated SRP step for a user that does not exist, when PreventUserExistenceErrors is
 * ENABLED (docs §2): the challenge must look like a real one, and look the same every time for
 * the same (pool, username), so repeating InitiateAuth reveals nothing.
 */
import { N, SALT_BYTES } from "./constants.js";
import { bytesToHex, utf8 } from "./encoding.js";
import { hmacSha256 } from "./hash.js";
import type { SrpVerifier } from "./verifier.js";

/** What to answer for a username that does not exist. */
export interface SimulatedSrpUser extends SrpVerifier {
  /** A UUID (v4 layout) to send as USER_ID_FOR_SRP. */
  userIdForSrp: string;
}

/** 3072-bit N plus 64 extra bits, so that reducing mod N leaves no visible bias. */
const VERIFIER_BYTES = 384 + 8;

function uuidFrom(bytes: Uint8Array): string {
  const b = bytes.slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = bytesToHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Length-prefixing keeps ("ab", "c") and ("a", "bc") apart.
const keyOf = (secret: Uint8Array, poolId: string, name: string) =>
  hmacSha256(secret, utf8(`${poolId.length}:${poolId}${name}`));

/**
 * A salt and USER_ID_FOR_SRP for a username that does not exist, derived from a server secret
 * so they are stable per (poolId, username) and unpredictable to clients, and a verifier to
 * answer with. Feed `verifier` to `startServerSession` as for a real user: a fake verifier drawn
 * directly (no exponentiation) keeps the cost, and so the timing, of both paths the same. The
 * PASSWORD_VERIFIER that follows must then fail with "Incorrect username or password.".
 *
 * When the caller answers with a USER_ID_FOR_SRP other than the UUID (the name itself, in a
 * pool of usernames), it takes the salt and verifier of that id, {@link simulatedVerifier}:
 * typing the answer back then gives the same salt, as it does for a real user.
 *
 * @param secret a per-deployment secret of at least 32 bytes.
 * @param username as the caller normalises it (lower-cased where the pool is case-insensitive).
 */
export async function simulatedSrpUser(
  secret: Uint8Array,
  poolId: string,
  username: string,
): Promise<SimulatedSrpUser> {
  const key = await keyOf(secret, poolId, username);
  const userIdForSrp = uuidFrom(await hmacSha256(key, utf8("user-id")));
  return { userIdForSrp, ...(await simulatedVerifier(secret, poolId, userIdForSrp)) };
}

/**
 * The salt and verifier of a simulated USER_ID_FOR_SRP. The salt is stable per (poolId, id), as
 * a real user's is; the verifier is drawn afresh: it never shows (SRP_B hides it under `g^b`,
 * fresh each time, as for a real user), and drawing it costs less than deriving it, which keeps
 * the simulated answer as quick as a real one (about 30 µs on Node).
 */
export async function simulatedVerifier(
  secret: Uint8Array,
  poolId: string,
  userIdForSrp: string,
): Promise<SrpVerifier> {
  const key = await keyOf(secret, poolId, `\u0000id:${userIdForSrp}`);
  const salt = (await hmacSha256(key, utf8("salt"))).slice(0, SALT_BYTES);
  const material = crypto.getRandomValues(new Uint8Array(VERIFIER_BYTES));
  const verifier = (BigInt(`0x${bytesToHex(material)}`) % (N - 2n)) + 2n;
  return { salt: bytesToHex(salt), verifier };
}
