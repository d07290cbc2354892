import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SignatureCrypto } from "../../runtime/crypto.js";
import { signatureCrypto } from "../../runtime/crypto.node.js";
import { JwtError } from "./errors.js";
import { RemoteJwks } from "./jwks.js";
import { oidcProfile } from "./oidc.js";
import { TokenVerifier } from "./verifier.js";

const ISSUER = "https://idp.example.com";
const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;
const START = 1_700_000_000; // seconds

let privateKey: CryptoKey;
let jwks: { keys: object[] };
beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
});

let clock: number; // milliseconds
let fetches: number;
let cacheControl: string | undefined;
let verifies: number;

/** The real node signature port, counting signature verifications. */
const counting: SignatureCrypto = {
  importKey: (jwk, alg) => signatureCrypto.importKey(jwk, alg),
  verify(key, signature, data) {
    verifies++;
    return signatureCrypto.verify(key, signature, data);
  },
  sha256: (text) => signatureCrypto.sha256(text),
  base64url: (text) => signatureCrypto.base64url(text),
  ascii: (text) => signatureCrypto.ascii(text),
};

/** The issuer's JWKS endpoint, over HTTP Request/Response. */
const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  fetches++;
  if (request.url !== JWKS_URI) return new Response("not found", { status: 404 });
  return Response.json(jwks, { headers: cacheControl ? { "cache-control": cacheControl } : {} });
};

beforeEach(() => {
  clock = START * 1000;
  fetches = 0;
  verifies = 0;
  cacheControl = undefined;
});

function verifier(options: { cacheMax?: number; leeway?: number } = {}): TokenVerifier {
  const now = () => clock;
  const keys = new RemoteJwks(JWKS_URI, {
    crypto: counting,
    now,
    fetch,
    timeoutMs: 1000,
    maxBytes: 65_536,
    defaultTtlMs: 600_000,
    minTtlMs: 60_000,
    maxTtlMs: 86_400_000,
    failureBackoffMs: 2000,
    cooldownMs: 30_000,
  });
  const profile = oidcProfile(
    { type: "oidc", issuer: ISSUER, audience: "api", jwksUri: JWKS_URI },
    "issuers[0]",
    () => keys,
  );
  return new TokenVerifier({
    profiles: [profile],
    crypto: counting,
    now,
    leeway: options.leeway ?? 0,
    maxTokenLength: 8192,
    cacheMax: options.cacheMax ?? 100,
  });
}

function sign(claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ iss: ISSUER, aud: "api", sub: "alice", iat: START, exp: START + 3600, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1", typ: "at+jwt" })
    .sign(privateKey);
}

async function refusal(promise: Promise<unknown>): Promise<JwtError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtError);
  return error as JwtError;
}

describe("TokenVerifier", () => {
  it("verifies a token's signature once, then serves it from the cache", async () => {
    const v = verifier();
    const token = await sign();
    const first = await v.verify(token);
    expect(first).toMatchObject({ sub: "alice", issuer: ISSUER, tokenUse: "access", clientId: "api" });
    expect(verifies).toBe(1);
    expect(fetches).toBe(1);
    const second = await v.verify(token);
    expect(second).toBe(first);
    expect(verifies).toBe(1);
    // A different token is verified on its own.
    await v.verify(await sign({ jti: "other" }));
    expect(verifies).toBe(2);
    expect(fetches).toBe(1);
  });

  it("freezes a cached principal, claims included, so no request can change another's", async () => {
    const v = verifier();
    const token = await sign({ groups: ["a"], address: { country: "NZ" } });
    const principal = await v.verify(token);
    expect(v.cached(token)).toBe(principal);
    expect(
      Object.isFrozen(principal) &&
        Object.isFrozen(principal.claims) &&
        Object.isFrozen(principal.claims.address),
    ).toBe(true);
    expect(() => (principal.groups as string[]).push("admins")).toThrow(TypeError);
    expect(v.cached(await sign({ jti: "never-verified" }))).toBeUndefined();
  });

  it("verifies every time when cacheMax is 0", async () => {
    const v = verifier({ cacheMax: 0 });
    const token = await sign();
    for (let i = 0; i < 3; i++) expect((await v.verify(token)).sub).toBe("alice");
    expect(verifies).toBe(3);
    expect(fetches).toBe(1);
  });

  it("never caches a refusal: a bad signature is checked, and refused, every time", async () => {
    const v = verifier();
    const token = await sign();
    const [h, p, s] = token.split(".") as [string, string, string];
    const forged = `${h}.${p}.${s.startsWith("A") ? "B" : "A"}${s.slice(1)}`;
    for (let i = 1; i <= 2; i++) {
      expect((await refusal(v.verify(forged))).code).toBe("ERR_JWS_SIGNATURE_INVALID");
      expect(verifies).toBe(i);
    }
    await v.verify(token);
    expect(verifies).toBe(3);
  });

  it("refuses a token longer than maxTokenLength before hashing or verifying it", async () => {
    const v = verifier();
    expect((await refusal(v.verify("a".repeat(8193)))).code).toBe("ERR_JWT_TOO_LARGE");
    expect(verifies).toBe(0);
    expect(fetches).toBe(0);
  });

  it("expires the cached entry at exp + leeway when that comes first", async () => {
    const v = verifier({ leeway: 5 });
    const token = await sign({ exp: START + 100 });
    await v.verify(token);
    clock = (START + 105) * 1000 - 1;
    expect((await v.verify(token)).sub).toBe("alice");
    expect(verifies).toBe(1);
    clock = (START + 105) * 1000;
    expect((await refusal(v.verify(token))).code).toBe("ERR_JWT_EXPIRED");
    expect(verifies).toBe(2);
  });

  it("expires the cached entry when the key set's TTL runs out first", async () => {
    cacheControl = "max-age=120";
    const v = verifier({ leeway: 60 });
    const token = await sign({ exp: START + 3600 });
    await v.verify(token);
    clock = START * 1000 + 120_000 - 1;
    await v.verify(token);
    expect(verifies).toBe(1);
    expect(fetches).toBe(1);
    clock = START * 1000 + 120_000;
    expect((await v.verify(token)).sub).toBe("alice");
    expect(verifies).toBe(2);
    expect(fetches).toBe(2);
  });

  it("stops serving a cached token once its key is gone from the refetched set", async () => {
    cacheControl = "max-age=120";
    const v = verifier();
    const token = await sign();
    await v.verify(token);
    const published = jwks;
    jwks = { keys: [] };
    try {
      clock = START * 1000 + 120_000;
      expect((await refusal(v.verify(token))).code).toBe("ERR_JWKS_NO_MATCHING_KEY");
      expect(verifies).toBe(1);
    } finally {
      jwks = published;
    }
  });
});
