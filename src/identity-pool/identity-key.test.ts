import { calculateJwkThumbprint, importJWK, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { generateMasterKey, importMasterKey } from "../runtime/master-key.js";
import { open, SealError } from "../runtime/sealed.js";
import { createIdentityKey, currentIdentityKey, identitySigner } from "./identity-key.js";

describe("the identity service's signing key", () => {
  it("is an RSA 2048 key for RS512, its kid the RFC 7638 thumbprint, its private half sealed to the kid", async () => {
    const master = await importMasterKey(generateMasterKey());
    const record = await createIdentityKey(master, 1_700_000_000_000);
    expect(Object.keys(record.publicJwk)).toEqual(["kty", "alg", "use", "kid", "n", "e"]);
    expect(record.publicJwk).toMatchObject({
      kty: "RSA",
      alg: "RS512",
      use: "sig",
      kid: record.kid,
      e: "AQAB",
    });
    // 2048 bits: 256 bytes of modulus, 342 base64url characters.
    expect(record.publicJwk.n).toHaveLength(342);
    expect(record.kid).toBe(await calculateJwkThumbprint({ kty: "RSA", n: record.publicJwk.n, e: "AQAB" }));
    expect(record.createdAt).toBe(1_700_000_000_000);
    expect(record.sealedPrivateJwk).toMatch(/^v1\./);
    expect(record.sealedPrivateJwk).not.toContain(record.publicJwk.n.slice(0, 40));
    const privateJwk = JSON.parse(
      await open(master, `identity-signing-key:${record.kid}`, record.sealedPrivateJwk),
    );
    expect(privateJwk).toMatchObject({ kty: "RSA", n: record.publicJwk.n, d: expect.any(String) });
    await expect(open(master, "identity-signing-key:another-kid", record.sealedPrivateJwk)).rejects.toThrow(
      SealError,
    );
  });

  it("signs RS512 that the public JWK verifies, opened once per master key and record", async () => {
    const master = await importMasterKey(generateMasterKey());
    const record = await createIdentityKey(master);
    const signer = identitySigner(master, record);
    expect(identitySigner(master, record)).toBe(signer);
    const key = await signer;
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: "RSASSA-PKCS1-v1_5", hash: { name: "SHA-512" } });
    const jwt = await new SignJWT({ sub: "x" })
      .setProtectedHeader({ alg: "RS512", kid: record.kid })
      .sign(key);
    const { payload } = await jwtVerify(jwt, await importJWK(record.publicJwk, "RS512"));
    expect(payload.sub).toBe("x");
  });

  it("does not open under another master key, and does not remember the failure", async () => {
    const master = await importMasterKey(generateMasterKey());
    const other = await importMasterKey(generateMasterKey());
    const record = await createIdentityKey(master);
    const failed = identitySigner(other, record);
    await expect(failed).rejects.toThrow(SealError);
    expect(identitySigner(other, record)).not.toBe(failed);
    await expect(identitySigner(other, record)).rejects.toThrow(SealError);
    // A record whose sealed key was swapped for another key's does not open either.
    const second = await createIdentityKey(master);
    await expect(
      identitySigner(master, { ...record, sealedPrivateJwk: second.sealedPrivateJwk }),
    ).rejects.toThrow(SealError);
  });

  it("signs new tokens with the newest stored key", async () => {
    const master = await importMasterKey(generateMasterKey());
    expect(currentIdentityKey([])).toBeUndefined();
    const [a, b] = [await createIdentityKey(master, 1000), await createIdentityKey(master, 2000)];
    expect(currentIdentityKey([b, a])).toBe(b);
    expect(currentIdentityKey([a, b])).toBe(b);
    const c = { ...a, kid: "zzz", createdAt: 2000 };
    expect(currentIdentityKey([a, b, c])).toBe(c);
  });
});
