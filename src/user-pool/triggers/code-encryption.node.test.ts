import { randomBytes } from "node:crypto";
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from "@aws-crypto/client-node";
import { describe, expect, it } from "vitest";
import { codeEncryptionContext } from "./code-encryption.js";
import { codeEncrypterFromKey } from "./code-encryption.node.js";

// The snippet the docs give a handler, word for word.
async function handlerDecrypts(code: string, key: Uint8Array, keyNamespace: string, keyName: string) {
  const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const keyring = new RawAesKeyringNode({
    keyNamespace,
    keyName,
    unencryptedMasterKey: key,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(code, "base64"));
  return { code: plaintext.toString(), context: messageHeader.encryptionContext };
}

describe("codeEncrypterFromKey", () => {
  const key = new Uint8Array(randomBytes(32));

  it("gives base64 that the documented handler snippet decrypts to the code, with the pool's context", async () => {
    const encrypter = codeEncrypterFromKey({ keyNamespace: "cognate", keyName: "sender", key });
    const code = await encrypter.encrypt("042913", codeEncryptionContext("us-east-1_AbCdEfGhI"));
    expect(code).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(code).not.toContain("042913");
    const opened = await handlerDecrypts(code, key, "cognate", "sender");
    expect(opened.code).toBe("042913");
    // The default suite signs: the SDK adds its public key to the context.
    expect(opened.context).toMatchObject({ "userpool-id": "us-east-1_AbCdEfGhI" });
  });

  it("encrypts afresh each time, and another key or key name cannot decrypt", async () => {
    const encrypter = codeEncrypterFromKey({ keyNamespace: "cognate", keyName: "sender", key });
    const [a, b] = [await encrypter.encrypt("P@ss w0rd", {}), await encrypter.encrypt("P@ss w0rd", {})];
    expect(a).not.toBe(b);
    await expect(handlerDecrypts(a, new Uint8Array(randomBytes(32)), "cognate", "sender")).rejects.toThrow();
    await expect(handlerDecrypts(a, key, "cognate", "other")).rejects.toThrow();
    expect((await handlerDecrypts(b, key, "cognate", "sender")).code).toBe("P@ss w0rd");
  });

  it("keeps its own copy of the key", async () => {
    const mine = Uint8Array.from(key);
    const encrypter = codeEncrypterFromKey({ keyNamespace: "n", keyName: "k", key: mine });
    mine.fill(0);
    expect((await handlerDecrypts(await encrypter.encrypt("1", {}), key, "n", "k")).code).toBe("1");
  });
});
