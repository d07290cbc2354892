/**
 * The custom senders (AWS: "Custom email sender Lambda trigger", "Custom SMS sender Lambda
 * trigger"): a pool whose `LambdaConfig` sets CustomEmailSender (CustomSMSSender) sends no email
 * (SMS) itself; it invokes the function asynchronously with the code, or the temporary password,
 * encrypted (code-encryption.ts), and the function delivers it. CustomMessage does not run for a
 * medium a sender handles: the sender gets no message to send, only the code.
 */
import { CodeDeliveryFailureException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { codeEncryptionContext, NO_SENDER_KEY } from "./code-encryption.js";
import type { MessageCall, MessageSource } from "./custom-message.js";
import { triggerEvent, userAttributesOf } from "./event.js";
import { hasTrigger, sendThroughTrigger } from "./run.js";

/** The trigger that sends a medium's messages. */
export const SENDER_OF = { EMAIL: "CustomEmailSender", SMS: "CustomSMSSender" } as const;

const REQUEST_TYPE = { EMAIL: "customEmailSenderRequestV1", SMS: "customSMSSenderRequestV1" } as const;

/** Whether the pool's custom sender, not cognate, delivers `medium`'s messages. */
export function sentByTrigger(pool: PoolRecord, medium: "EMAIL" | "SMS"): boolean {
  return hasTrigger(pool, SENDER_OF[medium]);
}

/**
 * Refuses, before any code is issued, a custom sender that could not be given one: with no
 * encryption key configured (`triggers.senderKey`), a code is never sent in clear.
 *
 * @throws {CodeDeliveryFailureException} naming the missing setting.
 */
export function requireSenderKey(ctx: UserPoolContext): void {
  if (ctx.codeEncrypter === undefined) {
    console.error(`cognate: ${NO_SENDER_KEY}`);
    throw new CodeDeliveryFailureException(NO_SENDER_KEY);
  }
}

/**
 * Hands `code` (a code, or AdminCreateUser's temporary password) to the pool's custom sender for
 * `medium`: the event `CustomEmailSender_<source>` / `CustomSMSSender_<source>` with `type`, the
 * encrypted `code`, `userAttributes` and the call's `clientMetadata`, invoked asynchronously in
 * the call's `background` (its failure is logged, never answered).
 *
 * @throws {CodeDeliveryFailureException} when no encryption key is configured.
 * @example
 * ```ts
 * if (sentByTrigger(pool, "EMAIL")) await sendCodeThroughTrigger(ctx, pool, user, "EMAIL", "SignUp", code, call);
 * ```
 */
export async function sendCodeThroughTrigger(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  medium: "EMAIL" | "SMS",
  source: MessageSource,
  code: string,
  call: MessageCall,
): Promise<void> {
  requireSenderKey(ctx);
  const encrypted = await ctx.codeEncrypter!.encrypt(code, codeEncryptionContext(pool.id));
  const name = SENDER_OF[medium];
  await sendThroughTrigger(
    ctx,
    pool,
    name,
    triggerEvent(ctx, pool, `${name}_${source}`, user.username, call, {
      type: REQUEST_TYPE[medium],
      code: encrypted,
      userAttributes: userAttributesOf(pool, user),
      ...(call.clientMetadata === undefined ? {} : { clientMetadata: call.clientMetadata }),
    }),
    call.background,
  );
}

/** What threat protection tells a custom email sender of a sign-in (its AccountTakeOverNotification). */
export interface TakeoverNotice {
  eventId: string;
  username: string;
  ipAddress: string;
  /** What was done: BLOCK, MFA or NO_ACTION. */
  action: string;
  linkValid: string;
  linkInvalid: string;
  loginTime: string;
  feedbackToken: string;
  city?: string | undefined;
  country?: string | undefined;
  deviceName?: string | undefined;
}

/**
 * Hands threat protection's notification to the pool's custom email sender:
 * `CustomEmailSender_AccountTakeOverNotification`, with `code` null and the notice's facts as the
 * `userAttributes` AWS documents for it (EVENT_ID, USER_NAME, IP_ADDRESS, ACCOUNT_TAKE_OVER_ACTION,
 * ONE_CLICK_LINK_VALID, ONE_CLICK_LINK_INVALID, LOGIN_TIME, FEEDBACK_TOKEN, CITY, COUNTRY, DEVICE_NAME),
 * invoked asynchronously in the call's `background` (its failure is logged, never answered).
 */
export async function sendTakeoverNotice(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  notice: TakeoverNotice,
  call: MessageCall,
): Promise<void> {
  const userAttributes: Record<string, string> = {
    EVENT_ID: notice.eventId,
    USER_NAME: notice.username,
    IP_ADDRESS: notice.ipAddress,
    ACCOUNT_TAKE_OVER_ACTION: notice.action,
    ONE_CLICK_LINK_VALID: notice.linkValid,
    ONE_CLICK_LINK_INVALID: notice.linkInvalid,
    LOGIN_TIME: notice.loginTime,
    FEEDBACK_TOKEN: notice.feedbackToken,
    ...(notice.city === undefined ? {} : { CITY: notice.city }),
    ...(notice.country === undefined ? {} : { COUNTRY: notice.country }),
    ...(notice.deviceName === undefined ? {} : { DEVICE_NAME: notice.deviceName }),
  };
  await sendThroughTrigger(
    ctx,
    pool,
    "CustomEmailSender",
    triggerEvent(ctx, pool, "CustomEmailSender_AccountTakeOverNotification", user.username, call, {
      type: REQUEST_TYPE.EMAIL,
      code: null,
      userAttributes,
      ...(call.clientMetadata === undefined ? {} : { clientMetadata: call.clientMetadata }),
    }),
    call.background,
  );
}
