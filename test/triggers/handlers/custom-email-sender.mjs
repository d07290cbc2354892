// Custom email sender: decrypt the code with the AWS Encryption SDK and send it (after AWS's
// example, which decrypts with a KMS keyring and sends with SES; here the keyring is the raw AES key
// of cognate's `triggers.senderKey`, and sending appends to the mailbox file).
import { appendFileSync } from "node:fs";
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from "@aws-crypto/client-node";

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyring = new RawAesKeyringNode({
  keyNamespace: "cognate",
  keyName: "custom-sender",
  // A copy of its own: the Encryption SDK refuses a Buffer that shares Node's pool ("Unencrypted
  // Master Key must be an isolated buffer"), which a short Buffer.from(string) does.
  unencryptedMasterKey: Uint8Array.from(Buffer.from(process.env.TRIGGER_SENDER_KEY ?? "", "base64")),
  wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
});

export const handler = async (event) => {
  let code = null;
  if (event.request.code) {
    const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, "base64"));
    code = plaintext.toString("utf8");
  }
  appendFileSync(
    process.env.TRIGGER_MAILBOX,
    `${JSON.stringify({ source: event.triggerSource, to: event.request.userAttributes.email, userName: event.userName, code })}\n`,
  );
};
