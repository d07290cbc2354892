/**
 * The port the custom senders' codes are encrypted through. Cognito never puts a code (or a
 * temporary password) in clear in a CustomEmailSender or CustomSMSSender event: `request.code`
 * is the base64 of an AWS Encryption SDK message, which the handler decrypts with the same key.
 * On AWS the key is the pool's `LambdaConfig.KMSKeyID`; cognate has no KMS, so the key comes from
 * configuration (`triggers.senderKey`, a raw AES-256 keyring: code-encryption.node.ts).
 */

/** Encrypts a code for a custom sender. */
export interface CodeEncrypter {
  /**
   * The AWS Encryption SDK message of `plaintext` under `context` (its encryption context), as
   * base64: what a custom sender's `request.code` carries.
   */
  encrypt(plaintext: string, context: Record<string, string>): Promise<string>;
}

/**
 * The encryption context Cognito encrypts a pool's codes under: `{"userpool-id": <pool id>}`.
 * AWS's key policy for the custom senders conditions on `kms:EncryptionContext:userpool-id`
 * (doc: "Activating custom sender Lambda triggers"); the Encryption SDK checks it on decrypt.
 *
 * @example
 * ```ts
 * codeEncryptionContext("us-east-1_AbCdEfGhI"); // { "userpool-id": "us-east-1_AbCdEfGhI" }
 * ```
 */
export function codeEncryptionContext(poolId: string): Record<string, string> {
  return { "userpool-id": poolId };
}

/** Why a custom sender could not be given a code: the setting that is missing, never the code. */
export const NO_SENDER_KEY =
  "the pool's custom sender needs an encryption key for its codes: configure triggers.senderKey";
