/**
 * What the retention sweep deletes, one named purge per kind of row, each with how long a row is
 * kept past its own time and why. Rows are kept exactly as long as something can still ask for
 * them: a purge never changes an answer the API gives while the answer could matter.
 */
import { UNCONFIRMED_DEVICE_MS, type Repositories } from "../../storage/index.js";
import { CODE_LIMITS_KEPT_MS } from "../codes/limits.js";
import { REVOCATION_FEED_WINDOW_MS } from "../revocation-feed.js";

/** What the purges are told: how long auth events are kept. */
export interface RetentionPolicy {
  /** Auth events older than this are deleted (Cognito keeps two years). */
  authEventsMs: number;
}

/** One purge: deletes up to `limit` rows of its kind older than `keptMs(policy)` before `now`. */
export interface Purge {
  name: string;
  keptMs(policy: RetentionPolicy): number;
  run(store: Repositories, before: number, limit: number): Promise<number>;
}

const HOUR_MS = 3_600_000;

/** Every purge, in the order a sweep runs them. */
export const PURGES: readonly Purge[] = [
  {
    // Kept an hour past expiry so that a late answer is told its session expired, not that it is unknown.
    name: "authSessions",
    keptMs: () => HOUR_MS,
    run: (store, before, limit) => store.sessions.purgeExpired(before, limit),
  },
  {
    // A revoked family is refused (GetUser, the revocation feed) by its kept rows: they stay until
    // every access token of the family has expired and the feed's window has passed its revocation.
    name: "refreshTokens",
    keptMs: () => REVOCATION_FEED_WINDOW_MS,
    run: (store, before, limit) => store.refreshTokens.purgeExpired(before, limit),
  },
  {
    name: "codes",
    keptMs: () => 0,
    run: (store, before, limit) => store.codes.purgeSpent(before, limit),
  },
  {
    name: "codeLimits",
    keptMs: () => CODE_LIMITS_KEPT_MS,
    run: (store, before, limit) => store.codeLimits.purgeStale(before, limit),
  },
  {
    name: "unconfirmedDevices",
    keptMs: () => UNCONFIRMED_DEVICE_MS,
    run: (store, before, limit) => store.devices.purgeUnconfirmed(before, limit),
  },
  {
    // A replayed authorization code revokes what its first exchange issued, so it is recognised for an hour.
    name: "authorizationCodes",
    keptMs: () => HOUR_MS,
    run: (store, before, limit) => store.oauthCodes.purgeExpired(before, limit),
  },
  {
    name: "browserSessions",
    keptMs: () => 0,
    run: (store, before, limit) => store.browserSessions.purge(before, limit),
  },
  {
    name: "federationStates",
    keptMs: () => 0,
    run: (store, before, limit) => store.federationStates.purgeExpired(before, limit),
  },
  {
    // Kept to the assertion's own expiry (NotOnOrAfter plus the skew), past which it is refused anyway.
    name: "samlAssertions",
    keptMs: () => 0,
    run: (store, before, limit) => store.samlAssertions.purgeExpired(before, limit),
  },
  {
    name: "authEvents",
    keptMs: (policy) => policy.authEventsMs,
    run: (store, before, limit) => store.authEvents.purgeBefore(before, limit),
  },
];
