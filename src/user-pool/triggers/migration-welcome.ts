/**
 * The welcome message of a user UserMigration created: "messageAction: set to SUPPRESS to
 * suppress the welcome message usually sent by Amazon Cognito to new users. If this attribute is
 * not returned, the welcome message will be sent." "desiredDeliveryMediums: EMAIL or SMS; if not
 * returned, the welcome message will be sent by SMS." (Migrate user Lambda trigger.)
 */
import type { PoolRecord } from "../../storage/index.js";
import { sendInvitation } from "../codes/delivery.js";
import type { UserPoolContext } from "../context.js";
import type { MessageCall } from "./custom-message.js";
import type { Migrated } from "./user-migration.js";

/**
 * What the welcome message carries for `{####}`. cognate never sends the password the user typed
 * (the user knows it, and a message is no place for it); a ForgotPassword migration has none.
 */
export const WELCOME_PASSWORD_MASK = "********";

/**
 * Sends a migrated user's welcome message, unless the answer's `messageAction` is SUPPRESS
 * (RESEND sends it): AdminCreateUser's invitation (the pool's InviteMessageTemplate, or
 * CustomMessage_AdminCreateUser, or the custom senders), with {@link WELCOME_PASSWORD_MASK} for
 * the password, on each of `desiredDeliveryMediums` (SMS by default) the user has an address for.
 * The call that migrated answers without it: the message goes to `call.background` (or runs on
 * unawaited without one), and a failure is logged by its type only, never the message.
 *
 * @example
 * ```ts
 * const migrated = await migrateUser(ctx, pool, request);
 * if (migrated !== null) welcomeMigrated(ctx, pool, migrated, { clientId, headers, background });
 * ```
 */
export function welcomeMigrated(
  ctx: UserPoolContext,
  pool: PoolRecord,
  migrated: Migrated,
  call: MessageCall,
): void {
  if (migrated.messageAction === "SUPPRESS") return;
  const work = sendInvitation(
    ctx,
    pool,
    migrated.user,
    WELCOME_PASSWORD_MASK,
    migrated.desiredDeliveryMediums ?? ["SMS"],
    call,
  ).catch((error: unknown) =>
    console.error(
      `cognate: the welcome message of a migrated user in pool ${pool.id} was not sent: ${error instanceof Error ? error.name : typeof error}`,
    ),
  );
  call.background?.(work);
}
