import { importJWK, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { generateMasterKey, importMasterKey, MasterKeyError } from "../../runtime/master-key.js";
import { open, openedOnce, seal, SealError } from "../../runtime/sealed.js";
import { createSigningKey, signingKeyOf } from "./signing-key.js";

describe("the master key", () => {
  it("imports 32 bytes of base64 or base64url, and refuses anything else", async () => {
    const text = generateMasterKey();
    expect(text).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await expect(importMasterKey(text)).resolves.toBeDefined();
    await expect(
      importMasterKey(text.replace(/=$/, "").replace(/\+/g, "-").replace(/\//g, "_")),
    ).resolves.toBeDefined();
    for (const bad of ["", "short", btoa("x".repeat(31)), btoa("x".repeat(33)), "!".repeat(44)]) {
      await expect(importMasterKey(bad), bad).rejects.toThrow(MasterKeyError);
    }
  });
});

describe("sealed secrets", () => {
  it("open only under the same master key and context, and never in clear at rest", async () => {
    const key = await importMasterKey(generateMasterKey());
    const stored = await seal(key, "totp:pool:alice", "JBSWY3DPEHPK3PXP");
    expect(stored).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(stored).not.toContain("JBSWY3DPEHPK3PXP");
    expect(await seal(key, "totp:pool:alice", "JBSWY3DPEHPK3PXP")).not.toBe(stored); // a fresh IV each time
    expect(await open(key, "totp:pool:alice", stored)).toBe("JBSWY3DPEHPK3PXP");
    await expect(open(key, "totp:pool:bob", stored)).rejects.toThrow(SealError);
    await expect(open(await importMasterKey(generateMasterKey()), "totp:pool:alice", stored)).rejects.toThrow(
      SealError,
    );
    const [v, iv, data] = stored.split(".");
    const flipped = `${v}.${iv}.${data!.slice(0, -2)}${data!.slice(-2) === "AA" ? "AB" : "AA"}`;
    await expect(open(key, "totp:pool:alice", flipped)).rejects.toThrow(SealError);
    await expect(open(key, "totp:pool:alice", "plain")).rejects.toThrow(SealError);
  });

  it("open once each when remembered: by value and context, never what failed, at most `max` kept", async () => {
    const key = await importMasterKey(generateMasterKey());
    const opened: string[] = [];
    const openCached = openedOnce((context, stored) => {
      opened.push(context);
      return open(key, context, stored);
    }, 2);
    const alice = await seal(key, "srp-verifier:pool:alice", "a1");
    const bob = await seal(key, "srp-verifier:pool:bob", "b2");
    for (let i = 0; i < 3; i++) expect(await openCached("srp-verifier:pool:alice", alice)).toBe("a1");
    expect(opened).toEqual(["srp-verifier:pool:alice"]);
    // Another context is another value: moved to bob, alice's does not open, every time.
    await expect(openCached("srp-verifier:pool:bob", alice)).rejects.toThrow(SealError);
    await expect(openCached("srp-verifier:pool:bob", alice)).rejects.toThrow(SealError);
    expect(opened).toHaveLength(3);
    // A new sealed value of the same context (a changed secret) is opened anew.
    const alice2 = await seal(key, "srp-verifier:pool:alice", "a2");
    expect(await openCached("srp-verifier:pool:alice", alice2)).toBe("a2");
    expect(await openCached("srp-verifier:pool:bob", bob)).toBe("b2"); // drops alice's first value
    expect(opened).toHaveLength(5);
    expect(await openCached("srp-verifier:pool:alice", alice2)).toBe("a2");
    expect(opened).toHaveLength(5);
    expect(await openCached("srp-verifier:pool:alice", alice)).toBe("a1");
    expect(opened).toHaveLength(6);
  });
});

describe("pool signing keys", () => {
  it("sign RS256 tokens that verify against the published public JWK, and stay bound to their pool", async () => {
    const master = await importMasterKey(generateMasterKey());
    const stored = await createSigningKey(master, "us-east-1_Pool1");
    expect(stored.publicJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: stored.kid });
    expect(stored.publicJwk).not.toHaveProperty("d");
    expect(stored.sealedPrivateJwk).not.toContain('"d"');
    const privateKey = await signingKeyOf(master, "us-east-1_Pool1", stored);
    const token = await new SignJWT({ token_use: "access" })
      .setProtectedHeader({ alg: "RS256", kid: stored.kid })
      .setIssuer("iss")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    const { payload, protectedHeader } = await jwtVerify(token, await importJWK(stored.publicJwk, "RS256"), {
      issuer: "iss",
    });
    expect(payload.token_use).toBe("access");
    expect(protectedHeader.kid).toBe(stored.kid);
    await expect(signingKeyOf(master, "us-east-1_Pool2", stored)).rejects.toThrow(SealError);
  });
});

describe("code hashes", () => {
  it("are HMAC-SHA-256 under a key of the master key: deterministic, and different under another master key or for another user or purpose", async () => {
    const { codeHashKey, keyedCodeHash } = await import("./code-key.js");
    const { generateMasterKey, importMasterKey } = await import("../../runtime/master-key.js");
    const text = generateMasterKey();
    const [a, again, other] = await Promise.all([
      importMasterKey(text),
      importMasterKey(text),
      importMasterKey(generateMasterKey()),
    ]);
    const hash = await keyedCodeHash(await codeHashKey(a), "us-east-1_P", "alice", "signup", "123456");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyedCodeHash(await codeHashKey(again), "us-east-1_P", "alice", "signup", "123456")).toBe(
      hash,
    );
    expect(
      await keyedCodeHash(await codeHashKey(other), "us-east-1_P", "alice", "signup", "123456"),
    ).not.toBe(hash);
    expect(await keyedCodeHash(await codeHashKey(a), "us-east-1_P", "bob", "signup", "123456")).not.toBe(
      hash,
    );
    expect(
      await keyedCodeHash(await codeHashKey(a), "us-east-1_P", "alice", "forgot_password", "123456"),
    ).not.toBe(hash);
  });
});
