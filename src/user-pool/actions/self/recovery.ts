/**
 * What the self-service operations share: where a password-reset code goes (AccountRecoverySetting),
 * a simulated delivery for unknown users, and a typed code checked in Cognito's words.
 */
import {
  CodeMismatchException,
  ExpiredCodeException,
  InvalidParameterException,
  LimitExceededException,
  map,
  ResourceNotFoundException,
  string,
} from "../../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../../storage/index.js";
import type { UserPoolContext } from "../../context.js";
import { ATTEMPT_LIMIT_MESSAGE, CODE_LIMITS } from "../../rules/codes.js";
import { accessTokenUser } from "../../access-token.js";
import { destinationOf } from "../users/attribute-update.js";
import { codeHash, deliveryDetails, type Destination } from "../users/delivery.js";
import { simulatedDelivery } from "../users/simulated-delivery.js";

/** The purpose a password-reset code is stored under. */
export const FORGOT_PASSWORD = "forgot_password";

/** The purpose an attribute verification code is stored under: `verify:email`, `verify:phone_number`. */
export { verifyPurpose } from "../users/remove-attributes.js";

/** The message of a reset asked for a user without a verified channel. */
export const NO_RECOVERY_CHANNEL =
  "Cannot reset password for the user as there is no registered/verified email or phone_number";

// DescribeUserPool's default when the pool has none: the verified email first, then the phone.
const DEFAULT_MECHANISMS = [
  { Priority: 1, Name: "verified_email" },
  { Priority: 2, Name: "verified_phone_number" },
];

/** The pool's recovery mechanisms, by priority. */
function mechanisms(pool: PoolRecord): string[] {
  const setting = pool.config.AccountRecoverySetting as
    | { RecoveryMechanisms?: { Priority?: number; Name?: string }[] }
    | undefined;
  const list = Array.isArray(setting?.RecoveryMechanisms) ? setting.RecoveryMechanisms : DEFAULT_MECHANISMS;
  return [...list].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => String(m.Name));
}

/**
 * Where a password-reset code for these attributes goes: the first verified channel in the
 * pool's AccountRecoverySetting; `undefined` when there is none.
 *
 * @example
 * ```ts
 * recoveryDestination(pool, { email: "a@x.io", email_verified: "true" }); // { attribute: "email", to: "a@x.io", medium: "EMAIL" }
 * ```
 */
export function recoveryDestination(
  pool: PoolRecord,
  attributes: Record<string, string>,
): Destination | undefined {
  for (const name of mechanisms(pool)) {
    if (name === "verified_email" && attributes.email && attributes.email_verified === "true")
      return { attribute: "email", to: attributes.email, medium: "EMAIL" };
    if (
      name === "verified_phone_number" &&
      attributes.phone_number &&
      attributes.phone_number_verified === "true"
    )
      return { attribute: "phone_number", to: attributes.phone_number, medium: "SMS" };
  }
  return undefined;
}

/** {@link recoveryDestination}, or InvalidParameterException in Cognito's words. */
export function requireRecoveryDestination(pool: PoolRecord, user: UserRecord): Destination {
  const destination = recoveryDestination(pool, user.attributes);
  if (destination === undefined) throw new InvalidParameterException(NO_RECOVERY_CHANNEL);
  return destination;
}

/**
 * What a name the client must not reveal "gets" from ForgotPassword (nobody's, or a user's who
 * gets no code): a delivery by the pool's first recovery channel, to the user's own address of
 * that kind if there is one (verified or not: ResendConfirmationCode shows it too, and the two
 * must agree), else to a simulated one; in a pool that recovers only through an administrator,
 * the error every user gets there. Nothing is sent.
 *
 * @example
 * ```ts
 * if (user === null && hide) return { CodeDeliveryDetails: await simulatedRecovery(ctx, pool, input.Username, user) };
 * ```
 */
export async function simulatedRecovery(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typed: string,
  user: UserRecord | null,
): Promise<Record<string, string>> {
  const first = mechanisms(pool).find(
    (name) => name === "verified_email" || name === "verified_phone_number",
  );
  if (first === undefined) throw new InvalidParameterException(NO_RECOVERY_CHANNEL);
  const attribute = first === "verified_email" ? "email" : "phone_number";
  const own = user?.attributes[attribute];
  if (own)
    return deliveryDetails(
      attribute === "email" ? { attribute, to: own, medium: "EMAIL" } : { attribute, to: own, medium: "SMS" },
    );
  return simulatedDelivery(ctx, pool, typed, attribute === "email" ? "EMAIL" : "SMS");
}

