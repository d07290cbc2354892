import { describe, expect, it } from "vitest";
import { importMasterKey } from "../runtime/master-key.js";
import { authorizationCodeHash, newAuthorizationCode } from "./code-hash.js";

describe("authorizationCodeHash", () => {
  // Pinned from the first implementation (a WebCrypto HMAC key from HKDF `deriveKey`): codes
  // stored before the hash moved to `#crypto` still match after it.
  it("keeps the stored form of codes issued before", async () => {
    const key = await importMasterKey(btoa("\x07".repeat(32)));
    expect(await authorizationCodeHash(key, "us-east-1_AbCdEfGhI", "code-0123")).toBe(
      "53e4575f2c64285ad4b92a76616b6d6ed17896f1009c679beb0dde07ef8a2ae3",
    );
    expect(await authorizationCodeHash(key, "us-east-1_Other0000", "code-0123")).toBe(
      "069507a57d8279ef27851a60e3def239ef730d198a2869b5ecd4b322a5ad9118",
    );
  });

  it("depends on the master key", async () => {
    const other = await importMasterKey(btoa("\x08".repeat(32)));
    expect(await authorizationCodeHash(other, "us-east-1_AbCdEfGhI", "code-0123")).not.toBe(
      "53e4575f2c64285ad4b92a76616b6d6ed17896f1009c679beb0dde07ef8a2ae3",
    );
  });

  it("makes 43-character base64url codes, each new", () => {
    const a = newAuthorizationCode();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newAuthorizationCode()).not.toBe(a);
  });
});
