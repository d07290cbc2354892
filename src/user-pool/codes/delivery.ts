/**
 * Codes and invitations through the context's sender. A code is stored only as a hash; the
 * message (and the outbox, in development) is the only place it exists in clear.
 */
import { CodeDeliveryFailureException } from "../../protocol/json/index.js";
import { DeliveryError, type OutboundMessage } from "../../delivery/message.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import { usernameKey } from "../../storage/repos/user-record.js";
import type { UserPoolContext } from "../context.js";
import { CODE_LIMITS, generateCode, maskDestination } from "../rules/codes.js";
import type { CodeLimits } from "../../storage/index.js";
import { countSend } from "./limits.js";
import { codeHashKey, keyedCodeHash } from "../keys/code-key.js";
import {
  CODE_PARAMETER,
  customMessage,
  type MessageCall,
  type MessageSource,
  type MessageText,
} from "../triggers/custom-message.js";
import { requireSenderKey, sendCodeThroughTrigger, sentByTrigger } from "../triggers/custom-sender.js";
import { BACKGROUND } from "../triggers/background.js";
import { hasTrigger } from "../triggers/run.js";
import { FORGOT_PASSWORD } from "./purposes.js";

/** How many wrong tries a code takes before LimitExceededException. */
export const CODE_MAX_ATTEMPTS = 5;

/** Where a message goes: the attribute, its value and the medium. */
export interface Destination {
  attribute: "email" | "phone_number";
  to: string;
  medium: "EMAIL" | "SMS";
}

type Settings = Record<string, unknown>;
const obj = (value: unknown): Settings =>
  typeof value === "object" && value !== null ? (value as Settings) : {};
const textOr = (value: unknown, fallback: string): string => (typeof value === "string" ? value : fallback);

/** Cognito's default verification message, by SMS and by email, when the pool sets none. */
const DEFAULT_VERIFICATION_MESSAGE = "Your verification code is {####}. ";

/**
 * The hash a code is stored as: HMAC-SHA-256 over pool, user, purpose and code, under a key
 * derived from the master key (keys/code-key.ts), so a copy of the database yields no code.
 */
export async function codeHash(
  ctx: UserPoolContext,
  poolId: string,
  username: string,
  purpose: string,
  code: string,
): Promise<string> {
  return keyedCodeHash(
    await codeHashKey(await ctx.masterKey()),
    poolId,
    usernameKey(username),
    purpose,
    code,
  );
}

/** Where sign-up codes go: a phone number the pool auto-verifies, else such an email; or none. */
export function verificationDestination(
  pool: PoolRecord,
  attributes: Record<string, string>,
): Destination | undefined {
  const auto = Array.isArray(pool.config.AutoVerifiedAttributes)
    ? (pool.config.AutoVerifiedAttributes as string[])
    : [];
  if (auto.includes("phone_number") && attributes.phone_number)
    return { attribute: "phone_number", to: attributes.phone_number, medium: "SMS" };
  if (auto.includes("email") && attributes.email)
    return { attribute: "email", to: attributes.email, medium: "EMAIL" };
  return undefined;
}

/** CodeDeliveryDetailsType of a destination, masked as Cognito shows it. */
export function deliveryDetails(destination: Destination): Record<string, string> {
  return {
    Destination: maskDestination(destination.to),
    DeliveryMedium: destination.medium,
    AttributeName: destination.attribute,
  };
}

/** Sends one message; a sender failure is CodeDeliveryFailureException. */
export async function send(ctx: UserPoolContext, message: Omit<OutboundMessage, "at">): Promise<void> {
  try {
    await ctx.sender.send({ at: new Date(ctx.now()).toISOString(), ...message });
  } catch (error) {
    if (error instanceof DeliveryError)
      throw new CodeDeliveryFailureException("Unable to deliver the message.", { cause: error }); // [?] words
    throw error;
  }
}

/**
 * Issues a fresh sign-up code (replacing the last) and sends it with the pool's verification
 * template; returns the CodeDeliveryDetails.
 */
