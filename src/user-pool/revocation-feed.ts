/**
 * The revocation feed: `GET /{userPoolId}/revocations?after={epoch ms}` lists what was revoked in
 * the pool since then, so an `authorizer()` in front of an API can refuse revoked tokens that
 * still verify (see its `revocations` option). JWTs are checked without a call home; this feed is
 * what bounds how long a revoked one keeps working.
 *
 * Only sign-in ids (`origin_jti`) and `sub`s are listed, both already in every token, and only
 * the last day (no access or ID token lives longer). Still, a sub can be a working username and the
 * times tell when people sign out, so the feed answers only `Authorization: Bearer <secret>` with
 * the feed secret (`COGNATE_REVOCATION_FEED_SECRET`); without one it is closed.
 */
import type { Context, Hono } from "hono";
import { digests } from "#crypto";
import { timingSafeEqual } from "../util/encoding.js";
import type { UserPoolContext } from "./context.js";
import { USER_POOL_ID } from "./ids.js";
import { NAMED } from "./messages.js";

/** How far back the feed reaches: no access or ID token lives longer than a day. */
export const REVOCATION_FEED_WINDOW_MS = 86_400_000;
const LIMIT = 5000;
const LAG_MS = 10_000;

/** What the feed answers. */
export interface RevocationFeed {
  /** The server's clock (epoch ms) when it answered. */
  now: number;
  /** `origin_jti` of every sign-in revoked after `after`: its tokens are all revoked. */
  families: string[];
  /** Users whose tokens with an `iat` before `at` (epoch ms, compared in seconds) are revoked. */
  users: { sub: string; at: number }[];
  /** Where to go on from: pass it back as `after`. */
  next: number;
  /** Whether the lists were cut: ask again from `next` at once. */
  more: boolean;
}

/** The shortest feed secret accepted: as the webhook's, hard to guess and easy to generate. */
export const MIN_FEED_SECRET_LENGTH = 32;

/** How the feed is served. */
export interface RevocationFeedOptions {
  /**
   * The feed answers only requests with `Authorization: Bearer <secret>` (the `secret` of
   * `authorizer()`'s `revocations` option); others get 401. At least 32 characters. Without one,
   * every request gets 401: the feed is closed.
   */
  secret?: string;
}

/**
 * Mounts the feed; unknown pools get 404 JSON, a bad `after` 400, a missing or wrong secret 401.
 *
 * @example
 * ```ts
 * mountRevocationFeed(app, ctx);
 * // GET /us-east-1_AbCdEfGhI/revocations?after=1750000000000 -> {"now":...,"families":[...],"users":[...],"next":...,"more":false}
 * ```
 */
export function mountRevocationFeed(
  app: Hono,
  ctx: UserPoolContext,
  options: RevocationFeedOptions = {},
): void {
  const { secret } = options;
  if (secret !== undefined && secret.length < MIN_FEED_SECRET_LENGTH)
    throw new TypeError(`the revocation feed secret must be at least ${MIN_FEED_SECRET_LENGTH} characters`);
  const expected = secret === undefined ? undefined : digest(secret);
  const unauthorized = (c: Context) =>
    c.json({ message: "Unauthorized" }, 401, {
      "www-authenticate": 'Bearer realm="cognate"',
      "cache-control": "no-store",
    });
  app.get("/:poolId/revocations", async (c, next) => {
    const poolId = c.req.param("poolId");
    if (poolId.length > 55 || !USER_POOL_ID.test(poolId)) return next();
    // Checked before the pool is looked up, so the feed does not tell which pools exist either.
    if (expected === undefined || !(await presents(c, await expected))) return unauthorized(c);
    const after = c.req.query("after");
    if (after !== undefined && !/^\d{1,15}$/.test(after))
      return c.json({ message: "after must be epoch milliseconds" }, 400);
    const store = await ctx.store();
    if ((await store.pools.get(poolId)) === null) return c.json({ message: NAMED.poolNotFound(poolId) }, 404);
    const now = ctx.now();
    const from = Math.max(Number(after ?? 0), now - REVOCATION_FEED_WINDOW_MS);
    const page = await store.revocations.since(poolId, from, LIMIT);
    // A cut list resumes after its last entry; entries of that same millisecond past the cut are
    // lost, which only a revocation of more than LIMIT sign-ins at once can produce. An uncut one
    // resumes LAG_MS back: a revocation stamped just before `now` may commit just after the read
    // (or come from a server whose clock is a little behind), and listing it twice is harmless.
    const cuts = [page.families, page.users]
      .filter((list) => list.length === LIMIT)
      .map((list) => list.at(-1)!.at);
    const more = cuts.length > 0;
    const cursor = more ? Math.min(...cuts) : Math.max(from, now - LAG_MS);
    const body: RevocationFeed = {
      now,
      families: page.families.map((f) => f.id),
      users: page.users,
      next: cursor,
      more,
    };
    return c.json(body, 200, { "cache-control": "no-store" });
  });
}

const encoder = new TextEncoder();

// Digests of both sides, so the comparison takes the same time whatever the length presented.
async function digest(text: string): Promise<Uint8Array> {
  return await digests.sha256(encoder.encode(text));
}

async function presents(c: Context, expected: Uint8Array): Promise<boolean> {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(c.req.header("authorization") ?? "");
  return match !== null && timingSafeEqual(await digest(match[1]!), expected);
}
