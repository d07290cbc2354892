import { describe, expect, it } from "vitest";
import { seal } from "../runtime/sealed.js";
import { cognitoClaims, newMasterKey } from "./fixtures.testing.js";
import {
  MAX_SESSION_TOKEN_LENGTH,
  openSession,
  SessionTokenCache,
  SessionTooLargeError,
  sealSession,
  sessionTokenAccessKeyId,
} from "./session-token.js";

const masterKey = await newMasterKey();

/** The token with one character of its ciphertext (or IV) changed. */
function flipped(token: string, at: number): string {
  const c = token[at]!;
  return token.slice(0, at) + (c === "A" ? "B" : "A") + token.slice(at + 1);
}

describe("sealSession and openSession", () => {
  it("round-trips the claims, with the access key id readable in front", async () => {
    const claims = cognitoClaims();
    const token = await sealSession(masterKey, claims);
    expect(token.startsWith(`s1.${claims.accessKeyId}.v1.`)).toBe(true);
    expect(token).not.toContain(claims.secretKey);
    expect(sessionTokenAccessKeyId(token)).toBe(claims.accessKeyId);
    expect(await openSession(masterKey, token)).toEqual(claims);
  });

  it("keeps a typical Cognito session's token under 2 KB", async () => {
    const token = await sealSession(
      masterKey,
      cognitoClaims({ principalTags: { username: "a", client: "b" } }),
    );
    expect(token.length).toBeLessThan(2048);
  });

  it("seals anew each time: the same claims give different tokens, both valid", async () => {
    const claims = cognitoClaims();
    const [a, b] = [await sealSession(masterKey, claims), await sealSession(masterKey, claims)];
    expect(a).not.toBe(b);
    expect(await openSession(masterKey, a)).toEqual(await openSession(masterKey, b));
  });

  it("opens nothing under another master key", async () => {
    const token = await sealSession(masterKey, cognitoClaims());
    expect(await openSession(await newMasterKey(), token)).toBeUndefined();
  });

  it("opens nothing tampered with: ciphertext, IV, or tag", async () => {
    const token = await sealSession(masterKey, cognitoClaims());
    const ivAt = token.indexOf(".v1.") + 5;
    // (Not the last character: a few of its bits may be base64 padding, which decoding ignores.)
    for (const at of [ivAt, ivAt + 20, token.length - 30, token.length - 2]) {
      expect(await openSession(masterKey, flipped(token, at)), `at ${at}`).toBeUndefined();
    }
    expect(await openSession(masterKey, token.slice(0, -4))).toBeUndefined();
  });

  it("has one spelling per session: unused bits of the last character set make another token, refused", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let checked = 0;
    for (let i = 0; i < 6; i++) {
      // Claims of different lengths, so that the ciphertext's length varies modulo 3.
      const token = await sealSession(masterKey, cognitoClaims({ roleSessionName: "s".repeat(i + 1) }));
      const data = token.slice(token.lastIndexOf(".") + 1);
      const unused = data.length % 4 === 2 ? 15 : data.length % 4 === 3 ? 3 : 0;
      if (unused === 0) continue;
      const last = alphabet.indexOf(token.at(-1)!);
      const variant = token.slice(0, -1) + alphabet[last | 1];
      expect(variant).not.toBe(token);
      expect(await openSession(masterKey, token)).toBeDefined();
      expect(await openSession(masterKey, variant)).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("opens nothing moved to another access key id (the box is bound to its own)", async () => {
    const token = await sealSession(masterKey, cognitoClaims());
    const moved = token.replace("ASIAABCDEFGHIJKLMNOP", "ASIAABCDEFGHIJKLMNOQ");
    expect(sessionTokenAccessKeyId(moved)).toBe("ASIAABCDEFGHIJKLMNOQ");
    expect(await openSession(masterKey, moved)).toBeUndefined();
  });

  it("opens nothing foreign: another format, another version, another purpose's sealed value", async () => {
    const claims = cognitoClaims();
    const sealed = await seal(masterKey, `iam-session:${claims.accessKeyId}`, JSON.stringify(claims));
    expect(await openSession(masterKey, sealed)).toBeUndefined(); // no prefix
    expect(await openSession(masterKey, `s2.${claims.accessKeyId}.${sealed}`)).toBeUndefined();
    expect(await openSession(masterKey, `s1.${claims.accessKeyId}.${sealed}`)).toEqual(claims);
    // Sealed by us for another purpose (a pool key, a client secret): another context.
    const other = await seal(masterKey, `client-secret:${claims.accessKeyId}`, JSON.stringify(claims));
    expect(await openSession(masterKey, `s1.${claims.accessKeyId}.${other}`)).toBeUndefined();
    // Sealed with the right context but claims of another version, or of another key id.
    const v2 = await seal(
      masterKey,
      `iam-session:${claims.accessKeyId}`,
      JSON.stringify({ ...claims, v: 2 }),
    );
    expect(await openSession(masterKey, `s1.${claims.accessKeyId}.${v2}`)).toBeUndefined();
    const otherId = await seal(
      masterKey,
      `iam-session:${claims.accessKeyId}`,
      JSON.stringify({ ...claims, accessKeyId: "ASIAZZZZZZZZZZZZZZZZ" }),
    );
    expect(await openSession(masterKey, `s1.${claims.accessKeyId}.${otherId}`)).toBeUndefined();
    const notJson = await seal(masterKey, `iam-session:${claims.accessKeyId}`, "not json");
    expect(await openSession(masterKey, `s1.${claims.accessKeyId}.${notJson}`)).toBeUndefined();
    const notClaims = await seal(masterKey, `iam-session:${claims.accessKeyId}`, "null");
    expect(await openSession(masterKey, `s1.${claims.accessKeyId}.${notClaims}`)).toBeUndefined();
  });

  it("never throws on bad input", async () => {
    for (const token of [
      "",
      "s1",
      "s1..",
      "s1.ASIAABCDEFGHIJKLMNOP.",
      "s1.ASIAABCDEFGHIJKLMNOP.v1.%%%.%%%",
      "s1.AKIAABCDEFGHIJKLMNOP.v1.AAAAAAAAAAAAAAAA.AAAA",
      "s1.ASIAABCDEFGHIJKLMNOP.v1.AAAAAAAAAAAAAAAA.AAAA",
      "s1.ASIAABCDEFGHIJKLMNOP.v1.AAAAAAAAAAAAAAAA.A",
      "FwoGZXIvYXdzEJr//////////wEaDM...", // an AWS session token
      `s1.ASIAABCDEFGHIJKLMNOP.v1.AAAAAAAAAAAAAAAA.${"A".repeat(MAX_SESSION_TOKEN_LENGTH)}`,
      null as unknown as string,
      42 as unknown as string,
    ]) {
      await expect(openSession(masterKey, token)).resolves.toBeUndefined();
    }
    // The key id is read by form only: a well-formed token of garbage names one, a malformed one none.
    expect(sessionTokenAccessKeyId("s1.ASIAABCDEFGHIJKLMNOP.v1.AAAAAAAAAAAAAAAA.AAAA")).toBe(
      "ASIAABCDEFGHIJKLMNOP",
    );
    for (const token of ["", "s1..", "s1.AKIAABCDEFGHIJKLMNOP.v1.AAAAAAAAAAAAAAAA.AAAA", "FwoGZXIvYXdzEJr"])
      expect(sessionTokenAccessKeyId(token), token).toBeUndefined();
  });

  it("opens an expired session: the caller tells expired from invalid", async () => {
    const claims = cognitoClaims({ expiresAt: 1 });
    expect((await openSession(masterKey, await sealSession(masterKey, claims)))?.expiresAt).toBe(1);
  });

  it("refuses to seal claims too large for a header, and an access key id not of the form", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: `arn:aws:s3:::${"b".repeat(7000)}` }],
    };
    await expect(sealSession(masterKey, cognitoClaims({ sessionPolicy: policy }))).rejects.toThrow(
      SessionTooLargeError,
    );
    await expect(
      sealSession(masterKey, cognitoClaims({ accessKeyId: "AKIAABCDEFGHIJKLMNOP" })),
    ).rejects.toThrow(RangeError);
  });
});

