/**
 * Cognito's SRP-6a group: the RFC 3526 / RFC 5054 3072-bit MODP prime with g = 2, and Cognito's
 * own multiplier k (see docs/cognito-user-pools.md §2, "Constants").
 */

/** The 3072-bit safe prime N, exactly as amazon-cognito-identity-js and Amplify spell it. */
export const N = BigInt(
  "0x" +
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/** The generator. */
export const g = 2n;

/**
 * The multiplier `k = SHA256(bytes(padHex(N) + padHex(g)))`, i.e. SHA-256 of `0x00‖N‖0x02`.
 * Not RFC 5054's `H(N | PAD(g))`: Cognito pads g to one byte only. Kept as a literal so that
 * `startServerSession` stays synchronous; `constants.test.ts` recomputes it.
 */
export const k = 0x538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6n;

/** Bytes of random `b` per server session: 256 bits, the floor docs §2 sets and RFC 3526's estimate for this group. */
export const SERVER_SECRET_BYTES = 32;

/** Bytes of random salt per stored verifier (docs §2, "Storing the verifier"). */
export const SALT_BYTES = 16;

/** Bytes of the derived key K: the first half of one HKDF-SHA256 block. */
export const DERIVED_KEY_BYTES = 16;

/** The HKDF info string both sides feed into the one expand block. */
export const HKDF_INFO = "Caldera Derived Key";
