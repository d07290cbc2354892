/**
 * The revocations of a cognate user pool, as the authorizer knows them: polled from the pool's
 * feed (`{issuer}/revocations`, src/user-pool/revocation-feed.ts) and checked in memory.
 *
 * Staleness is bounded: the list is used as is for `refreshMs`; after that a request triggers a
 * refresh in the background and is answered from the list it has; once the list is older than
 * `maxStaleMs`, requests wait for a refresh, and if the feed cannot be read they fail (503) rather
 * than admit a token that may have been revoked. So a revocation bites within `maxStaleMs`.
 */
import { JwksUnavailableError } from "./errors.js";
import { fetchJson, type FetchPolicy } from "./fetch.js";

const DAY_MS = 86_400_000;
const MAX_PAGES = 20;

/** How a pool's feed is polled. */
export interface RevocationPolicy extends FetchPolicy {
  refreshMs: number;
  maxStaleMs: number;
  now: () => number;
  /** Sent as `Authorization: Bearer` to a private feed. */
  secret?: string;
}

interface Feed {
  now: number;
  families: string[];
  users: { sub: string; at: number }[];
  next: number;
  more: boolean;
}

function feedOf(json: unknown): Feed | undefined {
  const f = json as Partial<Feed> | null;
  if (
    typeof f !== "object" ||
    f === null ||
    typeof f.now !== "number" ||
    typeof f.next !== "number" ||
    typeof f.more !== "boolean"
  )
    return undefined;
  if (!Array.isArray(f.families) || !f.families.every((id) => typeof id === "string")) return undefined;
  if (
    !Array.isArray(f.users) ||
    !f.users.every((u) => typeof u?.sub === "string" && typeof u.at === "number")
  )
    return undefined;
  return f as Feed;
}

/**
 * One pool's revocation list.
 *
 * @example
 * ```ts
 * const list = new RevocationList("http://127.0.0.1:8787/us-east-1_AbC/revocations", policy);
 * const revoked = list.revoked(principal.claims); // boolean, or a promise when a refresh must finish first
 * ```
 */
export class RevocationList {
  readonly #families = new Map<string, number>();
  readonly #users = new Map<string, number>();
  #cursor: number | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;

  constructor(
    readonly uri: string,
    private readonly policy: RevocationPolicy,
  ) {}

  /**
   * Whether the token of these claims was revoked: its sign-in (`origin_jti`), or every token of
   * its user issued before a sign-out (`iat` in seconds, as GetUser compares it).
   *
   * @throws {JwksUnavailableError} (from the promise) when the list is too stale and the feed fails.
   */
  revoked(claims: Readonly<Record<string, unknown>>): boolean | Promise<boolean> {
    const age = this.policy.now() - this.#fetchedAt;
    if (age >= this.policy.maxStaleMs) return this.#refresh().then(() => this.#has(claims));
    if (age >= this.policy.refreshMs) this.#refresh().catch(() => undefined);
    return this.#has(claims);
  }

  #has(claims: Readonly<Record<string, unknown>>): boolean {
    if (typeof claims.origin_jti === "string" && this.#families.has(claims.origin_jti)) return true;
    const at = typeof claims.sub === "string" ? this.#users.get(claims.sub) : undefined;
    return at !== undefined && (typeof claims.iat === "number" ? claims.iat : 0) < Math.floor(at / 1000);
  }

  // One refresh at a time; everyone who needs it waits on the same one.
  #refresh(): Promise<void> {
    this.#refreshing ??= this.#poll().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #poll(): Promise<void> {
    const started = this.policy.now();
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = this.#cursor === undefined ? this.uri : `${this.uri}?after=${this.#cursor}`;
      const headers =
        this.policy.secret === undefined ? undefined : { authorization: `Bearer ${this.policy.secret}` };
      const feed = feedOf((await fetchJson(url, this.policy, headers)).json);
      if (feed === undefined) throw new JwksUnavailableError(url, `${url} did not answer a revocation feed`);
      for (const id of feed.families) this.#families.set(id, feed.now);
      for (const { sub, at } of feed.users) this.#users.set(sub, Math.max(at, this.#users.get(sub) ?? 0));
      this.#cursor = feed.next;
      this.#prune(feed.now - DAY_MS);
      if (!feed.more) break;
    }
    this.#fetchedAt = started;
  }

  // No token outlives a day, so neither need its revocation.
  #prune(before: number): void {
    for (const [id, seen] of this.#families) if (seen < before) this.#families.delete(id);
    for (const [sub, at] of this.#users) if (at < before) this.#users.delete(sub);
  }
}
