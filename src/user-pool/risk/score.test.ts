import { describe, expect, it } from "vitest";
import { distanceKm, RISK_LEVELS, RISK_WEIGHTS, scoreSignIn, type PastSignIn } from "./score.js";

const NOW = Date.UTC(2026, 10, 27, 12);
const MINUTE = 60_000;
const LONDON = { latitude: 51.5074, longitude: -0.1278 };
const PARIS = { latitude: 48.8566, longitude: 2.3522 };
const SYDNEY = { latitude: -33.8688, longitude: 151.2093 };

const past = (minutesAgo: number, fields: Partial<PastSignIn> = {}): PastSignIn => ({
  at: NOW - minutesAgo * MINUTE,
  ok: true,
  reported: false,
  ...fields,
});
const HOME: PastSignIn = past(60 * 24, {
  ip: "198.51.100.7",
  devices: ["key:dev-1", "ua:aaaa"],
  location: LONDON,
});

describe("distanceKm", () => {
  it("measures great circles", () => {
    expect(distanceKm(LONDON, PARIS)).toBeGreaterThan(340);
    expect(distanceKm(LONDON, PARIS)).toBeLessThan(345);
    expect(distanceKm(LONDON, SYDNEY)).toBeGreaterThan(16_900);
    expect(distanceKm(LONDON, LONDON)).toBe(0);
  });
});