export async function sendSignUpCode(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  destination: Destination,
  ttlMs: number,
  limits: CodeLimits | null = CODE_LIMITS,
  options: SendOptions = {},
): Promise<Record<string, string>> {
  return sendCode(ctx, pool, user, destination, "signup", ttlMs, limits, options);
}

/** How a code is sent. */
export interface SendOptions {
  /**
   * Deliver after answering, through this (the request's `background`): for a client that hides
   * user existence, whose simulated answer waits for no delivery, so a real one must not either
   * (the time it took would tell who exists). A failed delivery (or message trigger) is then
   * logged, not answered.
   */
  background?: ((work: Promise<unknown>) => void) | undefined;
  /**
   * Why the code is sent, as the message triggers name it; by default the purpose's (SignUp,
   * ForgotPassword, VerifyUserAttribute).
   */
  source?: MessageSource | undefined;
  /** The call, for the message triggers' events (`callerContext`, `clientMetadata`). */
  call?: MessageCall | undefined;
}

const SOURCE_OF: Record<string, MessageSource> = { signup: "SignUp", [FORGOT_PASSWORD]: "ForgotPassword" };

/**
 * Issues a fresh code for `purpose` ("signup", "forgot_password", "verify:email", ...),
 * replacing the user's last one for it, and sends it with the pool's verification template (or
 * the CustomMessage trigger's message, or through the custom sender); returns the
 * CodeDeliveryDetails. The send is counted first: LimitExceededException when the user's sends
 * for this purpose are used up (`limits`, CODE_LIMITS by default; `null`: not counted). The
 * message is composed before the code is issued: a trigger that fails leaves the last code as it was.
 */
