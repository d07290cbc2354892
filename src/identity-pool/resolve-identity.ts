/**
 * The identity a set of verified logins belongs to (identity-sync-iam.md §1.4): the one already
 * holding them; a new one when none does; logins it lacks are linked to it; when the logins are held
 * by different identities, those are merged into one (the parent, whose id is returned) and the
 * others are disabled, as Cognito merges them.
 */
import { ResourceConflictException } from "../protocol/json/index.js";
import type { IdentityPoolRecord, IdentityRecord } from "../storage/index.js";
import { inPool, type IdentityPoolContext } from "./context.js";
import { newId } from "./ids.js";
import { MESSAGES } from "./messages.js";

/** A login: a provider (canonical name) and the provider's id for the user. */
export interface Login {
  provider: string;
  subject: string;
}

/**
 * The id of the identity the logins belong to, after any link or merge; `current` is the identity
 * the caller named (GetOpenIdToken, GetCredentialsForIdentity), which takes part in the merge.
 *
 * @throws {ResourceConflictException} when an identity would hold two users of one provider, or more
 *   logins than Cognito allows.
 */
export async function identityForLogins(
  ctx: IdentityPoolContext,
  pool: IdentityPoolRecord,
  logins: readonly Login[],
  current?: IdentityRecord,
): Promise<string> {
  const store = await ctx.store();
  const now = ctx.now();
  const holders = new Set<string>();
  for (const login of logins) {
    const holder = await store.identities.findByLogin(pool.id, login.provider, login.subject);
    if (holder !== null) holders.add(holder);
  }
  if (current !== undefined) holders.add(current.id);
  let parent: string;
  if (holders.size === 0) {
    const first = logins[0]!;
    const made = await inPool(pool.id, () =>
      store.identities.forLogin(pool.id, first.provider, first.subject, newId(ctx.region), now),
    );
    parent = made.identityId;
  } else {
    parent = await mergeAll(ctx, pool, [...holders], current);
  }
  for (const login of logins) {
    const outcome = await store.identities.link(parent, login.provider, login.subject, now);
    if (outcome === "linked" || outcome === "held") continue;
    if (typeof outcome === "object") {
      // Linked elsewhere meanwhile: that identity joins this one.
      if ((await store.identities.merge(pool.id, parent, outcome.heldBy, now)) === "merged") continue;
    }
    throw new ResourceConflictException(MESSAGES.loginConflict);
  }
  return parent;
}

// The parent is the oldest authenticated identity (an unauthenticated one never absorbs a signed-in
// user's); the others are merged into it.
async function mergeAll(
  ctx: IdentityPoolContext,
  pool: IdentityPoolRecord,
  ids: string[],
  current: IdentityRecord | undefined,
): Promise<string> {
  const store = await ctx.store();
  if (ids.length === 1) return ids[0]!;
  const records: IdentityRecord[] = [];
  for (const id of ids) {
    const record = id === current?.id ? current : await store.identities.get(id);
    if (record !== null) records.push(record);
  }
  records.sort(
    (a, b) =>
      Number(b.signedIn || b.logins.length > 0) - Number(a.signedIn || a.logins.length > 0) ||
      a.createdAt - b.createdAt ||
      (a.id < b.id ? -1 : 1),
  );
  const [parent, ...children] = records;
  for (const child of children) {
    if ((await store.identities.merge(pool.id, parent!.id, child.id, ctx.now())) !== "merged")
      throw new ResourceConflictException(MESSAGES.loginConflict);
  }
  return parent!.id;
}