describe("scoreSignIn", () => {
  it("finds no risk in a sign-in like the last ones", () => {
    expect(
      scoreSignIn(NOW, { ip: "198.51.100.7", devices: ["ua:aaaa"], location: LONDON }, [HOME], false),
    ).toEqual({ score: 0, signals: [] });
  });

  it("compares nothing on a first sign-in, but still counts failures and bad addresses", () => {
    expect(
      scoreSignIn(NOW, { ip: "203.0.113.9", devices: ["ua:bbbb"], location: SYDNEY }, [], false),
    ).toEqual({ score: 0, signals: [] });
    const failures = [past(1, { ok: false, failed: true }), past(2, { ok: false, failed: true })];
    expect(scoreSignIn(NOW, { ip: "203.0.113.9" }, failures, true)).toEqual({
      score: 2 * RISK_WEIGHTS.failedAttempt + RISK_WEIGHTS.riskyAddress,
      level: "Medium",
      signals: ["failedAttempt", "riskyAddress"],
    });
  });

  it("tells a new address in a known network from a new network", () => {
    expect(scoreSignIn(NOW, { ip: "198.51.100.200", devices: ["ua:aaaa"] }, [HOME], false)).toEqual({
      score: RISK_WEIGHTS.newAddress,
      signals: ["newAddress"],
    });
    const away = scoreSignIn(NOW, { ip: "203.0.113.9", devices: ["ua:aaaa"] }, [HOME], false);
    expect(away).toEqual({ score: RISK_WEIGHTS.newNetwork, level: "Low", signals: ["newNetwork"] });
    // IPv6 networks are /48s, and an IPv4-mapped address is its IPv4 address.
    const v6 = past(60, { ip: "2001:db8:1:2::7" });
    expect(scoreSignIn(NOW, { ip: "2001:db8:1:ff::1" }, [v6], false).signals).toEqual(["newAddress"]);
    expect(scoreSignIn(NOW, { ip: "2001:db8:2::1" }, [v6], false).signals).toEqual(["newNetwork"]);
    expect(scoreSignIn(NOW, { ip: "::ffff:198.51.100.7" }, [HOME], false).signals).toEqual([]);
  });

  it("counts an address it cannot read as a new network, never as home", () => {
    for (const ip of ["not-an-ip", "198.51.100.007", "198.51.100.7, 203.0.113.5", ""]) {
      expect(scoreSignIn(NOW, { ip, devices: ["ua:aaaa"] }, [HOME], false).signals, ip).toEqual([
        "newNetwork",
      ]);
    }
    expect(scoreSignIn(NOW, { devices: ["ua:aaaa"] }, [HOME], false).signals).toEqual([]);
  });

  it("knows a device by any of its identities", () => {
    expect(
      scoreSignIn(NOW, { ip: "198.51.100.7", devices: ["key:dev-1", "ua:cccc"] }, [HOME], false).signals,
    ).toEqual([]);
    expect(scoreSignIn(NOW, { ip: "198.51.100.7", devices: ["ua:cccc"] }, [HOME], false)).toEqual({
      score: RISK_WEIGHTS.newDevice,
      signals: ["newDevice"],
    });
  });

  it("adds up a new device on a new network to Low, and impossible travel on top to High", () => {
    const newPlace = scoreSignIn(
      NOW,
      { ip: "203.0.113.9", devices: ["ua:zzzz"], location: PARIS },
      [HOME],
      false,
    );
    expect(newPlace).toEqual({ score: 45, level: "Low", signals: ["newDevice", "newNetwork"] });
    const travelled = scoreSignIn(
      NOW,
      { ip: "203.0.113.9", devices: ["ua:zzzz"], location: SYDNEY },
      [past(30, { ...HOME, at: NOW - 30 * MINUTE })],
      false,
    );
    expect(travelled).toEqual({
      score: 90,
      level: "High",
      signals: ["newDevice", "newNetwork", "impossibleTravel"],
    });
  });

  it("allows travel a plane could make, and short hops at any speed", () => {
    const yesterday = past(60 * 24, { ...HOME });
    expect(scoreSignIn(NOW, { ip: "198.51.100.7", location: SYDNEY }, [yesterday], false).signals).toEqual(
      [],
    );
    // London to Paris in ten minutes: over 900 km/h, but under 500 km (locations are approximate).
    expect(
      scoreSignIn(
        NOW,
        { ip: "198.51.100.7", location: PARIS },
        [past(10, { ...HOME, at: NOW - 10 * MINUTE })],
        false,
      ).signals,
    ).toEqual([]);
    // Sydney two hours after London: 8,450 km/h.
    expect(
      scoreSignIn(
        NOW,
        { ip: "198.51.100.7", location: SYDNEY },
        [past(120, { ...HOME, at: NOW - 120 * MINUTE })],
        false,
      ).signals,
    ).toEqual(["impossibleTravel"]);
  });

  it("counts failures since the last success within 15 minutes, at most four", () => {
    const history = [
      past(1, { ok: false, failed: true }),
      past(2, { ok: false, failed: true }),
      past(3, { ok: false, failed: true }),
      past(4, { ok: false, failed: true }),
      past(5, { ok: false, failed: true }),
      past(6, { ok: false, failed: true }),
      HOME,
    ];
    expect(scoreSignIn(NOW, { ip: "198.51.100.7" }, history, false)).toEqual({
      score: 4 * RISK_WEIGHTS.failedAttempt,
      level: "Low",
      signals: ["failedAttempt"],
    });
    expect(
      scoreSignIn(NOW, { ip: "198.51.100.7" }, [past(20, { ok: false, failed: true }), HOME], false).signals,
    ).toEqual([]);
    expect(
      scoreSignIn(NOW, { ip: "198.51.100.7" }, [past(1), past(2, { ok: false, failed: true }), HOME], false)
        .signals,
    ).toEqual([]);
    // Refused or unanswered sign-ins are not failed passwords.
    expect(
      scoreSignIn(NOW, { ip: "198.51.100.7" }, [past(1, { ok: false }), past(2, { ok: false }), HOME], false)
        .signals,
    ).toEqual([]);
  });

  it("trusts no sign-in that feedback marked Invalid, and flags its address", () => {
    const stolen = past(30, { ip: "203.0.113.9", devices: ["ua:evil"], reported: true });
    expect(scoreSignIn(NOW, { ip: "203.0.113.9", devices: ["ua:evil"] }, [stolen, HOME], false)).toEqual({
      score: RISK_WEIGHTS.newDevice + RISK_WEIGHTS.newNetwork + RISK_WEIGHTS.reportedAddress,
      level: "High",
      signals: ["newDevice", "newNetwork", "reportedAddress"],
    });
  });

  it("caps the score at 100 and maps it onto the levels", () => {
    const worst = scoreSignIn(
      NOW,
      { ip: "203.0.113.9", devices: ["ua:zzzz"], location: SYDNEY },
      [past(1, { ok: false, failed: true }), past(5, { ...HOME, at: NOW - 5 * MINUTE })],
      true,
    );
    expect(worst.score).toBe(100);
    expect(worst.level).toBe("High");
    expect(RISK_LEVELS.Low).toBeLessThan(RISK_LEVELS.Medium);
    expect(RISK_LEVELS.Medium).toBeLessThan(RISK_LEVELS.High);
  });
});
