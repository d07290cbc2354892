/**
 * The custom senders' code encryption on Node: the AWS Encryption SDK (`@aws-crypto/client-node`)
 * with a raw AES-256-GCM keyring, whose message a handler decrypts with the same key:
 *
 * ```js
 * const { buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = require("@aws-crypto/client-node");
 * const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
 * const keyring = new RawAesKeyringNode({
 *   keyNamespace, keyName, unencryptedMasterKey: key, // the key of triggers.senderKey (32 bytes)
 *   wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
 * });
 * const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, "base64"));
 * const code = plaintext.toString();
 * ```
 */
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from "@aws-crypto/client-node";
import type { CodeEncrypter } from "./code-encryption.js";

const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** A raw AES key for the custom senders' codes (`triggers.senderKey`). */
export interface SenderKey {
  keyNamespace: string;
  keyName: string;
  /** 32 bytes (AES-256). */
  key: Uint8Array;
}

/**
 * A {@link CodeEncrypter} over a raw AES-256 key.
 *
 * @example
 * ```ts
 * const codeEncrypter = codeEncrypterFromKey({ keyNamespace: "cognate", keyName: "sender", key });
 * const code = await codeEncrypter.encrypt("123456", { "userpool-id": pool.id }); // base64
 * ```
 */
export function codeEncrypterFromKey(senderKey: SenderKey): CodeEncrypter {
  // The keyring keeps its own copy: a caller that wipes its key later does not break it.
  const keyring = new RawAesKeyringNode({
    keyNamespace: senderKey.keyNamespace,
    keyName: senderKey.keyName,
    unencryptedMasterKey: Uint8Array.from(senderKey.key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  return {
    async encrypt(plaintext, context) {
      const { result } = await encrypt(keyring, plaintext, { encryptionContext: context });
      return Buffer.from(result).toString("base64");
    },
  };
}
