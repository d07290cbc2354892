// Web APIs only. Over the wire, against the Node server: test/sigv4/signature-throttle.test.ts.
import { describe, expect, it } from "vitest";
import { FAILURE_BURST, FAILURE_REFILL_MS, SignatureThrottle, throttleKey } from "./sigv4-throttle.js";

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** One failed verification: a token taken and not given back. */
function fail(throttle: SignatureThrottle, key: string): boolean {
  if (!throttle.take(key)) return false;
  throttle.settle(key, true);
  return true;
}

describe("SignatureThrottle", () => {
  it("allows a burst of 20 failures, then one every 3 seconds", () => {
    expect([FAILURE_BURST, FAILURE_REFILL_MS]).toEqual([20, 3000]);
    const time = clock();
    const throttle = new SignatureThrottle({ now: time.now });
    for (let i = 0; i < 20; i++) expect(fail(throttle, "k")).toBe(true);
    expect(throttle.take("k")).toBe(false);
    time.advance(2999);
    expect(throttle.take("k")).toBe(false);
    time.advance(1);
    expect(fail(throttle, "k")).toBe(true);
    expect(throttle.take("k")).toBe(false);
    time.advance(60_000);
    for (let i = 0; i < 20; i++) expect(fail(throttle, "k")).toBe(true);
    expect(throttle.take("k")).toBe(false);
  });

  it("charges nothing for good signatures, and forgets a key whose budget is whole", () => {
    const throttle = new SignatureThrottle({ now: clock().now });
    for (let i = 0; i < 100; i++) {
      expect(throttle.take("k")).toBe(true);
      throttle.settle("k", false);
    }
    expect(throttle.size).toBe(0);
    for (let i = 0; i < 19; i++) fail(throttle, "k");
    expect(throttle.take("k")).toBe(true);
    throttle.settle("k", false);
    expect(throttle.take("k")).toBe(true);
  });

  it("lets no more verifications run at once than failures are left", () => {
    const throttle = new SignatureThrottle({ burst: 3, now: clock().now });
    const started = Array.from({ length: 10 }, () => throttle.take("k"));
    expect(started.filter(Boolean)).toHaveLength(3);
    throttle.settle("k", false); // one was good: its token comes back
    expect(throttle.take("k")).toBe(true);
    expect(throttle.take("k")).toBe(false);
  });

  it("keeps each key and network apart, and at most maxTracked of them", () => {
    const throttle = new SignatureThrottle({ burst: 2, maxTracked: 100, now: clock().now });
    fail(throttle, "a");
    fail(throttle, "a");
    expect(throttle.take("a")).toBe(false);
    expect(throttle.take("b")).toBe(true);
    for (let i = 0; i < 1000; i++) fail(throttle, `k${i}`);
    expect(throttle.size).toBe(100);
  });
});

describe("throttleKey", () => {
  it("never lets made-up key ids push a real key's spent bucket out, and gives them one bucket per network", () => {
    const throttle = new SignatureThrottle({ maxTracked: 8 });
    const admin = throttleKey("AKIAREALADMIN0000001", "203.0.113.9");
    for (let i = 0; i < 20; i++) fail(throttle, admin);
    expect(throttle.take(admin)).toBe(false);
    // A flood of made-up ids, each its own bucket as a caller that skips the shared key would make them.
    for (let i = 0; i < 100; i++) {
      const key = throttleKey(`AKIAMADEUP${String(i).padStart(10, "0")}`, "203.0.113.9");
      if (throttle.take(key, false)) throttle.settle(key, true);
    }
    expect(throttle.size).toBeLessThanOrEqual(8);
    expect(throttle.take(admin)).toBe(false);
    expect(throttleKey(undefined, "203.0.113.9")).toBe(throttleKey(undefined, "203.0.113.9"));
    expect(throttleKey(undefined, "203.0.113.9")).not.toBe(throttleKey(undefined, "198.51.100.1"));
  });

  it("groups an IPv6 /64, reads a mapped IPv4 address as IPv4, and keeps keys apart", () => {
    expect(throttleKey("AKIA1", "2001:db8:1:2::7")).toBe(throttleKey("AKIA1", "2001:db8:1:2:ffff::1"));
    expect(throttleKey("AKIA1", "2001:db8:1:3::7")).not.toBe(throttleKey("AKIA1", "2001:db8:1:2::7"));
    expect(throttleKey("AKIA1", "::ffff:192.0.2.1")).toBe(throttleKey("AKIA1", "192.0.2.1"));
    expect(throttleKey("AKIA1", "192.0.2.1")).not.toBe(throttleKey("AKIA1", "192.0.2.2"));
    expect(throttleKey("AKIA1", "192.0.2.1")).not.toBe(throttleKey("AKIA2", "192.0.2.1"));
    expect(throttleKey("AKIA1", undefined)).toBe(throttleKey("AKIA1", "not an address"));
    expect(throttleKey("AKIA1", "fe80::1%eth0")).toBe(throttleKey("AKIA1", "fe80::2"));
  });
});
