import { CompactSign, exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { JwsAlgorithm, PublicJwk, SignatureCrypto } from "./crypto.js";
import { digests as nodeDigests, modPow as nodeModPow, signatureCrypto as node } from "./crypto.node.js";
import { digests as webDigests, modPow as webModPow, signatureCrypto as web } from "./crypto.web.js";
import { N } from "../user-pool/srp/constants.js";

const PORTS: [string, SignatureCrypto][] = [
  ["node", node],
  ["web", web],
];
const ALGS = ["RS256", "PS256", "ES256", "EdDSA"] as const;

interface Signed {
  jwk: PublicJwk;
  data: Uint8Array;
  signature: Uint8Array;
}

/** A JWS made by jose: its public JWK, signing input and signature bytes. */
async function signed(alg: string): Promise<Signed> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jws = await new CompactSign(new TextEncoder().encode('{"sub":"alice"}'))
    .setProtectedHeader({ alg })
    .sign(privateKey);
  const [h, p, s] = jws.split(".") as [string, string, string];
  return {
    jwk: (await exportJWK(publicKey)) as PublicJwk,
    data: new TextEncoder().encode(`${h}.${p}`),
    signature: new Uint8Array(Buffer.from(s, "base64url")),
  };
}

const jwks = {} as Record<(typeof ALGS)[number] | "ES384", Signed>;
let weakRsa: PublicJwk;
beforeAll(async () => {
  for (const alg of [...ALGS, "ES384"] as const) jwks[alg] = await signed(alg);
  const weak = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  weakRsa = (await crypto.subtle.exportKey("jwk", weak.publicKey)) as PublicJwk;
});

async function verifies(
  port: SignatureCrypto,
  alg: JwsAlgorithm,
  s: Signed,
  signature = s.signature,
): Promise<boolean> {
  const key = await port.importKey(s.jwk, alg);
  return port.verify(key, signature, s.data);
}

describe.each(PORTS)("signature port: %s", (_, port) => {
  describe.each(ALGS)("%s", (alg) => {
    it("verifies a jose-signed JWS", async () => {
      const key = await port.importKey(jwks[alg].jwk, alg);
      expect(key.alg).toBe(alg);
      expect(await port.verify(key, jwks[alg].signature, jwks[alg].data)).toBe(true);
    });

    it("returns false, without throwing, for a flipped signature byte or flipped data", async () => {
      const s = jwks[alg];
      for (const at of [0, s.signature.length >> 1, s.signature.length - 1]) {
        const bad = s.signature.slice();
        bad[at]! ^= 0x01;
        expect(await verifies(port, alg, s, bad)).toBe(false);
      }
      const data = s.data.slice();
      data[0]! ^= 0x01;
      const key = await port.importKey(s.jwk, alg);
      expect(await port.verify(key, s.signature, data)).toBe(false);
    });

    it("returns false, without throwing, for a truncated, extended or empty signature", async () => {
      const s = jwks[alg];
      expect(await verifies(port, alg, s, s.signature.slice(1))).toBe(false);
      expect(await verifies(port, alg, s, Uint8Array.of(...s.signature, 0))).toBe(false);
      expect(await verifies(port, alg, s, new Uint8Array(0))).toBe(false);
    });
  });

  it("returns false for an ES256 signature of the wrong length (DER, 63, 65, 96 bytes)", async () => {
    const s = jwks.ES256;
    expect(s.signature).toHaveLength(64);
    const r = s.signature.slice(0, 32);
    const sv = s.signature.slice(32);
    const der = Uint8Array.of(0x30, 68, 0x02, 32, ...r, 0x02, 32, ...sv);
    for (const bad of [
      der,
      s.signature.slice(0, 63),
      Uint8Array.of(...s.signature, 1),
      Uint8Array.of(...s.signature, ...r),
    ]) {
      expect(await verifies(port, "ES256", s, bad)).toBe(false);
    }
  });

  it.each([
    ["an EC key for RS256", "ES256", "RS256"],
    ["an EC key for PS256", "ES256", "PS256"],
    ["an Ed25519 key for RS256", "EdDSA", "RS256"],
    ["an RSA key for ES256", "RS256", "ES256"],
    ["a P-384 key for ES256", "ES384", "ES256"],
    ["a P-256 key for ES384", "ES256", "ES384"],
    ["an Ed25519 key for ES256", "EdDSA", "ES256"],
    ["an RSA key for EdDSA", "RS256", "EdDSA"],
    ["a P-256 key for EdDSA", "ES256", "EdDSA"],
  ] as const)("importKey rejects %s", async (_, made, alg) => {
    await expect(port.importKey(jwks[made].jwk, alg)).rejects.toThrow(/does not fit/);
  });

  it("importKey rejects a JWK missing its key material", async () => {
    const { n: _n, ...noModulus } = jwks.RS256.jwk;
    await expect(port.importKey(noModulus, "RS256")).rejects.toThrow(/does not fit/);
    const { y: _y, ...noY } = jwks.ES256.jwk;
    await expect(port.importKey(noY, "ES256")).rejects.toThrow(/does not fit/);
  });

  it.each(["RS256", "PS256", "RS512"] as const)(
    "importKey rejects a 1024-bit RSA key for %s",
    async (alg) => {
      expect(weakRsa.kty).toBe("RSA");
      await expect(port.importKey(weakRsa, alg)).rejects.toThrow(/1024 bits is below 2048/);
    },
  );
});

