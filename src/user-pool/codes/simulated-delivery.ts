/**
 * The CodeDeliveryDetails a client that hides users (PreventUserExistenceErrors ENABLED) shows
 * for a name nobody holds (ForgotPassword, ResendConfirmationCode): the medium and attribute the
 * pool would use for a real user, and a masked destination shaped as a real one, drawn from a
 * keyed hash of (pool, name) so it is stable per name yet tells nothing about it.
 */
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { derivedSecret } from "../../runtime/master-key.js";
import { bytesToHex, hexToBytes, hmacSha256 } from "../srp/index.js";
import { nameKey } from "../srp-name.js";
import { utf8 } from "../../util/encoding.js";
import { deliveryDetails } from "./delivery.js";

/** The medium a simulated code "went" by. */
export type SimulatedMedium = "EMAIL" | "SMS";

// Weighted alphabets, one character per weight unit. First letters of given names (roughly,
// English-speaking countries) for the address's first letter; providers' first letters
// (gmail, yahoo, hotmail, outlook, icloud, aol, live, msn/me, protonmail, ...) for the domain's.
const INITIALS =
  "aaaaaaaaabbbbcccccccddddddeeeefffggghhhijjjjjjjjjjkkkkkkllllllmmmmmmmmmnnnooppprrrrrssssssstttttuvwwxyyz";
const DOMAINS = "ggggggggggggggggggggyyyyyhhhhhoooooiiiaaallmmppcdefknrstuw";

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{5,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Its own label: what the hash draws must not relate to any other derived secret's output.
const secretOf = async (ctx: UserPoolContext) => derivedSecret(await ctx.masterKey(), "cognate-dst-");

const pick = (alphabet: string, high: number, low: number): string =>
  alphabet[((high << 8) | low) % alphabet.length]!;

// The address a name nobody holds "has": itself when shaped as one, else drawn from its hash.
async function drawnAddress(
  ctx: UserPoolContext,
  pool: PoolRecord,
  key: string,
  medium: SimulatedMedium,
): Promise<string> {
  // A name shaped as the address is the address of a real user who has it (an email or phone the
  // pool signs in with, or a username chosen as one): masked as it is.
  if (medium === "EMAIL" && EMAIL.test(key)) return key.toLowerCase();
  if (medium === "SMS" && PHONE.test(key)) return key;
  const b = await hmacSha256(await secretOf(ctx), utf8(`${pool.id.length}:${pool.id}${key}`));
  if (medium === "SMS") {
    // An E.164 number of 11 digits (+1 and ten), as most pools' users have.
    return `+1555555${Array.from(b.slice(8, 12), (byte) => String(byte % 10)).join("")}`;
  }
  // Half the time the address starts as the name does, as many people's do.
  const own = key[0]?.toLowerCase() ?? "";
  const first = b[0]! < 128 && /^[a-z]$/.test(own) ? own : pick(INITIALS, b[1]!, b[2]!);
  return `${first}@${pick(DOMAINS, b[3]!, b[4]!)}`;
}

/**
 * The address a simulated delivery to `typed` shows, unmasked (only its masked form ever leaves).
 * A UUID that {@link simulatedUserId} made carries the address of the name it was made for, so
 * that asking by the UUID shows what asking by the name does, as for a real user.
 */
async function simulatedAddress(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typed: string,
  medium: SimulatedMedium,
): Promise<string> {
  const key = nameKey(pool, typed);
  const carried = UUID.test(key.toLowerCase()) ? await carriedAddresses(ctx, pool, key.toLowerCase()) : null;
  if (carried !== null) return medium === "EMAIL" ? carried.email : carried.phone;
  return drawnAddress(ctx, pool, key, medium);
}

/**
 * A simulated CodeDeliveryDetails for `typed` by `medium`. A name that is itself an address of
 * that medium is masked as it is, since a real user's would be.
 *
 * @example
 * ```ts
 * await simulatedDelivery(ctx, pool, "nobody", "EMAIL"); // { Destination: "m****@g****", DeliveryMedium: "EMAIL", AttributeName: "email" }
 * ```
 */
export async function simulatedDelivery(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typed: string,
  medium: SimulatedMedium,
): Promise<Record<string, string>> {
  const to = await simulatedAddress(ctx, pool, typed, medium);
  return deliveryDetails(
    medium === "EMAIL" ? { attribute: "email", to, medium } : { attribute: "phone_number", to, medium },
  );
}

// The UUID's bytes 10-14 carry, XORed with a pad keyed on bytes 0-9: the email address's first
// letter and its domain's, the phone number's length less five and its last four digits.
const uidSecret = async (ctx: UserPoolContext) => derivedSecret(await ctx.masterKey(), "cognate-uid-");
const padFor = async (secret: Uint8Array, head: Uint8Array) =>
  hmacSha256(secret, new Uint8Array([1, ...head]));

function uuidText(b: Uint8Array): string {
  const hex = bytesToHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The UUID (v4 layout) a simulated user answers USER_ID_FOR_SRP with, for a name keyed as the
 * pool keys it: stable per (pool, name), unpredictable without the master key, and carrying (in
 * bits only the server can read) what {@link simulatedDelivery} shows for the name.
 *
 * @example
 * ```ts
 * await simulatedUserId(ctx, pool, "nobody@example.com"); // "3f0c6f0e-…"
 * ```
 */
export async function simulatedUserId(ctx: UserPoolContext, pool: PoolRecord, key: string): Promise<string> {
  const secret = await uidSecret(ctx);
  const b = (await hmacSha256(secret, utf8(`${pool.id.length}:${pool.id}${key}`))).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const [email, phone] = [
    await drawnAddress(ctx, pool, key, "EMAIL"),
    await drawnAddress(ctx, pool, key, "SMS"),
  ];
  const c1 = email.charCodeAt(0),
    c2 = email.charCodeAt(email.indexOf("@") + 1),
    last4 = Number(phone.slice(-4));
  // A letter past one byte (rare) cannot be carried: the UUID then carries none.
  if (c1 > 0xff || c2 > 0xff || phone.length - 5 > 0xff) return uuidText(b);
  const pad = await padFor(secret, b.slice(0, 10));
  for (const [i, value] of [c1, c2, phone.length - 5, last4 >> 8, last4 & 0xff].entries()) {
    b[10 + i] = value ^ pad[i]!;
  }
  return uuidText(b);
}

// The addresses a UUID from simulatedUserId carries, or null for any other UUID.
async function carriedAddresses(
  ctx: UserPoolContext,
  _pool: PoolRecord,
  uuid: string,
): Promise<{ email: string; phone: string } | null> {
  const b = hexToBytes(uuid.replaceAll("-", ""));
  const pad = await padFor(await uidSecret(ctx), b.slice(0, 10));
  const [c1, c2, stars, high, low] = [0, 1, 2, 3, 4].map((i) => b[10 + i]! ^ pad[i]!) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const last4 = (high << 8) | low;
  const letter = (c: number) => c > 0x20 && c !== 0x40 && c !== 0x7f;
  if (!letter(c1) || !letter(c2) || stars < 1 || stars > 14 || last4 > 9999) return null;
  return {
    email: `${String.fromCharCode(c1)}@${String.fromCharCode(c2)}`,
    phone: `+${"5".repeat(stars)}${String(last4).padStart(4, "0")}`,
  };
}
