import { describe, expect, it } from "vitest";
import type { SamlCertificateRecord } from "../../../src/storage/index.js";
import { NOW, outcomes, POOL, seedPool, type Context } from "./fixtures.js";

const made = (certificate: string, over: Partial<SamlCertificateRecord> = {}): SamlCertificateRecord => ({
  poolId: POOL,
  purpose: "signing",
  providerName: "",
  certificate,
  sealedPrivateKey: `v1.sealed-${certificate}`,
  notAfter: NOW + 10 * 365 * 86_400_000,
  createdAt: NOW,
  ...over,
});

export function samlCertificatesContract(ctx: Context): void {
  describe("SAML certificates", () => {
    it("stores a pool's signing certificate once; the first one made stays", async () => {
      const { store } = ctx();
      await seedPool(store);
      expect(await store.samlCertificates.get(POOL, "signing", "")).toBeNull();
      expect(await store.samlCertificates.createOnce(made("first"))).toEqual(made("first"));
      // A later make returns the stored one, not its own.
      expect(await store.samlCertificates.createOnce(made("second"))).toEqual(made("first"));
      expect(await store.samlCertificates.get(POOL, "signing", "")).toEqual(made("first"));
    });

    it("makes exactly one certificate when first uses race", async () => {
      const { store } = ctx();
      await seedPool(store);
      const { won, lost } = await outcomes(
        Array.from({ length: 8 }, (_, i) => store.samlCertificates.createOnce(made(`racer-${i}`))),
      );
      expect(lost).toEqual([]);
      const kept = new Set(won.map((record) => record?.certificate));
      expect(kept.size).toBe(1);
      expect((await store.samlCertificates.get(POOL, "signing", ""))?.certificate).toBe([...kept][0]);
    });

    it("keeps encryption keys per identity provider, apart from the signing key, and forgets a deleted provider's", async () => {
      const { store } = ctx();
      await seedPool(store);
      const okta = made("okta-cert", { purpose: "encryption", providerName: "Okta" });
      const entra = made("entra-cert", { purpose: "encryption", providerName: "Entra" });
      await store.samlCertificates.createOnce(made("signing-cert"));
      expect(await store.samlCertificates.createOnce(okta)).toEqual(okta);
      expect(await store.samlCertificates.createOnce(entra)).toEqual(entra);
      expect(await store.samlCertificates.get(POOL, "encryption", "Okta")).toEqual(okta);
      expect(await store.samlCertificates.get(POOL, "signing", "Okta")).toBeNull();

      await store.samlCertificates.deleteProvider(POOL, "Okta");
      expect(await store.samlCertificates.get(POOL, "encryption", "Okta")).toBeNull();
      expect(await store.samlCertificates.get(POOL, "encryption", "Entra")).toEqual(entra);
      // The pool's signing key is no provider's.
      await store.samlCertificates.deleteProvider(POOL, "");
      expect((await store.samlCertificates.get(POOL, "signing", ""))?.certificate).toBe("signing-cert");
    });

    it("refuses a pool that does not exist, and goes with its pool", async () => {
      const { store } = ctx();
      expect(
        await store.samlCertificates.createOnce(made("orphan", { poolId: "us-east-1_Missing1" })),
      ).toBeNull();
      await seedPool(store);
      await store.samlCertificates.createOnce(made("doomed"));
      await store.pools.delete(POOL);
      expect(await store.samlCertificates.get(POOL, "signing", "")).toBeNull();
    });
  });
}
