/**
 * The parts of the AWS Encryption SDK for JavaScript's browser client that code-encryption.web.ts
 * uses, from its own packages: `@aws-crypto/client-browser` re-exports the KMS keyrings too, whose
 * AWS SDK KMS client would add 650 KB to the Worker. Imported lazily, as one module.
 */
export { buildEncrypt } from "@aws-crypto/encrypt-browser";
export { CommitmentPolicy } from "@aws-crypto/material-management-browser";
export { RawAesKeyringWebCrypto, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-browser";
