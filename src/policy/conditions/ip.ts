import type { ConditionClause } from "../types.js";
import { firstMatch, INVALID, membership, type Matcher } from "./matcher.js";
import { clip } from "./reason.js";

/** An IPv4 address as a 32-bit number, or an IPv6 address as a 128-bit bigint. */
export type Address =
  | { readonly v6: false; readonly bits: number }
  | { readonly v6: true; readonly bits: bigint };

/** A CIDR block; a single address is a /32 or /128 block. */
export type Cidr = Address & { readonly prefix: number };

const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX = /^(?:0|[1-9]\d{0,2})$/;

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let bits = 0;
  for (const part of parts) {
    if (!OCTET.test(part) || Number(part) > 255) return undefined;
    bits = bits * 256 + Number(part);
  }
  return bits;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const last = halves.length === 2 ? tail : head;
  // A dotted IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  if (last.at(-1)?.includes(".")) {
    const v4 = parseIpv4(last.pop()!);
    if (v4 === undefined) return undefined;
    last.push((v4 >>> 16).toString(16), (v4 & 0xffff).toString(16));
  }
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const groups = [...head, ...Array<string>(8 - count).fill("0"), ...tail];
  let bits = 0n;
  for (const group of groups) {
    if (!HEXTET.test(group)) return undefined;
    bits = (bits << 16n) | BigInt(parseInt(group, 16));
  }
  return bits;
}

/** Reads an IPv4 or IPv6 address (no zone index, no prefix); `undefined` for anything else. */
export function parseAddress(text: string): Address | undefined {
  if (text.includes(":")) {
    const bits = parseIpv6(text);
    return bits === undefined ? undefined : { v6: true, bits };
  }
  const bits = parseIpv4(text);
  return bits === undefined ? undefined : { v6: false, bits };
}

/** Reads a CIDR block (`203.0.113.0/24`, `2001:db8::/32`) or a single address; `undefined` otherwise. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = "", prefix, extra] = text.split("/");
  if (extra !== undefined || (prefix !== undefined && !PREFIX.test(prefix))) return undefined;
  const parsed = parseAddress(address);
  if (parsed === undefined) return undefined;
  const size = parsed.v6 ? 128 : 32;
  const length = prefix === undefined ? size : Number(prefix);
  return length > size ? undefined : { ...parsed, prefix: length };
}

/**
 * Is `address` in `cidr`? Families never mix: like iam-simulate, an IPv4-mapped IPv6 request
 * address (`::ffff:203.0.113.7`) is IPv6 and so is in no IPv4 block, and an IPv4 address is in no
 * IPv6 block (not even `::ffff:0:0/96`).
 */
export function inCidr(address: Address, cidr: Cidr): boolean {
  if (cidr.prefix === 0) return address.v6 === cidr.v6;
  if (!address.v6 && !cidr.v6) return (address.bits ^ cidr.bits) >>> (32 - cidr.prefix) === 0;
  if (address.v6 && cidr.v6) return (address.bits ^ cidr.bits) >> BigInt(128 - cidr.prefix) === 0n;
  return false;
}

/**
 * Compiles `IpAddress`'s and `NotIpAddress`'s values (read as `IpAddress`). A request value that
 * is not an IP address is `INVALID`: it fails both operators, as in iam-simulate.
 */
export function compileIp(clause: ConditionClause): Matcher {
  if (clause.base !== "IpAddress" && clause.base !== "NotIpAddress")
    throw new TypeError(`not an Ip operator: ${clause.base}`);
  const policy = clause.values.map(parseCidr);
  return {
    words: membership("is in", "in"),
    test(value) {
      const address = parseAddress(value);
      return address === undefined ? INVALID : firstMatch(policy, (cidr) => inCidr(address, cidr));
    },
    invalid: (value) =>
      parseAddress(value) === undefined
        ? "is not an IP address"
        : "has no valid policy value to compare with",
    show: (index) => clip(clause.values[index]!),
  };
}
