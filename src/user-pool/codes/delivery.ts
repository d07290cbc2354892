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
const text = (value: unknown, fallback: string): string => (typeof value === "string" ? value : fallback);

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
   * (the time it took would tell who exists). A failed delivery is then logged, not answered.
   */
  background?: ((work: Promise<unknown>) => void) | undefined;
}

/**
 * Issues a fresh code for `purpose` ("signup", "forgot_password", "verify:email", ...),
 * replacing the user's last one for it, and sends it with the pool's verification template;
 * returns the CodeDeliveryDetails. The send is counted first: LimitExceededException when the
 * user's sends for this purpose are used up (`limits`, CODE_LIMITS by default; `null`: not counted).
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
  const template = obj(pool.config.VerificationMessageTemplate);
  const body =
    destination.medium === "SMS"
      ? text(template.SmsMessage ?? pool.config.SmsVerificationMessage, DEFAULT_VERIFICATION_MESSAGE)
      : text(template.EmailMessage ?? pool.config.EmailVerificationMessage, DEFAULT_VERIFICATION_MESSAGE);
  const subject =
    destination.medium === "EMAIL"
      ? text(template.EmailSubject ?? pool.config.EmailVerificationSubject, "Your verification code")
      : undefined;
  const delivery = send(ctx, {
    channel: destination.medium,
    to: destination.to,
    userPoolId: pool.id,
    username: user.username,
    subject,
    body: body.replaceAll("{####}", () => code),
    code,
  });
  if (options.background === undefined) await delivery;
  // The error names the sender, never the message or its code.
  else
    options.background(
      delivery.catch((error: unknown) =>
        console.error(
          `cognate: a ${purpose} code for pool ${pool.id} was not delivered: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
        ),
      ),
    );
  return deliveryDetails(destination);
}

/**
 * Sends AdminCreateUser's invitation with the temporary password, on each medium asked for that
 * the user has an address for (SMS by default, as in Cognito); when the user has none of those,
 * on the one they have.
 */
export async function sendInvitation(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  temporary: string,
  mediums: readonly string[],
): Promise<void> {
  const template = obj(obj(pool.config.AdminCreateUserConfig).InviteMessageTemplate);
  const shownName =
    user.attributes.email !== undefined && user.username === user.sub ? user.attributes.email : user.username;
  // Replacer functions: a temporary password (or a name) holding `$&` or `$$` is written as it is.
  const fill = (t: string) =>
    t.replaceAll("{username}", () => shownName).replaceAll("{####}", () => temporary);
  const reachable = (m: string) =>
    Boolean(m === "EMAIL" ? user.attributes.email : user.attributes.phone_number);
  const chosen = mediums.some(reachable) ? mediums : ["EMAIL", "SMS"].filter(reachable).slice(0, 1);
  for (const medium of chosen) {
    const to = medium === "EMAIL" ? user.attributes.email : user.attributes.phone_number;
    if (to === undefined || to === "") continue;
    const body = fill(
      text(
        medium === "EMAIL" ? template.EmailMessage : template.SMSMessage,
        "Your username is {username} and temporary password is {####}.",
      ),
    );
    const subject = medium === "EMAIL" ? text(template.EmailSubject, "Your temporary password") : undefined;
    await send(ctx, {
      channel: medium as "EMAIL" | "SMS",
      to,
      userPoolId: pool.id,
      username: user.username,
      subject,
      body,
      code: temporary,
    });
  }
}
