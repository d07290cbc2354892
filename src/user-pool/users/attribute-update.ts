/**
 * An update of a user's attributes, as UpdateUserAttributes and AdminUpdateUserAttributes make
 * it: aliases kept in step, verification codes of a changed email or phone number revoked, and
 * the pool's UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate honoured: a
 * verified email or phone number listed there stays in use (sign-in, messages, tokens) until the
 * code sent to its replacement is typed; the replacement waits in `pendingAttributes`.
 */
import { AliasExistsException, NotAuthorizedException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord, UserStatus } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { CODE_TTL_MS } from "../rules/codes.js";
import { updatedAttributes } from "./attribute-changes.js";
import { countSend } from "../codes/limits.js";
import { sendCode } from "../codes/delivery.js";
import { claimed, writeWithAliases } from "./aliases.js";
import { usernameAttributesOf } from "./identity.js";
import { verifyPurpose } from "../codes/purposes.js";
import { destinationOf } from "../codes/verification.js";
import { MESSAGES, NAMED } from "../messages.js";
import type { MessageCall } from "../triggers/custom-message.js";

/** The attributes a code verifies, and so the ones that can wait for verification. */
const VERIFIABLE = ["email", "phone_number"] as const;

const listOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);

/**
 * Which changed values wait for verification: the pool lists the attribute in
 * AttributesRequireVerificationBeforeUpdate, the current value is verified, and the change does
 * not itself set the verification flag (which only the admin API may).
 *
 * @example
 * ```ts
 * waitingChanges(pool, { email: "a@x.io", email_verified: "true" }, { email: "b@x.io" }); // { email: "b@x.io" }
 * ```
 */
export function waitingChanges(
  pool: PoolRecord,
  before: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const settings = pool.config.UserAttributeUpdateSettings as
    | { AttributesRequireVerificationBeforeUpdate?: unknown }
    | undefined;
  const listed = listOf(settings?.AttributesRequireVerificationBeforeUpdate);
  const out: Record<string, string> = {};
  for (const name of VERIFIABLE) {
    const value = changes[name];
    if (!listed.includes(name) || value === undefined || value === before[name]) continue;
    if (before[`${name}_verified`] !== "true" || `${name}_verified` in changes || value === "") continue;
    out[name] = value;
  }
  return out;
}

/**
 * Applies a checked change: what may apply now is written (aliases first), what must wait is
 * kept pending with a code sent to it, and a changed email or phone number loses the codes sent
 * for its earlier value. With `sendCodes` (the user's own update), a changed, unverified value of
 * an attribute the pool auto-verifies gets a code too; with `ifStatus`, the attributes are written
 * only while the user still has that status. Returns the updated user and the deliveries made.
 *
 * @throws {AliasExistsException} when the value is another user's alias (a pending one too,
 *   where it is a username attribute).
 */
export async function applyAttributeUpdate(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  changes: Record<string, string>,
  options: { sendCodes: boolean; ifStatus?: UserStatus; call?: MessageCall },
): Promise<{ user: UserRecord; deliveries: Record<string, string>[] }> {
  if (Object.keys(changes).length === 0) return { user, deliveries: [] };
  const store = await ctx.store();
  const waiting = waitingChanges(pool, user.attributes, changes);
  const immediate: Record<string, string> = { ...changes };
  for (const name of Object.keys(waiting)) delete immediate[name];
  for (const [name, value] of Object.entries(waiting)) {
    // A username attribute signs in as soon as it is verified: refuse one taken now, not then.
    if (usernameAttributesOf(pool).includes(name)) {
      const holder = await store.aliases.holder(pool.id, name, value);
      if (
        (holder !== null && holder !== user.sub) ||
        (await store.aliases.clashes(pool.id, user.sub, name, value))
      )
        throw new AliasExistsException(NAMED.aliasExists(name));
    }
  }
  const after = updatedAttributes(user.attributes, immediate);
  const auto = listOf(pool.config.AutoVerifiedAttributes);
  const codeFor = (name: (typeof VERIFIABLE)[number]): string | undefined => {
    if (!(name in changes)) return undefined;
    if (waiting[name] !== undefined) return waiting[name];
    const changed = changes[name] !== user.attributes[name];
    return options.sendCodes &&
      changed &&
      auto.includes(name) &&
      after[`${name}_verified`] !== "true" &&
      after[name]
      ? after[name]
      : undefined;
  };
  // The sends are counted before anything is written: a refused send leaves the user as they were.
  for (const name of VERIFIABLE)
    if (codeFor(name) !== undefined) await countSend(ctx, pool.id, user.username, verifyPurpose(name));
  const updated = await claimed(() =>
    writeWithAliases(ctx, pool, user, after, async () => {
      const written = await store.users.setAttributes(pool.id, user.username, after, {
        now: ctx.now(),
        ifStatus: options.ifStatus,
      });
      // With a status to hold, a miss means the user moved on (not that they are gone).
      if (
        written === null &&
        options.ifStatus !== undefined &&
        (await store.users.get(pool.id, user.username)) !== null
      ) {
        throw new NotAuthorizedException(MESSAGES.invalidSession); // [?] the user changed meanwhile
      }
      return written;
    }),
  );
  const deliveries: Record<string, string>[] = [];
  for (const name of VERIFIABLE) {
    if (!(name in changes)) continue;
    const pending = waiting[name];
    const changed = pending !== undefined || changes[name] !== user.attributes[name];
    // A code sent to an earlier value (or an earlier pending one) must not verify this one.
    if (changed || `${name}_verified` in changes)
      await store.codes.revoke(pool.id, user.username, verifyPurpose(name));
    if (pending !== undefined) {
      await store.pendingAttributes.set(pool.id, user.sub, name, pending, ctx.now());
      deliveries.push(
        await sendCode(
          ctx,
          pool,
          updated,
          destinationOf(name, pending),
          verifyPurpose(name),
          CODE_TTL_MS.verifyAttribute,
          null,
          { source: "UpdateUserAttribute", call: options.call },
        ),
      );
      continue;
    }
    // Set otherwise (the value back, a verified one from the admin, or one that does not wait):
    // the value that waited is dropped, and with it the code sent to it.
    if (await store.pendingAttributes.clear(pool.id, user.sub, name))
      await store.codes.revoke(pool.id, user.username, verifyPurpose(name));
    const to = codeFor(name);
    if (to !== undefined)
      deliveries.push(
        await sendCode(
          ctx,
          pool,
          updated,
          destinationOf(name, to),
          verifyPurpose(name),
          CODE_TTL_MS.verifyAttribute,
          null,
          { source: "UpdateUserAttribute", call: options.call },
        ),
      );
  }
  return { user: updated, deliveries };
}
