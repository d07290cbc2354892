/**
 * serveTrigger's memory of the trigger ids it accepted, to refuse a replay: bounded in count, each
 * id forgotten once its request could no longer be accepted anyway.
 */

/** How far a request's timestamp may be from the receiver's clock: 60 s (both are the operator's). */
export const DEFAULT_SKEW_SECONDS = 60;
/** Ids remembered at most: 100,000 (about 12 MB), over 800 requests a second at the default skew. */
export const DEFAULT_REMEMBERED_IDS = 100_000;

/**
 * The trigger ids accepted, each kept until the second its request stops being acceptable:
 * max(arrival, timestamp) + skew. Kept only until arrival + skew, a request stamped ahead of this
 * clock could be replayed after its id was forgotten. Held in buckets by that second, so
 * forgetting costs one step per second passed and per id forgotten, never a scan of the rest.
 * `remember(id, at, timestamp)` (epoch seconds: the arrival, the request's stamp) answers "ok"
 * (remembered now), "replay" (already held), "stale" (its id may have been forgotten already: after
 * the clock was set back, a request older than what was forgotten) or "full" (`maxIds` acceptable
 * ids held: refuse).
 *
 * @example
 * ```ts
 * const remember = replayMemory(60, 100_000);
 * remember(id, Math.floor(Date.now() / 1000), timestamp); // "ok", then "replay"
 * ```
 */
export function replayMemory(
  skew: number,
  maxIds: number,
): (id: string, at: number, timestamp: number) => "ok" | "replay" | "stale" | "full" {
  const ids = new Set<string>();
  const buckets = new Map<number, string[]>(); // the second its ids stop being acceptable → the ids
  let forgotten = Number.NEGATIVE_INFINITY; // every bucket before this second is gone
  let warned = false;
  const drop = (second: number) => {
    for (const id of buckets.get(second) ?? []) ids.delete(id);
    buckets.delete(second);
  };
  const forget = (at: number) => {
    if (at <= forgotten) return;
    if (at - forgotten > buckets.size) {
      for (const second of [...buckets.keys()]) if (second < at) drop(second);
    } else for (let second = forgotten; second < at; second++) drop(second);
    forgotten = at;
  };
  return (id: string, at: number, timestamp: number): "ok" | "replay" | "stale" | "full" => {
    forget(at);
    if (ids.has(id)) return "replay";
    // An id is forgotten once max(its arrival, its stamp) + skew is past: a request whose own stamp
    // + skew is before what was forgotten may be a replay of one (only after a clock set back:
    // forward, the endpoint's window refuses such a stamp first). Too old to tell, refused.
    if (timestamp + skew < forgotten) return "stale";
    const until = Math.max(at, timestamp) + skew;
    if (ids.size >= maxIds) {
      if (!warned)
        console.error(
          `cognate: serveTrigger remembers ${maxIds} trigger ids still acceptable and refuses more (503) until they expire; raise maxRememberedIds or lower maxSkewSeconds`,
        );
      warned = true;
      return "full";
    }
    warned = false;
    ids.add(id);
    const bucket = buckets.get(until);
    if (bucket === undefined) buckets.set(until, [id]);
    else bucket.push(id);
    return "ok";
  };
}
