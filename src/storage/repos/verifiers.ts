/**
 * SRP verifiers at rest. A verifier is `g^x mod N` with `x` a hash of salt and password: whoever
 * reads one tries passwords against it offline (about 1,600 guesses a second per core). So users',
 * devices' and earlier passwords' verifiers are kept sealed (a {@link SecretBox}, the master key's
 * AES-GCM), bound to their owner by the additional data: a sealed verifier moved to another user
 * or device does not open. The repositories seal what they write and open what they read.
 */
import type { SqlDriver } from "../driver.js";
import { NO_SECRET_BOX, type SecretBox } from "./clients.js";

/** The additional data of a user's verifier, current or earlier (password history). */
export const userVerifierContext = (poolId: string, sub: string) => `srp-verifier:${poolId}:${sub}`;

/** The additional data of a device's verifier. */
export const deviceVerifierContext = (poolId: string, sub: string, deviceKey: string) =>
  `device-verifier:${poolId}:${sub}:${deviceKey}`;

/**
 * The stored form of a verifier (hex): sealed. A store without a master key (one no pool can be
 * created in; tools and tests seeding a database) keeps it as given.
 */
export async function sealVerifier(
  box: SecretBox,
  context: string,
  verifier: string | null,
): Promise<string | null> {
  if (verifier === null || box === NO_SECRET_BOX) return verifier;
  return box.seal(context, verifier);
}

/**
 * The verifier (hex) of a stored one. A clear one (stored by a version before verifiers were
 * sealed) is returned as it is: the sweep and {@link sealClearVerifier} seal it. A store without
 * a master key (a tool reading the database) cannot open a sealed one: it shows none.
 *
 * @throws when a sealed one does not open (wrong master key, tampered, another owner's).
 */
export async function openVerifier(
  box: SecretBox,
  context: string,
  stored: string | null,
): Promise<string | null> {
  if (stored === null || !box.isSealed(stored)) return stored;
  if (box === NO_SECRET_BOX) return null;
  return box.open(context, stored);
}

/**
 * Seals a clear verifier in place, compare-and-set on its clear value (so a concurrent password
 * change is never overwritten); the number of rows changed. `where` names the row (its params
 * follow the sealed value); the clear value is compared last.
 */
export async function sealClearVerifier(
  driver: SqlDriver,
  box: SecretBox,
  table: string,
  where: string,
  params: string[],
  context: string,
  stored: string,
): Promise<number> {
  if (box === NO_SECRET_BOX || box.isSealed(stored)) return 0;
  const sealed = await box.seal(context, stored);
  return (
    await driver.run(`UPDATE ${table} SET srp_verifier = ? WHERE ${where} AND srp_verifier = ?`, [
      sealed,
      ...params,
      stored,
    ])
  ).changes;
}

/** The condition of a row whose verifier is still in clear (sealed ones start with `v1.`). */
export const CLEAR_VERIFIER = "srp_verifier IS NOT NULL AND srp_verifier NOT LIKE 'v1.%'";