describe("the node and web ports agree", () => {
  it.each(ALGS)("on %s signatures, each verifying what the other verifies", async (alg) => {
    const s = jwks[alg];
    const results = await Promise.all(PORTS.map(([, port]) => verifies(port, alg, s)));
    expect(results).toEqual([true, true]);
  });

  it("on sha256, as base64url", async () => {
    const texts = [
      "",
      "abc",
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln",
      "zoë 東京 🙂",
      "lone \ud800 surrogate",
      "x".repeat(10_000),
    ];
    for (const text of texts) {
      const [a, b] = await Promise.all([node.sha256(text), web.sha256(text)]);
      expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(b).toBe(a);
    }
    expect(await web.sha256("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("on hex SHA-256 and HMAC-SHA256 of text (UTF-8) and bytes, and with the byte digests", async () => {
    const texts = ["", "abc", "zoë 東京 🙂", "lone \ud800 surrogate", "GET\n/\n\nhost:x\n".repeat(500)];
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
    for (const text of texts) {
      const bytes = new TextEncoder().encode(text);
      const sha = [
        ...(await Promise.all([nodeDigests.sha256Hex(text), webDigests.sha256Hex(text)])),
        ...(await Promise.all([nodeDigests.sha256Hex(bytes), webDigests.sha256Hex(bytes)])),
      ];
      expect(sha).toEqual(Array(4).fill(hex(await webDigests.sha256(bytes))));
      const mac = await Promise.all([
        nodeDigests.hmacSha256Hex(key, text),
        webDigests.hmacSha256Hex(key, text),
      ]);
      expect(mac).toEqual(Array(2).fill(hex(await webDigests.hmacSha256(key, bytes))));
      expect(mac[0]).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await webDigests.sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("on modPow: node:crypto's and the portable one, as the SRP module computes (g^x mod N)", () => {
    expect(nodeModPow.name).toBe("modPowOpenSsl");
    expect(webModPow.name).toBe("modPowPortable");
    for (const exponent of [1n, 65537n, (1n << 255n) + 12345n]) {
      expect(nodeModPow(2n, exponent, N)).toBe(webModPow(2n, exponent, N));
    }
  });

  it("on the bytes of an ASCII signing input", () => {
    const input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";
    const expected = Array.from(input, (c) => c.charCodeAt(0));
    expect(Array.from(node.ascii(input))).toEqual(expected);
    expect(Array.from(web.ascii(input))).toEqual(expected);
  });

  it("on base64url decoding, for every length and every byte value", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const length of [...Array.from({ length: 71 }, (_, i) => i), 255, 256]) {
      const original = bytes.subarray(256 - length);
      const encoded = Buffer.from(original).toString("base64url");
      expect(Array.from(node.base64url(encoded))).toEqual(Array.from(original));
      expect(Array.from(web.base64url(encoded))).toEqual(Array.from(original));
    }
    expect(Array.from(web.base64url("-_-_"))).toEqual([0xfb, 0xff, 0xbf]);
    expect(Array.from(node.base64url("-_-_"))).toEqual([0xfb, 0xff, 0xbf]);
  });
});

describe("RSA signatures with a leading zero byte", () => {
  // About 1 signature in 256 starts with 0x00, and OpenSSL's RSA-PSS check then also accepts it
  // without that byte. RFC 8017 says a signature is exactly as long as the modulus.
  it.each([
    ["PS256", { name: "RSA-PSS", saltLength: 32 }, "RSA-PSS"],
    ["RS256", { name: "RSASSA-PKCS1-v1_5" }, "RSASSA-PKCS1-v1_5"],
  ] as const)(
    "verify at full length only (%s), on both ports",
    async (alg, params, name) => {
      const { privateKey, publicKey } = await crypto.subtle.generateKey(
        { name, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
        true,
        ["sign", "verify"],
      );
      const jwk = (await crypto.subtle.exportKey("jwk", publicKey)) as PublicJwk;
      let data = new Uint8Array(0);
      let signature = new Uint8Array(0);
      for (let i = 0; signature[0] !== 0; i++) {
        data = new TextEncoder().encode(`message ${i}`);
        signature = new Uint8Array(await crypto.subtle.sign(params, privateKey, data));
      }
      for (const [, port] of PORTS) {
        const key = await port.importKey(jwk, alg);
        expect(await port.verify(key, signature, data)).toBe(true);
        expect(await port.verify(key, signature.slice(1), data)).toBe(false);
      }
    },
    30_000,
  );
});
