// The benchmarks' bearer tokens: `count` distinct RS256 access tokens of one Cognito-style issuer,
// as autocannon requests for GET /hello, and the public key that verifies them.
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** `{ issuer, publicJwk, requests }` for `count` users. */
export async function bearerTokens(count) {
  const issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench0001";
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "bench-1", alg: "RS256", use: "sig" };
  const now = Math.floor(Date.now() / 1000);
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({
        sub: `user-${i}`,
        token_use: "access",
        client_id: "bench-client",
        scope: "orders/read",
        username: `user${i}`,
      })
        .setProtectedHeader({ alg: "RS256", kid: "bench-1" })
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey),
    ),
  );
  const requests = tokens.map((t) => ({
    method: "GET",
    path: "/hello",
    headers: { authorization: `Bearer ${t}` },
  }));
  return { issuer, publicJwk, requests };
}
