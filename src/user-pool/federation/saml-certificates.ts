/**
 * The pool's SAML key pairs, as Cognito keeps them (federation.md §1.7, §3.3): one signing key per
 * pool (AuthnRequests and LogoutRequests; GetSigningCertificate) and one encryption key per SAML
 * identity provider with EncryptedResponses (its ActiveEncryptionCertificate). Each is RSA-2048
 * with a self-signed X.509 certificate valid for 10 years whose subject and issuer are
 * `CN={userPoolId}` (as a real pool's certificate reads), made with WebCrypto on first need, its
 * private key sealed under the master key. Made once: two first uses keep one (the store's
 * create-once).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { ResourceNotFoundException } from "../../protocol/json/index.js";
import type { SamlCertificateRecord, SamlKeyPurpose } from "../../storage/index.js";
import { base64ToBytes, bytesToBase64 } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";
import { open, seal } from "../../runtime/sealed.js";
import { NAMED } from "../messages.js";

/** RSASSA-PKCS1-v1_5 with SHA-256: the certificate's signature and the `rsa-sha256` SigAlg. */
export const RSA_SHA256 = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
} as const;

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const COMMON_NAME = "2.5.4.3";
// DER NULL: the parameters of sha256WithRSAEncryption.
const NULL_PARAMETERS = new Uint8Array([5, 0]).buffer;

/** A key pair made: the certificate (base64 DER) and the PKCS#8 private key. */
export interface SamlKeyPair {
  certificate: string;
  pkcs8: Uint8Array<ArrayBuffer>;
  notAfter: number;
}

const commonName = (value: string) =>
  new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: COMMON_NAME, value: new AttributeValue({ utf8String: value }) }),
    ]),
  ]);

/** A positive 64-bit serial number (DER INTEGER content). */
function serialNumber(): ArrayBuffer {
  const random = crypto.getRandomValues(new Uint8Array(8));
  // DER's fewest octets (X.690 §8.3.2): a leading 0x00 only before a set top bit. OpenSSL refuses
  // any other padding, so a first octet of 0 (one serial in 256) is made 1.
  random[0] ||= 1;
  const bytes = random[0]! & 0x80 ? new Uint8Array([0, ...random]) : random;
  return bytes.slice().buffer;
}

/**
 * A new RSA-2048 key pair and its self-signed certificate `CN={subject}`, valid from `now` for ten
 * years, signed with SHA-256.
 *
 * @example
 * ```ts
 * const { certificate, pkcs8 } = await makeSamlKeyPair("us-east-1_AbC", Date.now());
 * ```
 */
export async function makeSamlKeyPair(subject: string, now: number): Promise<SamlKeyPair> {
  const keys = (await crypto.subtle.generateKey(RSA_SHA256, true, ["sign", "verify"])) as CryptoKeyPair;
  const spki = AsnConvert.parse(await crypto.subtle.exportKey("spki", keys.publicKey), SubjectPublicKeyInfo);
  const algorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: NULL_PARAMETERS });
  const notBefore = new Date(Math.floor(now / 1000) * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: algorithm,
    issuer: commonName(subject),
    validity: new Validity({ notBefore, notAfter }),
    subject: commonName(subject),
    subjectPublicKeyInfo: spki,
  });
  const signature = await crypto.subtle.sign(RSA_SHA256, keys.privateKey, AsnConvert.serialize(tbs));
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: signature,
  });
  return {
    certificate: bytesToBase64(new Uint8Array(AsnConvert.serialize(certificate))),
    pkcs8: new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey)),
    notAfter: notAfter.getTime(),
  };
}

const contextOf = (poolId: string, purpose: SamlKeyPurpose, providerName: string) =>
  `saml-key:${poolId}:${purpose}:${providerName}`;

/** The stored key pair, made (and stored once) when there is none. */
async function keyPairOf(
  ctx: UserPoolContext,
  poolId: string,
  purpose: SamlKeyPurpose,
  providerName: string,
): Promise<SamlCertificateRecord> {
  const store = await ctx.store();
  const stored = await store.samlCertificates.get(poolId, purpose, providerName);
  if (stored !== null) return stored;
  const now = ctx.now();
  const made = await makeSamlKeyPair(poolId, now);
  const kept = await store.samlCertificates.createOnce({
    poolId,
    purpose,
    providerName,
    certificate: made.certificate,
    sealedPrivateKey: await seal(
      await ctx.masterKey(),
      contextOf(poolId, purpose, providerName),
      bytesToBase64(made.pkcs8),
    ),
    notAfter: made.notAfter,
    createdAt: now,
  });
  if (kept === null) throw new ResourceNotFoundException(NAMED.poolNotFound(poolId));
  return kept;
}

async function pkcs8Of(
  ctx: UserPoolContext,
  record: SamlCertificateRecord,
): Promise<Uint8Array<ArrayBuffer>> {
  const opened = await open(
    await ctx.masterKey(),
    contextOf(record.poolId, record.purpose, record.providerName),
    record.sealedPrivateKey,
  );
  const bytes = base64ToBytes(opened);
  if (bytes === null) throw new Error("a sealed SAML key is not base64");
  return bytes;
}

/** The pool's signing certificate (base64 DER), made on first need: GetSigningCertificate. */
export async function poolSigningCertificate(ctx: UserPoolContext, poolId: string): Promise<string> {
  return (await keyPairOf(ctx, poolId, "signing", "")).certificate;
}

/**
 * The pool's signing key, ready to sign `rsa-sha256` (RSASSA-PKCS1-v1_5, SHA-256), and its
 * certificate: for signed AuthnRequests and LogoutRequests.
 */
export async function poolSigningKey(
  ctx: UserPoolContext,
  poolId: string,
): Promise<{ certificate: string; privateKey: CryptoKey }> {
  const record = await keyPairOf(ctx, poolId, "signing", "");
  const privateKey = await crypto.subtle.importKey("pkcs8", await pkcs8Of(ctx, record), RSA_SHA256, false, [
    "sign",
  ]);
  return { certificate: record.certificate, privateKey };
}

/** An identity provider's encryption certificate (base64 DER), made on first need: ActiveEncryptionCertificate. */
export async function providerEncryptionCertificate(
  ctx: UserPoolContext,
  poolId: string,
  providerName: string,
): Promise<string> {
  return (await keyPairOf(ctx, poolId, "encryption", providerName)).certificate;
}

/**
 * An identity provider's decryption key as a PKCS#8 PEM (what xml-encryption takes), or `null`
 * when it has none: for the EncryptedAssertion of its responses.
 */
export async function providerDecryptionKeyPem(
  ctx: UserPoolContext,
  poolId: string,
  providerName: string,
): Promise<string | null> {
  const record = await (await ctx.store()).samlCertificates.get(poolId, "encryption", providerName);
  return record === null ? null : pem("PRIVATE KEY", bytesToBase64(await pkcs8Of(ctx, record)));
}

/** Base64 DER as PEM, 64 characters a line. */
export function pem(label: "CERTIFICATE" | "PRIVATE KEY", base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
