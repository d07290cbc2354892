/**
 * CIDR ranges (IPv4 and IPv6) for RiskExceptionConfiguration's blocked and skipped lists, on the
 * policy engine's address parsing. Unlike an IAM condition, an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d, what a dual-stack Node socket reports) is taken as its IPv4 address here: the
 * lists name the client, however the socket spells it.
 */
import { inCidr, parseAddress, parseCidr, type Address, type Cidr } from "../../policy/conditions/ip.js";

const MAPPED = 0xffffn << 32n;

/**
 * The client's address, an IPv4-mapped IPv6 address read as IPv4; undefined for anything else.
 *
 * @example
 * ```ts
 * clientAddress("::ffff:192.0.2.1"); // { v6: false, bits: 3221225985 }
 * ```
 */
export function clientAddress(text: string): Address | undefined {
  const address = parseAddress(text.replace(/%.*$/, ""));
  if (address?.v6 && address.bits >> 32n === MAPPED >> 32n)
    return { v6: false, bits: Number(address.bits & 0xffffffffn) };
  return address;
}

/**
 * The block a CIDR names, or undefined when the text is not a CIDR (an address alone is not).
 *
 * @example
 * ```ts
 * cidrPrefix("203.0.113.0/24"); // { v6: false, bits: ..., prefix: 24 }
 * cidrPrefix("203.0.113.7"); // undefined
 * ```
 */
export function cidrPrefix(cidr: string): Cidr | undefined {
  return cidr.includes("/") ? parseCidr(cidr) : undefined;
}

/**
 * Whether `address` lies in one of `cidrs` (invalid entries never match).
 *
 * @example
 * ```ts
 * inRanges("203.0.113.9", ["203.0.113.0/24"]); // true
 * inRanges("::ffff:10.1.2.3", ["10.0.0.0/8"]); // true
 * ```
 */
export function inRanges(address: string | undefined, cidrs: readonly string[] | undefined): boolean {
  if (address === undefined || cidrs === undefined || cidrs.length === 0) return false;
  const client = clientAddress(address);
  if (client === undefined) return false;
  return cidrs.some((text) => {
    const cidr = cidrPrefix(text);
    return cidr !== undefined && inCidr(client, cidr);
  });
}

/**
 * Whether a sign-in from `address` falls under a block list: in one of `cidrs`, or present but
 * unreadable (`not-an-ip`, `203.0.113.005`, a list `198.51.100.7, 203.0.113.5`). An address no
 * one can place is the riskiest case, so it is blocked wherever a list applies; an absent one
 * (an admin call without ContextData) gives no signal.
 *
 * @example
 * ```ts
 * inBlockedRanges("203.0.113.9", ["203.0.113.0/24"]); // true
 * inBlockedRanges("not-an-ip", ["203.0.113.0/24"]); // true
 * inBlockedRanges("not-an-ip", []); // false: no list applies
 * ```
 */
export function inBlockedRanges(address: string | undefined, cidrs: readonly string[] | undefined): boolean {
  if (address === undefined || cidrs === undefined || cidrs.length === 0) return false;
  return clientAddress(address) === undefined || inRanges(address, cidrs);
}

/**
 * Whether a sign-in from `address` counts as from the known-bad list: on it, or present but
 * unreadable while a list is loaded (it could hide an address of the list).
 *
 * @example
 * ```ts
 * onRiskyList(addressSet("203.0.113.0/24"), "not-an-ip"); // true
 * onRiskyList(NO_ADDRESSES, "not-an-ip"); // false
 * ```
 */
export function onRiskyList(
  list: { size: number; has(address: string | undefined): boolean },
  address: string | undefined,
): boolean {
  if (address === undefined || list.size === 0) return false;
  return clientAddress(address) === undefined || list.has(address);
}

/**
 * The network an address belongs to for threat protection: its /24 (IPv4) or /48 (IPv6), as a
 * key; undefined for text that is not an address.
 *
 * @example
 * ```ts
 * networkOf("203.0.113.9"); // "203.0.113.0/24"
 * networkOf("2001:db8:1:2::7"); // "2001:db8:1::/48"
 * ```
 */
export function networkOf(address: string | undefined): string | undefined {
  const client = address === undefined ? undefined : clientAddress(address);
  if (client === undefined) return undefined;
  if (!client.v6) return `${[24, 16, 8].map((shift) => (client.bits >>> shift) & 255).join(".")}.0/24`;
  const groups = [112n, 96n, 80n].map((shift) => ((client.bits >> shift) & 0xffffn).toString(16));
  return `${groups.join(":")}::/48`;
}

/**
 * One spelling per address, for comparing addresses however they were written.
 *
 * @example
 * ```ts
 * addressKey("::ffff:192.0.2.1") === addressKey("192.0.2.1"); // true
 * ```
 */
export function addressKey(address: string | undefined): string | undefined {
  const client = address === undefined ? undefined : clientAddress(address);
  return client === undefined
    ? undefined
    : client.v6
      ? `v6:${client.bits.toString(16)}`
      : `v4:${client.bits}`;
}
