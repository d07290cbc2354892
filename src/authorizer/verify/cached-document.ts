import { JwksUnavailableError } from "./errors.js";
import { fetchJson, type FetchPolicy } from "./fetch.js";

/** How long fetched documents (JWKS, discovery) are trusted, and how often they may be fetched. */
export interface CacheTiming {
  now: () => number;
  /** Freshness when the response has no `Cache-Control: max-age`. */
  defaultTtlMs: number;
  /** Bounds applied to `max-age`, so a server can neither pin keys for ever nor force a fetch per request. */
  minTtlMs: number;
  maxTtlMs: number;
  /** After a failed fetch, answer with that failure for this long instead of fetching again. */
  failureBackoffMs: number;
}

export type DocumentOptions = CacheTiming & FetchPolicy;

/**
 * A JSON document fetched from a URL, kept for its freshness lifetime and refreshed by at most
 * one fetch at a time: however many requests wait, they share the fetch in flight.
 */
export class CachedDocument<T> {
  #value: T | undefined;
  #expiresAt = 0;
  #staleUntil = 0;
  #fetchedAt = -Infinity;
  #failure: { at: number; error: JwksUnavailableError } | undefined;
  #inflight: { promise: Promise<T>; startedAt: number } | undefined;

  constructor(
    private readonly url: () => string | Promise<string>,
    private readonly parse: (json: unknown, url: string, previous: T | undefined) => T,
    private readonly options: DocumentOptions,
  ) {}

  /** When the document was last fetched successfully (-Infinity before the first fetch). */
  get fetchedAt(): number {
    return this.#fetchedAt;
  }

  /** The value while it is fresh, else undefined: the synchronous read of the hot path. */
  get fresh(): T | undefined {
    return this.options.now() < this.#expiresAt ? this.#value : undefined;
  }

  /** Until when the current value may be used: its freshness, extended by `stale-if-error` during an outage. */
  get usableUntil(): number {
    return this.#failure === undefined ? this.#expiresAt : this.#staleUntil;
  }

  /** The value, fetched first if it has expired. During an outage a stale value serves while `stale-if-error` allows. */
  async current(): Promise<T> {
    const now = this.options.now();
    if (this.#value !== undefined && now < this.#expiresAt) return this.#value;
    // A refresh already failed and stale-if-error still allows the old value: answer with it at
    // once, and retry in the background (at most once per backoff), instead of making every
    // request wait out another fetch.
    if (this.#value !== undefined && this.#failure !== undefined && now < this.#staleUntil) {
      this.refresh().catch(() => {});
      return this.#value;
    }
    try {
      return await this.refresh();
    } catch (error) {
      if (this.#value !== undefined && this.options.now() < this.#staleUntil) return this.#value;
      throw error;
    }
  }

  /** Fetches now, or joins the fetch in flight, or repeats a failure still inside its backoff. */
  refresh(): Promise<T> {
    const { now, timeoutMs, failureBackoffMs } = this.options;
    const at = now();
    // A load is at most two fetches (discovery, then the JWKS), each bounded by timeoutMs.
    const patience = 2 * timeoutMs + 100;
    // On Workers a fetch belongs to the request that started it; if that request goes away its
    // promise may never settle. An in-flight load older than any load can take is abandoned.
    if (this.#inflight !== undefined && at - this.#inflight.startedAt > patience) this.#inflight = undefined;
    if (this.#inflight === undefined) {
      const failure = this.#failure;
      if (failure !== undefined && at - failure.at < failureBackoffMs) return Promise.reject(failure.error);
      const promise: Promise<T> = this.#load().finally(() => {
        if (this.#inflight?.promise === promise) this.#inflight = undefined;
      });
      this.#inflight = { promise, startedAt: at };
    }
    return withDeadline(this.#inflight.promise, patience);
  }

  async #load(): Promise<T> {
    let url = "";
    try {
      url = await this.url();
      const fetched = await fetchJson(url, this.options);
      const value = this.parse(fetched.json, url, this.#value);
      const { now, defaultTtlMs, minTtlMs, maxTtlMs } = this.options;
      const ttl = Math.min(maxTtlMs, Math.max(minTtlMs, fetched.maxAgeMs ?? defaultTtlMs));
      const at = now();
      this.#value = value;
      this.#fetchedAt = at;
      this.#expiresAt = at + ttl;
      this.#staleUntil = this.#expiresAt + fetched.staleIfErrorMs;
      this.#failure = undefined;
      return value;
    } catch (cause) {
      const error =
        cause instanceof JwksUnavailableError
          ? cause
          : new JwksUnavailableError(url, `${url} is unusable`, { cause });
      this.#failure = { at: this.options.now(), error };
      throw error;
    }
  }
}

/** Every waiter bounds its own wait, so no request hangs on a fetch owned by another. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new JwksUnavailableError("", `gave up waiting for keys after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
