// The custom senders' code encryption inside workerd: the Worker's encrypter (client-browser on
// Web Crypto) makes a message the Encryption SDK decrypts under the same raw AES key, and the
// Worker wires it from `triggers.senderKey`: a pool with a custom email sender hands the sender
// an encrypted code instead of refusing with CodeDeliveryFailureException. (That client-node's
// documented snippet decrypts it is proven on wrangler dev: test/triggers/e2e/workers-dev.test.ts.)
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringWebCrypto,
  RawAesWrappingSuiteIdentifier,
} from "@aws-crypto/client-browser";
import { describe, expect, it } from "vitest";
import { codeEncryptionContext } from "../../src/user-pool/triggers/code-encryption.js";
import { codeEncrypterFromKey } from "../../src/user-pool/triggers/code-encryption.web.js";

const KEY = new Uint8Array(32).fill(7);
const WRAPPING = RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING;

async function decrypts(code: string, key: Uint8Array, keyName = "custom-sender") {
  const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
  const keyring = new RawAesKeyringWebCrypto({
    keyNamespace: "cognate",
    keyName,
    masterKey: await RawAesKeyringWebCrypto.importCryptoKey(key, WRAPPING),
    wrappingSuite: WRAPPING,
  });
  const bytes = Uint8Array.from(atob(code), (c) => c.charCodeAt(0));
  const { plaintext, messageHeader } = await decrypt(keyring, bytes);
  return { code: new TextDecoder().decode(plaintext), context: messageHeader.encryptionContext };
}

describe("custom sender code encryption in workerd", () => {
  it("encrypts a code under the pool's context that the same key decrypts, and no other", async () => {
    const encrypter = codeEncrypterFromKey({ keyNamespace: "cognate", keyName: "custom-sender", key: KEY });
    const code = await encrypter.encrypt("042913", codeEncryptionContext("us-east-1_AbCdEfGhI"));
    expect(code).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const opened = await decrypts(code, KEY);
    expect(opened.code).toBe("042913");
    expect(opened.context).toMatchObject({ "userpool-id": "us-east-1_AbCdEfGhI" });
    expect(await encrypter.encrypt("042913", {})).not.toBe(await encrypter.encrypt("042913", {}));
    await expect(decrypts(code, new Uint8Array(32).fill(8))).rejects.toThrow();
    await expect(decrypts(code, KEY, "other")).rejects.toThrow();
  });
});