export async function sendCode(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  destination: Destination,
  purpose: string,
  ttlMs: number,
  limits: CodeLimits | null = CODE_LIMITS,
  options: SendOptions = {},
): Promise<Record<string, string>> {
  if (limits !== null) await countSend(ctx, pool.id, user.username, purpose, limits);
  const template = obj(pool.config.VerificationMessageTemplate);
  const text: MessageText =
    destination.medium === "SMS"
      ? {
          body: textOr(
            template.SmsMessage ?? pool.config.SmsVerificationMessage,
            DEFAULT_VERIFICATION_MESSAGE,
          ),
        }
      : {
          body: textOr(
            template.EmailMessage ?? pool.config.EmailVerificationMessage,
            DEFAULT_VERIFICATION_MESSAGE,
          ),
          subject: textOr(
            template.EmailSubject ?? pool.config.EmailVerificationSubject,
            "Your verification code",
          ),
        };
  const message: CodeMessage = {
    medium: destination.medium,
    to: destination.to,
    source: options.source ?? SOURCE_OF[purpose] ?? "VerifyUserAttribute",
    template: text,
    call: options.call,
  };
  const issue = async () => {
    const code = generateCode();
    const store = await ctx.store();
    const now = ctx.now();
    await store.codes.issue(
      {
        poolId: pool.id,
        username: user.username,
        purpose,
        codeHash: await codeHash(ctx, pool.id, user.username, purpose, code),
        expiresAt: now + ttlMs,
        maxAttempts: CODE_MAX_ATTEMPTS,
      },
      now,
    );
    return code;
  };
  if (options.background === undefined) {
    const deliver = await composeMessage(ctx, pool, user, message);
    await deliver(await issue());
    return deliveryDetails(destination);
  }
  // Answering first: a message trigger runs after the answer too (its time would tell that the
  // user exists); without one, the code is issued now and only the delivery waits.
  let work: () => Promise<void>;
  if (hasTrigger(pool, "CustomMessage") || sentByTrigger(pool, destination.medium))
    work = async () => {
      const deliver = await composeMessage(ctx, pool, user, message);
      await deliver(await issue());
    };
  else {
    const deliver = await composeMessage(ctx, pool, user, message);
    const code = await issue();
    work = () => deliver(code);
  }
  // The error names the sender or the trigger, never the message or its code. The work takes a
  // place in the process's bound on background work; past it, it is dropped (and logged) as a
  // failed delivery would be.
  options.background(
    BACKGROUND.run(`a ${purpose} code delivery for pool ${pool.id}`, () =>
      work().catch((error: unknown) =>
        console.error(
          `cognate: a ${purpose} code for pool ${pool.id} was not delivered: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
        ),
      ),
    ),
  );
  return deliveryDetails(destination);
}

/** One message of a code: where it goes, why, the pool's template for it, and the call. */
export interface CodeMessage {
  medium: "EMAIL" | "SMS";
  to: string;
  source: MessageSource;
  /** The pool's message, with the placeholders `{####}` (and `{username}` for an invitation). */
  template: MessageText;
  call?: MessageCall | undefined;
  /** The name `{username}` stands for in an invitation. */
  shownName?: string | undefined;
}

/**
 * Readies a message of a code before the code exists: the pool's CustomMessage trigger is run
 * (it sees placeholders only), or, where a custom sender takes the medium, its key is checked.
 * Returns what sends the message once the code is made: the code filled in for `{####}` (the
 * name for `{username}`) through the sender port, or the encrypted code to the custom sender.
 *
 * @throws {UserLambdaValidationException} / {InvalidLambdaResponseException} / {UnexpectedLambdaException} from CustomMessage.
 * @throws {CodeDeliveryFailureException} when a custom sender has no key to encrypt with.
 * @example
 * ```ts
 * const deliver = await composeMessage(ctx, pool, user, { medium: "SMS", to, source: "Authentication", template: { body } });
 * await deliver(code);
 * ```
 */
export async function composeMessage(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  message: CodeMessage,
): Promise<(code: string) => Promise<void>> {
  const call = message.call ?? {};
  if (sentByTrigger(pool, message.medium)) {
    requireSenderKey(ctx);
    return (code) => sendCodeThroughTrigger(ctx, pool, user, message.medium, message.source, code, call);
  }
  const text = await customMessage(ctx, pool, user, message.source, message.medium, message.template, call);
  const shown = message.shownName;
  // One pass, with a replacer: a name holding "{####}" (or `$&`) is written as it is.
  const placeholders = shown === undefined ? /\{####\}/g : /\{####\}|\{username\}/g;
  return (code) =>
    send(ctx, {
      channel: message.medium,
      to: message.to,
      userPoolId: pool.id,
      username: user.username,
      subject: message.medium === "EMAIL" ? text.subject : undefined,
      body: text.body.replace(placeholders, (found) => (found === CODE_PARAMETER ? code : shown!)),
      code,
    });
}

/**
 * Sends AdminCreateUser's invitation with the temporary password, on each medium asked for that
 * the user has an address for (SMS by default, as in Cognito); when the user has none of those,
 * on the one they have. Each medium's message is composed (CustomMessage_AdminCreateUser, or the
 * custom sender's key checked) before any is sent.
 */
export async function sendInvitation(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  temporary: string,
  mediums: readonly string[],
  call: MessageCall = {},
): Promise<void> {
  const template = obj(obj(pool.config.AdminCreateUserConfig).InviteMessageTemplate);
  const shownName =
    user.attributes.email !== undefined && user.username === user.sub ? user.attributes.email : user.username;
  const reachable = (m: string) =>
    Boolean(m === "EMAIL" ? user.attributes.email : user.attributes.phone_number);
  const chosen = mediums.some(reachable) ? mediums : ["EMAIL", "SMS"].filter(reachable).slice(0, 1);
  const deliveries: ((code: string) => Promise<void>)[] = [];
  for (const medium of chosen) {
    const to = medium === "EMAIL" ? user.attributes.email : user.attributes.phone_number;
    if (to === undefined || to === "") continue;
    const body = textOr(
      medium === "EMAIL" ? template.EmailMessage : template.SMSMessage,
      "Your username is {username} and temporary password is {####}.",
    );
    const subject = medium === "EMAIL" ? textOr(template.EmailSubject, "Your temporary password") : undefined;
    deliveries.push(
      await composeMessage(ctx, pool, user, {
        medium: medium as "EMAIL" | "SMS",
        to,
        source: "AdminCreateUser",
        template: { body, subject },
        call,
        shownName,
      }),
    );
  }
  for (const deliver of deliveries) await deliver(temporary);
}