describe("SessionTokenCache", () => {
  const now = 1_700_000_000_000;

  it("opens once and returns the same frozen claims after", async () => {
    const cache = new SessionTokenCache(masterKey);
    const token = await sealSession(masterKey, cognitoClaims());
    const first = await cache.open(token, now);
    expect(first).toEqual(cognitoClaims());
    expect(await cache.open(token, now + 1000)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.amr)).toBe(true);
    expect(cache.size).toBe(1);
  });

  it("is bound to its master key: a token of another key does not open through it", async () => {
    const cache = new SessionTokenCache(masterKey);
    const foreign = await sealSession(await newMasterKey(), cognitoClaims());
    expect(await cache.open(foreign, now)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("keeps nothing that fails to open, nor an expired session, and drops a session when it expires", async () => {
    const cache = new SessionTokenCache(masterKey);
    expect(await cache.open("garbage", now)).toBeUndefined();
    const expired = await sealSession(masterKey, cognitoClaims({ expiresAt: now }));
    expect((await cache.open(expired, now))?.expiresAt).toBe(now);
    expect(cache.size).toBe(0);

    const live = await sealSession(masterKey, cognitoClaims({ expiresAt: now + 60_000 }));
    const claims = await cache.open(live, now);
    expect(cache.size).toBe(1);
    const later = await cache.open(live, now + 60_000);
    expect(later).toEqual(claims);
    expect(later).not.toBe(claims); // opened again, not served from the cache
    expect(cache.size).toBe(0);
  });

  it("holds at most max sessions, the least recently used dropped first", async () => {
    const cache = new SessionTokenCache(masterKey, 2);
    const tokens = await Promise.all(
      ["ASIAAAAAAAAAAAAAAAAA", "ASIABBBBBBBBBBBBBBBB", "ASIACCCCCCCCCCCCCCCC"].map((accessKeyId) =>
        sealSession(masterKey, cognitoClaims({ accessKeyId })),
      ),
    );
    const a = await cache.open(tokens[0]!, now);
    await cache.open(tokens[1]!, now);
    expect(await cache.open(tokens[0]!, now)).toBe(a); // a is now the most recent
    await cache.open(tokens[2]!, now); // drops b
    expect(cache.size).toBe(2);
    expect(await cache.open(tokens[0]!, now)).toBe(a);
    const b = await cache.open(tokens[1]!, now);
    expect(b?.accessKeyId).toBe("ASIABBBBBBBBBBBBBBBB");
    expect(cache.size).toBe(2);
  });
});
