import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause } from "../types.js";
import { evaluateCondition } from "./index.js";
import { parseAddress, parseCidr } from "./ip.js";

const clause = (base: string, values: readonly string[]): ConditionClause => ({
  operator: base,
  base,
  family: "Ip",
  negated: base === "NotIpAddress",
  ifExists: false,
  set: undefined,
  key: "aws:SourceIp",
  keyLower: "aws:sourceip",
  values,
});

const check = (base: string, values: readonly string[], request: string) =>
  evaluateCondition(clause(base, values), normalizeContext({ "aws:SourceIp": request }), true);

describe("IpAddress and NotIpAddress", () => {
  it.each([
    ["IpAddress", ["203.0.113.0/24"], "203.0.113.7", true],
    ["IpAddress", ["203.0.113.0/24"], "203.0.113.255", true],
    ["IpAddress", ["203.0.113.0/24"], "203.0.114.1", false],
    ["IpAddress", ["10.0.0.0/8"], "10.255.255.255", true],
    ["IpAddress", ["10.0.0.0/8"], "11.0.0.0", false],
    ["IpAddress", ["10.1.2.3/8"], "10.9.9.9", true],
    ["IpAddress", ["0.0.0.0/0"], "8.8.8.8", true],
    ["IpAddress", ["203.0.113.7"], "203.0.113.7", true],
    ["IpAddress", ["203.0.113.7"], "203.0.113.8", false],
    ["IpAddress", ["203.0.113.7/32"], "203.0.113.7", true],
    ["IpAddress", ["255.255.255.255/31"], "255.255.255.254", true],
    ["IpAddress", ["128.0.0.0/1"], "127.255.255.255", false],
    ["IpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.1.1", true],
    ["IpAddress", ["2001:db8::/32"], "2001:db8:ffff::1", true],
    ["IpAddress", ["2001:db8::/32"], "2001:DB8::1", true],
    ["IpAddress", ["2001:db8::/32"], "2001:0db8:0000::1", true],
    ["IpAddress", ["2001:db8::/32"], "2001:db9::1", false],
    ["IpAddress", ["2001:db8::1"], "2001:0db8:0:0:0:0:0:1", true],
    ["IpAddress", ["::/0"], "::1", true],
    ["IpAddress", ["::/0"], "8.8.8.8", false],
    ["IpAddress", ["0.0.0.0/0"], "::1", false],
    // IPv4-mapped IPv6 is IPv6 (as in iam-simulate): only IPv6 blocks hold it.
    ["IpAddress", ["203.0.113.0/24"], "::ffff:203.0.113.7", false],
    ["IpAddress", ["::ffff:0:0/96"], "::ffff:203.0.113.7", true],
    ["IpAddress", ["::ffff:203.0.113.0/120"], "::ffff:cb00:7107", true],
    ["IpAddress", ["::ffff:0:0/96"], "203.0.113.7", false],
    ["NotIpAddress", ["203.0.113.0/24"], "198.51.100.7", true],
    ["NotIpAddress", ["203.0.113.0/24"], "203.0.113.7", false],
    ["NotIpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.1.1", false],
    ["NotIpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "172.16.0.1", true],
    ["NotIpAddress", ["203.0.113.0/24"], "::1", true],
    ["NotIpAddress", ["203.0.113.0/24"], "::ffff:203.0.113.7", true],
    ["NotIpAddress", ["2001:db8::/32"], "203.0.113.7", true],
    // A single address is a /32 (iam-simulate says false here: an IPv4 string compare fails on IPv6).
    ["NotIpAddress", ["203.0.113.7"], "::1", true],
  ])("%s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request).matched).toBe(expected);
  });

  // Not an IP address: fails both operators (iam-simulate).
  it.each([
    "not-an-ip",
    "",
    "203.0.113.7/32",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3",
    "1.2.3.4.5",
    " 1.2.3.4",
    "1.2.3.4 ",
    "fe80::1%eth0",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    ":1::",
    "1:2:3:4:5:6:7::8",
    "12345::",
    "::ffff:1.2.3.256",
    "1.2.3.4::",
  ])("%j is not an IP address", (request) => {
    expect(check("IpAddress", ["0.0.0.0/0", "::/0"], request).matched).toBe(false);
    expect(check("NotIpAddress", ["203.0.113.0/24"], request).matched).toBe(false);
  });

  it("explains", () => {
    expect(check("IpAddress", ["203.0.113.0/24"], "198.51.100.7").reason).toBe(
      "aws:SourceIp 198.51.100.7 is in none of 203.0.113.0/24",
    );
    expect(check("IpAddress", ["10.0.0.0/8", "203.0.113.0/24"], "203.0.113.7").reason).toBe(
      "aws:SourceIp 203.0.113.7 is in 203.0.113.0/24",
    );
    expect(check("NotIpAddress", ["10.0.0.0/8"], "nope").reason).toBe(
      "aws:SourceIp nope is not an IP address",
    );
  });
});

describe("parseAddress and parseCidr", () => {
  it.each([
    ["::", 0n],
    ["::1", 1n],
    ["1::", 1n << 112n],
    ["1:2:3:4:5:6:7::", 0x0001000200030004000500060007_0000n],
    ["::2:3:4:5:6:7:8", 0x0000000200030004000500060007_0008n],
    ["::ffff:1.2.3.4", 0xffff_0102_0304n],
  ])("%s", (text, bits) => {
    expect(parseAddress(text)).toEqual({ v6: true, bits });
  });

  it.each(["1.2.3.4/33", "::/129", "1.2.3.4/08", "1.2.3.4/", "1.2.3.4/1/2", "/8", "1.2.3.4/-1"])(
    "%s is not a CIDR block",
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
});
