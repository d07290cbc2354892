/**
 * The custom senders' code encryption on Web Crypto (the Worker): the AWS Encryption SDK for
 * JavaScript's browser packages (encryption-sdk.web.ts) with a raw AES-256-GCM keyring. It
 * writes the same message format as code-encryption.node.ts: a handler decrypts it with
 * `@aws-crypto/client-node` and `RawAesKeyringNode`, the snippet in docs/triggers.md, unchanged.
 * The SDK finds Web Crypto on `self` (workerd has it; Node has no `self`: Node uses client-node).
 */
import type { RawAesKeyringWebCrypto } from "./encryption-sdk.web.js";
import { bytesToBase64 } from "../../util/encoding.js";
import type { CodeEncrypter } from "./code-encryption.js";
import type { SenderKey } from "./targets.js";

const encoder = new TextEncoder();

// Loaded on first use, not with the Worker: the SDK probes Web Crypto (an AES-GCM key generated)
// as its module loads, which workerd refuses in the global scope ("Disallowed operation called
// within global scope"), leaving every later encryption to fail.
let sdk: Promise<typeof import("./encryption-sdk.web.js")> | undefined;
const loadSdk = () => {
  sdk ??= import("./encryption-sdk.web.js").catch((error: unknown) => {
    sdk = undefined;
    throw error;
  });
  return sdk;
};

/**
 * A {@link CodeEncrypter} over a raw AES-256 key, on Web Crypto.
 *
 * @example
 * ```ts
 * const codeEncrypter = codeEncrypterFromKey(config.triggers.senderKey); // in the Worker's entry
 * const code = await codeEncrypter.encrypt("123456", { "userpool-id": pool.id }); // base64
 * ```
 */
export function codeEncrypterFromKey(senderKey: SenderKey): CodeEncrypter {
  // Its own copy of the key; imported on first use (Workers allow no crypto in the global scope),
  // and again after a failure.
  const key = Uint8Array.from(senderKey.key);
  let ready:
    | Promise<{
        keyring: RawAesKeyringWebCrypto;
        encrypt: ReturnType<typeof import("./encryption-sdk.web.js").buildEncrypt>["encrypt"];
      }>
    | undefined;
  const readied = () => {
    ready ??= (async () => {
      const { buildEncrypt, CommitmentPolicy, RawAesKeyringWebCrypto, RawAesWrappingSuiteIdentifier } =
        await loadSdk();
      const wrappingSuite = RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING;
      const keyring = new RawAesKeyringWebCrypto({
        keyNamespace: senderKey.keyNamespace,
        keyName: senderKey.keyName,
        masterKey: await RawAesKeyringWebCrypto.importCryptoKey(key, wrappingSuite),
        wrappingSuite,
      });
      return { keyring, encrypt: buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt };
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  return {
    async encrypt(plaintext, context) {
      const { keyring, encrypt } = await readied();
      const { result } = await encrypt(keyring, encoder.encode(plaintext), { encryptionContext: context });
      return bytesToBase64(result);
    },
  };
}