/**
 * Uses a typed code exactly once, or throws CodeMismatchException, ExpiredCodeException or
 * LimitExceededException with Cognito's messages.
 *
 * @example
 * ```ts
 * await useCode(ctx, pool.id, user.username, FORGOT_PASSWORD, input.ConfirmationCode);
 * ```
 */
export async function useCode(
  ctx: UserPoolContext,
  poolId: string,
  username: string,
  purpose: string,
  typed: string,
): Promise<void> {
  const store = await ctx.store();
  const check = await store.codes.verify(
    poolId,
    username,
    purpose,
    await codeHash(ctx, poolId, username, purpose, typed),
    ctx.now(),
    CODE_LIMITS,
  );
  if (check.outcome === "mismatch")
    throw new CodeMismatchException("Invalid verification code provided, please try again.");
  if (check.outcome === "expired")
    throw new ExpiredCodeException("Invalid code provided, please request a code again.");
  if (check.outcome === "limit") throw new LimitExceededException(ATTEMPT_LIMIT_MESSAGE);
}

/** Revokes every token of the user: refresh tokens now, access tokens issued before now. */
export async function signOutEverywhere(ctx: UserPoolContext, user: UserRecord): Promise<void> {
  const store = await ctx.store();
  const now = ctx.now();
  await store.users.update(user.poolId, user.username, { signedOutAt: now }, { now });
  await store.refreshTokens.revokeUser(user.poolId, user.sub, now);
}

/** `ClientMetadata` (ClientMetadataType): accepted, and passed to no trigger yet. */
export const clientMetadata = () => map(string({ min: 1, max: 131072 }), string({ max: 131072 }));

/**
 * The signed-in user of an AccessToken and their pool.
 *
 * @example
 * ```ts
 * const { user, pool, clientId } = await signedInUser(ctx, input.AccessToken);
 * ```
 */
export async function signedInUser(
  ctx: UserPoolContext,
  token: string,
): Promise<{ user: UserRecord; pool: PoolRecord; clientId: string | undefined }> {
  const { user, claims } = await accessTokenUser(ctx, token);
  const pool = await (await ctx.store()).pools.get(user.poolId);
  if (pool === null) throw new ResourceNotFoundException(`User pool ${user.poolId} does not exist.`);
  return { user, pool, clientId: typeof claims.client_id === "string" ? claims.client_id : undefined };
}

/** The attributes a code can verify. */
export const VERIFIABLE = ["email", "phone_number"] as const;

/**
 * Where a verification code for `attribute` goes, and what typing it verifies: the value waiting
 * for verification (AttributesRequireVerificationBeforeUpdate) when there is one, else the
 * current value. InvalidParameterException when there is neither, or it cannot be verified.
 *
 * @example
 * ```ts
 * const { destination, pending } = await verificationOf(ctx, pool, user, "email");
 * ```
 */
export async function verificationOf(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  attribute: string,
): Promise<{ destination: Destination; pending?: string }> {
  if ((VERIFIABLE as readonly string[]).includes(attribute)) {
    const waiting = await (await ctx.store()).pendingAttributes.get(pool.id, user.sub, attribute);
    // The code must go to the new value: one sent to the old would verify an address nobody proved.
    if (waiting !== null)
      return {
        destination: destinationOf(attribute as "email" | "phone_number", waiting.value),
        pending: waiting.value,
      };
  }
  return { destination: verificationTarget(user, attribute) };
}

/**
 * Where a verification code for the current value of `attribute` goes, or
 * InvalidParameterException when the user has no such attribute or it cannot be verified.
 */
export function verificationTarget(user: UserRecord, attribute: string): Destination {
  if (!(VERIFIABLE as readonly string[]).includes(attribute))
    throw new InvalidParameterException(`Invalid attribute name for verification: ${attribute}`); // [?] words
  const to = user.attributes[attribute];
  if (to === undefined || to === "")
    throw new InvalidParameterException(`User does not have the attribute ${attribute}.`); // [?] words
  return attribute === "email"
    ? { attribute: "email", to, medium: "EMAIL" }
    : { attribute: "phone_number", to, medium: "SMS" };
}
