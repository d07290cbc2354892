/**
 * The MFA step of a sign-in, after the password: which challenge (if any) the user gets. A pool
 * with MFA OFF asks for none, unless threat protection or `acr_values=mfa` asks for MFA: then the
 * user's factors, else an SMS or email code to the number or address they have, else `undefined`
 * (MFA_SETUP only where the pool's ON asks it of every sign-in, and never under MFA_REQUIRED). Otherwise a user with enabled factors gets the preferred one, the
 * only one, or SELECT_MFA_TYPE; a user without any gets none under OPTIONAL and, under ON, SMS_MFA
 * when the pool offers SMS and they have a phone number, else MFA_SETUP to enrol.
 */
import { MFAMethodNotFoundException } from "../../protocol/json/index.js";
import type { ClientRecord, MfaFactor, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { mfaFactorsOf, mfaMode, poolFactors } from "../mfa/pool-mfa.js";
import { generateCode, maskDestination } from "../rules/codes.js";
import { codeHash, composeMessage } from "../codes/delivery.js";
import type { MessageCall } from "../triggers/custom-message.js";
import { type SessionData, startSession } from "../auth-session.js";
import type { Step } from "./pipeline.js";
import { keptInSession, type RiskMfa, type SignIn, userOf } from "./state.js";
import { settleRisk } from "./threat.js";

/** A challenge's parameters name the user both ways, as clients read either. */
const names = (user: UserRecord) => ({ USERNAME: user.username, USER_ID_FOR_SRP: user.username });

/** The user's usable factors: enabled ones (TOTP only with a verified authenticator). */
export async function userFactors(
  ctx: UserPoolContext,
  user: UserRecord,
): Promise<{ enabled: MfaFactor[]; preferred: MfaFactor | null }> {
  const mfa = await (await ctx.store()).mfa.get(user.sub);
  if (mfa === null) return { enabled: [], preferred: null };
  const enabled = (Object.keys(mfa.enabled) as MfaFactor[]).filter(
    (f) => mfa.enabled[f] && (f !== "SOFTWARE_TOKEN_MFA" || mfa.totpSecretSealed !== null),
  );
  return {
    enabled,
    preferred: mfa.preferred !== null && enabled.includes(mfa.preferred) ? mfa.preferred : null,
  };
}

/**
 * Whether MFA that the risk requires can be asked of the user: a factor of theirs, or a code to
 * the phone number or address they have where the pool sends such codes (never MFA_SETUP).
 *
 * @example
 * ```ts
 * if (!(await riskMfaPossible(ctx, pool, user))) throw await settleRisk(ctx, s, "refused");
 * ```
 */
export async function riskMfaPossible(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
): Promise<boolean> {
  const offered = poolFactors(pool);
  if (
    (offered.includes("SMS_MFA") && user.attributes.phone_number) ||
    (offered.includes("EMAIL_OTP") && user.attributes.email)
  )
    return true;
  return (await userFactors(ctx, user)).enabled.length > 0;
}

/**
 * The call as CustomMessage_Authentication and the custom senders see it. `ClientMetadata` goes
 * only from RespondToAuthChallenge: "the ClientMetadata value [of InitiateAuth] is passed as input
 * to the functions for only the following triggers: Pre signup, Pre authentication, User
 * migration" (AWS: InitiateAuth), while RespondToAuthChallenge's reaches custom message.
 */
export function messageCall(s: SignIn): MessageCall {
  const responding = s.session !== undefined || s.params.PASSWORD_CLAIM_SIGNATURE !== undefined;
  return {
    clientId: s.client.id,
    headers: s.headers,
    background: s.background,
    ...(responding && s.clientMetadata !== undefined ? { clientMetadata: s.clientMetadata } : {}),
  };
}

/**
 * The MFA challenge the pool, the user and the risk call for (a judged sign-in that gets one is
 * recorded InProgress); nothing when the user goes on to tokens.
 */
export const mfaChallenge: Step = async (ctx, s) => {
  const challenge = await chooseMfaChallenge(
    ctx,
    s.pool,
    s.client,
    userOf(s),
    keptInSession(s),
    s.riskMfa,
    s.requireMfa === true,
    messageCall(s),
  );
  if (challenge === undefined) return undefined;
  await settleRisk(ctx, s, "challenged");
  return challenge;
};

/**
 * The MFA challenge for a sign-in, or `undefined` when the user goes straight to tokens.
 * `requireMfa` (a hosted sign-in for `acr_values=mfa`) asks for a second factor where the pool
 * would not: the user's factor, else a code to the number or address they have; never MFA_SETUP
 * (the pool's ON alone asks that), so a user with none ends without one (hosted.ts refuses it).
 */
export async function chooseMfaChallenge(
  ctx: UserPoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  carry: SessionData,
  riskMfa: RiskMfa | undefined,
  requireMfa = false,
  call: MessageCall = {},
): Promise<Record<string, unknown> | undefined> {
  // MFA that threat protection asks for is required MFA, whatever the pool's setting.
  const mode = riskMfa !== undefined || requireMfa ? "ON" : mfaMode(pool);
  if (mode === "OFF") return undefined;
  const { enabled, preferred } = await userFactors(ctx, user);
  if (enabled.length > 0) {
    const chosen = preferred ?? (enabled.length === 1 ? enabled[0]! : undefined);
    if (chosen !== undefined) return factorChallenge(ctx, pool, client, user, chosen, carry, call);
    return challenge(
      ctx,
      client,
      user,
      "SELECT_MFA_TYPE",
      { MFAS_CAN_CHOOSE: JSON.stringify(enabled) },
      { ...carry, choices: enabled },
    );
  }
  if (mode === "OPTIONAL") return undefined;
  const offered = poolFactors(pool);
  if (offered.includes("SMS_MFA") && user.attributes.phone_number)
    return factorChallenge(ctx, pool, client, user, "SMS_MFA", carry, call);
  if (riskMfa !== undefined || mfaMode(pool) !== "ON") {
    // MFA that the risk or a hosted request's acr_values=mfa asks for, not the pool, may be sent a
    // code at the address the user has, as Cognito's adaptive MFA does, but is not offered
    // MFA_SETUP: whoever holds a stolen password would enrol their own authenticator and step up
    // with it. Only a pool that requires MFA of every sign-in still asks set-up (not under the
    // risk's MFA_REQUIRED): neither ever makes a sign-in easier than the pool's own rule.
    if (offered.includes("EMAIL_OTP") && user.attributes.email)
      return factorChallenge(ctx, pool, client, user, "EMAIL_OTP", carry, call);
    if (riskMfa === "MFA_REQUIRED" || mfaMode(pool) !== "ON") return undefined;
  }
  // Email can be set up only to the address the user already has: MFA_SETUP changes no attribute.
  const canSetUp = offered.filter(
    (f) => f === "SOFTWARE_TOKEN_MFA" || (f === "EMAIL_OTP" && Boolean(user.attributes.email)),
  );
  // Nothing to set up: required MFA cannot be met (hosted.ts refuses the sign-in).
  if (requireMfa && canSetUp.length === 0) return undefined;
  return challenge(
    ctx,
    client,
    user,
    "MFA_SETUP",
    { MFAS_CAN_SETUP: JSON.stringify(canSetUp) },
    { ...carry, choices: canSetUp },
  );
}

/**
 * The challenge of one factor: for SMS and email a fresh code is sent and only its hash kept.
 */
export async function factorChallenge(
  ctx: UserPoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  factor: MfaFactor,
  carry: SessionData = {},
  call: MessageCall = {},
): Promise<Record<string, unknown>> {
  if (factor === "SOFTWARE_TOKEN_MFA") {
    const mfa = await (await ctx.store()).mfa.get(user.sub);
    return challenge(
      ctx,
      client,
      user,
      factor,
      mfa?.totpFriendlyName ? { FRIENDLY_DEVICE_NAME: mfa.totpFriendlyName } : {},
      { ...carry, factor },
    );
  }
  const sms = factor === "SMS_MFA";
  const to = sms ? user.attributes.phone_number : user.attributes.email;
  // A factor left without its number or address (the attribute deleted since it was enabled) is
  // refused before any code is made: the sender is never handed an empty destination.
  if (!to)
    throw new MFAMethodNotFoundException(
      `The user has no ${sms ? "phone number" : "email address"} to send the ${factor} code to.`,
    ); // [?] words
  const factors = mfaFactorsOf(pool);
  const template = sms
    ? factors.SmsMfaConfiguration?.SmsAuthenticationMessage
    : factors.EmailMfaConfiguration?.Message;
  // Composed before the code exists (CustomMessage_Authentication sees the placeholder only).
  const deliver = await composeMessage(ctx, pool, user, {
    medium: sms ? "SMS" : "EMAIL",
    to,
    source: "Authentication",
    template: {
      body: template ?? "Your authentication code is {####}. ",
      subject: sms ? undefined : (factors.EmailMfaConfiguration?.Subject ?? "Your authentication code"),
    },
    call,
  });
  const code = generateCode();
  await deliver(code);
  const delivery = {
    CODE_DELIVERY_DELIVERY_MEDIUM: sms ? "SMS" : "EMAIL",
    CODE_DELIVERY_DESTINATION: maskDestination(to),
  };
  return challenge(ctx, client, user, factor, delivery, {
    ...carry,
    factor,
    codeHash: await codeHash(ctx, pool.id, user.username, "mfa", code),
  });
}

async function challenge(
  ctx: UserPoolContext,
  client: ClientRecord,
  user: UserRecord,
  name: string,
  parameters: Record<string, string>,
  data: SessionData,
) {
  const minutes = Number(client.config.AuthSessionValidity ?? 3);
  const Session = await startSession(ctx, {
    poolId: user.poolId,
    clientId: client.id,
    username: user.username,
    sub: user.sub,
    challenge: name,
    data: { ...data, attempts: 0 },
    minutes,
  });
  return { ChallengeName: name, Session, ChallengeParameters: { ...parameters, ...names(user) } };
}
