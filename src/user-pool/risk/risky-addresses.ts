/**
 * Known-bad addresses (threat protection's `riskyAddress` signal): a list of CIDR blocks such as
 * a FireHOL netset or a Tor exit list, kept as sorted, merged intervals so that a lookup is a
 * binary search however long the list is.
 */
import { parseCidr } from "../../policy/conditions/ip.js";
import { clientAddress } from "./ip-ranges.js";

type Interval<T> = [start: T, end: T];

/** A set of address ranges, IPv4 and IPv6, answering membership in O(log n). */
export interface AddressSet {
  has(address: string | undefined): boolean;
  /** How many merged ranges it holds. */
  readonly size: number;
}

function merged<T extends number | bigint>(
  intervals: Interval<T>[],
  successor: (value: T) => T,
): Interval<T>[] {
  intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Interval<T>[] = [];
  for (const next of intervals) {
    const last = out.at(-1);
    if (last !== undefined && next[0] <= successor(last[1])) {
      if (next[1] > last[1]) last[1] = next[1];
    } else out.push([next[0], next[1]]);
  }
  return out;
}

function contains<T extends number | bigint>(intervals: Interval<T>[], value: T): boolean {
  let [low, high] = [0, intervals.length - 1];
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const [start, end] = intervals[middle]!;
    if (value < start) high = middle - 1;
    else if (value > end) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * Reads a list: one CIDR block or address per line or separated by commas or spaces, `#` comments
 * and blank lines ignored; entries that are not addresses are skipped (and counted).
 *
 * @example
 * ```ts
 * const risky = addressSet("# firehol_level1\n203.0.113.0/24\n2001:db8:bad::/48");
 * risky.has("203.0.113.77"); // true
 * ```
 */
export function addressSet(text: string): AddressSet & { skipped: number } {
  const v4: Interval<number>[] = [];
  const v6: Interval<bigint>[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    for (const entry of line.replace(/#.*$/, "").split(/[\s,;]+/)) {
      if (entry === "") continue;
      const cidr = parseCidr(entry);
      if (cidr === undefined) {
        skipped++;
        continue;
      }
      if (cidr.v6) {
        const size = 1n << BigInt(128 - cidr.prefix);
        const start = (cidr.bits / size) * size;
        v6.push([start, start + size - 1n]);
      } else {
        const size = 2 ** (32 - cidr.prefix);
        const start = Math.floor(cidr.bits / size) * size;
        v4.push([start, start + size - 1]);
      }
    }
  }
  const ranges4 = merged(v4, (n) => n + 1);
  const ranges6 = merged(v6, (n) => n + 1n);
  return {
    skipped,
    size: ranges4.length + ranges6.length,
    has(address) {
      const client = address === undefined ? undefined : clientAddress(address);
      if (client === undefined) return false;
      return client.v6 ? contains(ranges6, client.bits) : contains(ranges4, client.bits);
    },
  };
}

/** The empty set: no address is known to be bad. */
export const NO_ADDRESSES: AddressSet = { size: 0, has: () => false };
