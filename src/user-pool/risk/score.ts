/**
 * The account-takeover risk of a sign-in, from what cognate can observe: the device, the address
 * and its network, recent failed passwords, the distance from the last located sign-in, and lists
 * of known-bad addresses. Each signal adds its weight; the sum gives the level. The signals table of
 * docs/threat-protection.md is this file.
 */
import { addressKey, networkOf } from "./ip-ranges.js";

/** Each signal's weight (points out of 100). */
export const RISK_WEIGHTS = {
  /** A device (the user's DEVICE_KEY, else the User-Agent) none of the user's sign-ins used. */
  newDevice: 20,
  /** An address none of the user's sign-ins came from, in a network (/24, /48) one did. */
  newAddress: 10,
  /** A network none of the user's sign-ins came from. */
  newNetwork: 25,
  /** Each failed password for the user in the last 15 minutes, up to four. */
  failedAttempt: 8,
  /** Farther from the last located sign-in than 900 km/h allows (and over 500 km). */
  impossibleTravel: 45,
  /** An address on the configured list of known-bad addresses. */
  riskyAddress: 50,
  /** An address of a sign-in the user or an admin marked Invalid (not them). */
  reportedAddress: 50,
} as const;

/** The least score of each level; below Low a sign-in has no risk. */
export const RISK_LEVELS = { Low: 25, Medium: 50, High: 75 } as const;

export const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 4;
const MAX_SPEED_KMH = 900;
const MIN_TRAVEL_KM = 500;

export type RiskSignal = keyof typeof RISK_WEIGHTS;
export type RiskLevel = keyof typeof RISK_LEVELS;

/** A point on the earth, in degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** What a sign-in showed. */
export interface Observed {
  ip?: string;
  /** The device's identities: `key:<DEVICE_KEY>` for a device of the user's, `ua:<digest>` for its User-Agent. */
  devices?: readonly string[];
  location?: GeoPoint;
}

/** A sign-in of the user's before this one, as its auth event recorded it. */
export interface PastSignIn extends Observed {
  at: number;
  /** It passed (a trusted baseline unless reported). */
  ok: boolean;
  /** It failed on a wrong password (not a refusal by threat protection, not an unanswered challenge). */
  failed?: boolean;
  /** Marked Invalid by feedback: it was not the user. */
  reported: boolean;
}

/** A scored sign-in. */
export interface RiskScore {
  score: number;
  level?: RiskLevel;
  signals: RiskSignal[];
}

/**
 * Great-circle distance in kilometres (haversine, mean earth radius).
 *
 * @example
 * ```ts
 * distanceKm({ latitude: 51.5, longitude: -0.13 }, { latitude: 40.71, longitude: -74.01 }); // ~5570
 * ```
 */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function impossibleTravel(now: number, here: GeoPoint, last: PastSignIn | undefined): boolean {
  if (last?.location === undefined) return false;
  const km = distanceKm(last.location, here);
  // A minute's floor keeps two sign-ins in the same second from dividing by zero.
  const hours = Math.max(now - last.at, 60_000) / 3_600_000;
  return km > MIN_TRAVEL_KM && km / hours > MAX_SPEED_KMH;
}

/**
 * Scores a sign-in against the user's earlier ones (newest first). A user's first sign-in has
 * nothing to compare with: device, address and travel count only once there is a trusted one.
 *
 * @example
 * ```ts
 * scoreSignIn(Date.now(), { ip: "198.51.100.7", devices: ["ua:1f2e3d4c5b6a7988"] }, history, false);
 * // { score: 45, level: "Low", signals: ["newDevice", "newNetwork"] }
 * ```
 */
export function scoreSignIn(
  now: number,
  seen: Observed,
  history: readonly PastSignIn[],
  risky: boolean,
): RiskScore {
  const signals: RiskSignal[] = [];
  let score = 0;
  const add = (signal: RiskSignal, times = 1) => {
    signals.push(signal);
    score += RISK_WEIGHTS[signal] * times;
  };
  const trusted = history.filter((event) => event.ok && !event.reported);
  if (trusted.length > 0) {
    const devices = seen.devices ?? [];
    if (devices.length > 0 && !trusted.some((event) => event.devices?.some((id) => devices.includes(id))))
      add("newDevice");
    const network = networkOf(seen.ip);
    // An address that cannot be read could be any network: it counts as a new one, never as home.
    const unreadable = seen.ip !== undefined && network === undefined;
    if (unreadable || (network !== undefined && !trusted.some((event) => networkOf(event.ip) === network)))
      add("newNetwork");
    else if (network !== undefined && !trusted.some((event) => addressKey(event.ip) === addressKey(seen.ip)))
      add("newAddress");
    if (
      seen.location !== undefined &&
      impossibleTravel(
        now,
        seen.location,
        trusted.find((event) => event.location !== undefined),
      )
    )
      add("impossibleTravel");
  }
  const lastSuccess = trusted[0]?.at ?? -Infinity;
  const failures = history.filter(
    (event) => event.failed === true && event.at > Math.max(lastSuccess, now - FAILURE_WINDOW_MS),
  ).length;
  if (failures > 0) add("failedAttempt", Math.min(failures, MAX_FAILURES));
  if (risky) add("riskyAddress");
  const address = addressKey(seen.ip);
  if (address !== undefined && history.some((event) => event.reported && addressKey(event.ip) === address))
    add("reportedAddress");
  score = Math.min(score, 100);
  const level =
    score >= RISK_LEVELS.High
      ? "High"
      : score >= RISK_LEVELS.Medium
        ? "Medium"
        : score >= RISK_LEVELS.Low
          ? "Low"
          : undefined;
  return { score, ...(level === undefined ? {} : { level }), signals };
}
