/**
 * A user's aliases (the verified email or phone, preferred_username, or the login attributes):
 * which ones the attributes give, and moving them when the attributes change.
 */
import { AliasExistsException } from "../../protocol/json/index.js";
import { AliasExistsError, type PoolRecord, type UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { ALIAS_NAMES, aliasAttributesOf, usernameAttributesOf } from "./identity.js";
import { present } from "./lookup.js";
import { NAMED } from "../messages.js";

/** The aliases these attributes give the user: all login attributes, or the verified aliases. */
export function aliasesFor(pool: PoolRecord, attributes: Record<string, string>): Record<string, string> {
  const login = usernameAttributesOf(pool);
  const aliases = aliasAttributesOf(pool);
  const out: Record<string, string> = {};
  for (const name of ALIAS_NAMES) {
    const value = attributes[name];
    if (value === undefined || value === "") continue;
    const verified = name === "preferred_username" || attributes[`${name}_verified`] === "true";
    if (login.includes(name) || (aliases.includes(name) && verified)) out[name] = value;
  }
  return out;
}

/**
 * Moves the user's aliases from what `before` gave to what `after` gives, claiming new ones
 * first; another user's alias is AliasExistsException, and then the aliases this call already
 * claimed go back to what they were, so a refused write leaves no alias behind.
 */
export async function syncAliases(
  ctx: UserPoolContext,
  pool: PoolRecord,
  sub: string,
  before: Record<string, string>,
  after: Record<string, string>,
): Promise<void> {
  const store = await ctx.store();
  const [had, has] = [aliasesFor(pool, before), aliasesFor(pool, after)];
  const done: string[] = [];
  try {
    for (const name of ALIAS_NAMES) {
      if (has[name] !== undefined && has[name]!.toLowerCase() !== had[name]?.toLowerCase()) {
        await claimed(() => store.aliases.claim(pool.id, sub, name, has[name]!, { now: ctx.now() }));
        done.push(name);
      } else if (has[name] === undefined && had[name] !== undefined) {
        await store.aliases.release(pool.id, sub, name);
        done.push(name);
      }
    }
  } catch (error) {
    await restoreAliases(ctx, pool, sub, had, done);
    throw error;
  }
}

/** Puts these aliases of the user back to `had` (best effort: one taken meanwhile stays lost). */
async function restoreAliases(
  ctx: UserPoolContext,
  pool: PoolRecord,
  sub: string,
  had: Record<string, string>,
  names: readonly string[],
): Promise<void> {
  const store = await ctx.store();
  for (const name of names) {
    try {
      if (had[name] === undefined) await store.aliases.release(pool.id, sub, name);
      else await store.aliases.claim(pool.id, sub, name, had[name]!, { now: ctx.now() });
    } catch {
      // Another user took the old value in between: nothing to give back.
    }
  }
}

/**
 * Writes new attributes with their aliases: the aliases move first (so a taken one refuses the
 * write before anything is stored), then `write` runs; when it fails (the user changed or went
 * meanwhile), the aliases go back.
 */
export async function writeWithAliases(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  after: Record<string, string>,
  write: () => Promise<UserRecord | null>,
): Promise<UserRecord> {
  await syncAliases(ctx, pool, user.sub, user.attributes, after);
  try {
    return present(await write());
  } catch (error) {
    try {
      await syncAliases(ctx, pool, user.sub, after, user.attributes);
    } catch {
      // The old aliases were taken meanwhile; the write's own error is the one to report.
    }
    throw error;
  }
}

/** Runs a write that claims aliases, answering a taken one in Cognito's words. */
export async function claimed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AliasExistsError)
      throw new AliasExistsException(NAMED.aliasExists(error.alias), {
        cause: error,
      });
    throw error;
  }
}
