/**
 * The CodeDeliveryDetails a client that hides users (PreventUserExistenceErrors ENABLED) shows
 * for a name nobody holds (ForgotPassword, ResendConfirmationCode): the medium and attribute the
 * pool would use for a real user, and a masked destination shaped as a real one, drawn from a
 * keyed hash of (pool, name) so it is stable per name yet tells nothing about it.
 */
import type { PoolRecord } from "../../../storage/index.js";
import type { UserPoolContext } from "../../context.js";
import { derivedSecret } from "../../keys/master-key.js";
import { hmacSha256 } from "../../srp/index.js";
import { nameKey } from "../../srp-name.js";
import { utf8 } from "../../../util/encoding.js";
import { deliveryDetails } from "./delivery.js";

/** The medium a simulated code "went" by. */
export type SimulatedMedium = "EMAIL" | "SMS";

// Weighted alphabets, one character per weight unit. First letters of given names (roughly,
// English-speaking countries) for the address's first letter; providers' first letters
// (gmail, yahoo, hotmail, outlook, icloud, aol, live, msn/me, protonmail, ...) for the domain's.
const INITIALS = "aaaaaaaaabbbbcccccccddddddeeeefffggghhhijjjjjjjjjjkkkkkkllllllmmmmmmmmmnnnooppprrrrrssssssstttttuvwwxyyz";
const DOMAINS = "ggggggggggggggggggggyyyyyhhhhhoooooiiiaaallmmppcdefknrstuw";

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{5,}$/;

// Its own label: what the hash draws must not relate to any other derived secret's output.
const secretOf = async (ctx: UserPoolContext) => derivedSecret(await ctx.masterKey(), "cognate-dst-");

const pick = (alphabet: string, high: number, low: number): string => alphabet[((high << 8) | low) % alphabet.length]!;

/**
 * A simulated CodeDeliveryDetails for `typed` by `medium`. A name that is itself an address of
 * that medium is masked as it is, since a real user's would be.
 *
 * @example
 * ```ts
 * await simulatedDelivery(ctx, pool, "nobody", "EMAIL"); // { Destination: "m****@g****", DeliveryMedium: "EMAIL", AttributeName: "email" }
 * ```
 */
export async function simulatedDelivery(ctx: UserPoolContext, pool: PoolRecord, typed: string, medium: SimulatedMedium): Promise<Record<string, string>> {
  const key = nameKey(pool, typed);
  // A name shaped as the address is the address of a real user who has it (an email or phone the
  // pool signs in with, or a username chosen as one): masked as it is.
  if (medium === "EMAIL" && EMAIL.test(key)) return deliveryDetails({ attribute: "email", to: key.toLowerCase(), medium });
  if (medium === "SMS" && PHONE.test(key)) return deliveryDetails({ attribute: "phone_number", to: key, medium });
  const b = await hmacSha256(await secretOf(ctx), utf8(`${pool.id.length}:${pool.id}${key}`));
  if (medium === "SMS") {
    const digits = Array.from(b.slice(8, 12), (byte) => String(byte % 10)).join("");
    // An E.164 number of 11 digits (+1 and ten), as most pools' users have.
    return deliveryDetails({ attribute: "phone_number", to: `+1555555${digits}`, medium });
  }
  // Half the time the address starts as the name does, as many people's do.
  const own = key[0]?.toLowerCase() ?? "";
  const first = b[0]! < 128 && /^[a-z]$/.test(own) ? own : pick(INITIALS, b[1]!, b[2]!);
  return deliveryDetails({ attribute: "email", to: `${first}@${pick(DOMAINS, b[3]!, b[4]!)}`, medium });
}
