import { X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openSqliteDatabase, sqliteDriver } from "../../storage/sqlite.node.js";
import { userPoolContext } from "../context.js";
import { generateMasterKey } from "../../runtime/master-key.js";
import {
  makeSamlKeyPair,
  pem,
  poolSigningCertificate,
  poolSigningKey,
  providerDecryptionKeyPem,
  providerEncryptionCertificate,
  RSA_SHA256,
} from "./saml-certificates.js";

const POOL = "us-east-1_SamlCert1";
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

async function contextWithPool() {
  const ctx = userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    now: () => NOW,
  });
  await (await ctx.store()).pools.create({ id: POOL, name: "saml", config: {} }, NOW);
  return ctx;
}

describe("makeSamlKeyPair", () => {
  it("makes a self-signed RSA-2048 certificate CN={pool}, SHA-256, valid ten years from now", async () => {
    const made = await makeSamlKeyPair(POOL, NOW);
    const cert = new X509Certificate(Buffer.from(made.certificate, "base64"));
    expect(cert.subject).toBe(`CN=${POOL}`);
    expect(cert.issuer).toBe(`CN=${POOL}`);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(new Date(cert.validFrom).getTime()).toBe(NOW);
    expect(new Date(cert.validTo).toISOString()).toBe("2036-12-05T12:00:00.000Z");
    expect(made.notAfter).toBe(Date.UTC(2036, 11, 5, 12, 0, 0));
    expect(cert.ca).toBe(false);
    expect(BigInt(`0x${cert.serialNumber}`)).toBeGreaterThan(0n);
    // The private key belongs to the certificate.
    const key = await crypto.subtle.importKey("pkcs8", made.pkcs8, RSA_SHA256, false, ["sign"]);
    const data = new TextEncoder().encode("proof");
    const signature = Buffer.from(await crypto.subtle.sign(RSA_SHA256, key, data));
    const { createVerify } = await import("node:crypto");
    expect(createVerify("sha256").update(data).verify(cert.publicKey, signature)).toBe(true);
  });

  it("gives every pair its own key and serial", async () => {
    const [a, b] = await Promise.all([makeSamlKeyPair(POOL, NOW), makeSamlKeyPair(POOL, NOW)]);
    const [ca, cb] = [a, b].map((m) => new X509Certificate(Buffer.from(m.certificate, "base64")));
    expect(ca!.serialNumber).not.toBe(cb!.serialNumber);
    expect(ca!.publicKey.export({ format: "pem", type: "spki" })).not.toBe(
      cb!.publicKey.export({ format: "pem", type: "spki" }),
    );
  });
});

describe("the certificate's serial number", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // DER writes an INTEGER in the fewest octets (X.690 §8.3.2): a leading 0x00 only before an
  // octet whose top bit is set. OpenSSL (Node's X509Certificate, hence samlify at a real IdP)
  // refuses any other padding, and reports it as "PEM routines::no start line". Random serials
  // whose first octet is 0x00 came out that way, one pool in 512.
  it.each([
    ["00 12 ..", [0x00, 0x12]],
    ["00 00 ..", [0x00, 0x00]],
    ["00 80 ..", [0x00, 0x80]],
    ["80 ..", [0x80, 0x01]],
    ["7f ..", [0x7f, 0xff]],
  ])("is a positive DER INTEGER that OpenSSL reads, whatever the random octets (%s)", async (_, first) => {
    const real = crypto.getRandomValues.bind(crypto);
    vi.spyOn(crypto, "getRandomValues").mockImplementation((array) => {
      real(array);
      if (array instanceof Uint8Array && array.length === 8) array.set(first);
      return array;
    });
    const made = await makeSamlKeyPair(POOL, NOW);
    const cert = new X509Certificate(Buffer.from(made.certificate, "base64"));
    expect(BigInt(`0x${cert.serialNumber}`)).toBeGreaterThan(0n);
  });
});

describe("the pool's SAML keys", () => {
  it("makes the signing certificate once, seals its key, and signs with it", async () => {
    const ctx = await contextWithPool();
    const [first, second] = await Promise.all([
      poolSigningCertificate(ctx, POOL),
      poolSigningCertificate(ctx, POOL),
    ]);
    expect(second).toBe(first);
    expect(await poolSigningCertificate(ctx, POOL)).toBe(first);
    const row = await (await ctx.store()).samlCertificates.get(POOL, "signing", "");
    expect(row?.sealedPrivateKey).toMatch(/^v1\./);

    const { certificate, privateKey } = await poolSigningKey(ctx, POOL);
    expect(certificate).toBe(first);
    const data = new TextEncoder().encode("SAMLRequest=x&SigAlg=y");
    const signature = Buffer.from(await crypto.subtle.sign(RSA_SHA256, privateKey, data));
    const cert = new X509Certificate(Buffer.from(certificate, "base64"));
    const { createVerify } = await import("node:crypto");
    expect(createVerify("sha256").update(data).verify(cert.publicKey, signature)).toBe(true);
  });

  it("keeps one encryption key per provider, and hands out its private key as PEM", async () => {
    const ctx = await contextWithPool();
    expect(await providerDecryptionKeyPem(ctx, POOL, "Okta")).toBeNull();
    const okta = await providerEncryptionCertificate(ctx, POOL, "Okta");
    expect(await providerEncryptionCertificate(ctx, POOL, "Okta")).toBe(okta);
    const entra = await providerEncryptionCertificate(ctx, POOL, "Entra");
    expect(entra).not.toBe(okta);
    expect(await poolSigningCertificate(ctx, POOL)).not.toBe(okta);

    const keyPem = await providerDecryptionKeyPem(ctx, POOL, "Okta");
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const { createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, constants } = await import(
      "node:crypto"
    );
    const publicKey = createPublicKey(pem("CERTIFICATE", okta));
    const secret = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
      Buffer.from("aes key"),
    );
    const opened = privateDecrypt(
      { key: createPrivateKey(keyPem!), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
      secret,
    );
    expect(opened.toString()).toBe("aes key");
  });

  it("refuses a pool that does not exist", async () => {
    const ctx = await contextWithPool();
    await expect(poolSigningCertificate(ctx, "us-east-1_Nobody1")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
