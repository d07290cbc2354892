/**
 * NEW_PASSWORD_REQUIRED: a user with a temporary password (FORCE_CHANGE_PASSWORD) who proved it
 * is asked for a new one, and for the pool's required attributes they lack. The sign-in is judged
 * before the challenge, so that a refused one changes nothing; the judgement rides the
 * challenge's Session to the steps after the new password.
 */
import { screenPassword } from "../risk/compromised.js";
import {
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
} from "../../protocol/json/index.js";
import type { ClientRecord, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { passwordPolicyOf } from "../pool-view.js";
import { passwordProblem } from "../rules/password-policy.js";
import { schemaAttributes, type SchemaAttribute } from "../schema-attributes.js";
import { padHex } from "../srp/index.js";
import { userVerifier } from "../srp-name.js";
import { type SessionData, startSession } from "../auth-session.js";
import { riskMfaPossible } from "./mfa-challenge.js";
import type { Step } from "./pipeline.js";
import { keptInSession, userOf } from "./state.js";
import { settleRisk } from "./threat.js";
import { checkUserChange, updatedAttributes } from "../users/attribute-changes.js";
import { applyAttributeUpdate } from "../users/attribute-update.js";
import { checkPasswordHistory, rememberPassword } from "../users/password-history.js";

function missingRequired(pool: PoolRecord, attributes: Record<string, string>): string[] {
  return schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined)
    .filter((a) => a.Required === true && a.Name !== "sub" && attributes[a.Name] === undefined)
    .map((a) => a.Name);
}

/**
 * A temporary password's sign-in (FORCE_CHANGE_PASSWORD), judged already, gets
 * NEW_PASSWORD_REQUIRED, unless the risk requires MFA the user cannot meet.
 */
export const newPasswordIfTemporary: Step = async (ctx, s) => {
  const user = userOf(s);
  if (user.status !== "FORCE_CHANGE_PASSWORD") return undefined;
  if (s.riskMfa === "MFA_REQUIRED" && !(await riskMfaPossible(ctx, s.pool, user)))
    throw await settleRisk(ctx, s, "refused");
  return newPasswordChallenge(ctx, s.pool, s.client, user, {
    ...keptInSession(s),
    judgement: { assessed: s.assessed, riskMfa: s.riskMfa },
  });
};

/** NEW_PASSWORD_REQUIRED's answer: the new password and attributes set, the user CONFIRMED. */
export const setNewPassword: Step = async (ctx, s) =>
  void (s.user = await answerNewPassword(ctx, s.pool, s.client, userOf(s), s.params));

/**
 * The challenge: `userAttributes` and `requiredAttributes` as JSON strings, as Cognito sends them.
 */
export async function newPasswordChallenge(
  ctx: UserPoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  data: SessionData = {},
): Promise<Record<string, unknown>> {
  const { sub: _sub, ...visible } = user.attributes;
  const Session = await startSession(ctx, {
    poolId: pool.id,
    clientId: client.id,
    username: user.username,
    sub: user.sub,
    challenge: "NEW_PASSWORD_REQUIRED",
    data,
    minutes: Number(client.config.AuthSessionValidity ?? 3),
  });
  return {
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    Session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(
        missingRequired(pool, user.attributes).map((name) => `userAttributes.${name}`),
      ),
      userAttributes: JSON.stringify(visible),
    },
  };
}

/**
 * The `userAttributes.*` answers, by attribute name, held to AttributeType's limits (a name of
 * 1-32 characters, a value of at most 2048), which ChallengeResponses' free-form map does not set.
 */
function answeredAttributes(responses: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) {
    if (!key.startsWith("userAttributes.")) continue;
    const name = key.slice("userAttributes.".length);
    if (name.length < 1 || name.length > 32 || typeof value !== "string" || value.length > 2048) {
      throw new InvalidParameterException(`Invalid attributes given, ${name.slice(0, 32)} is invalid`); // [?] words
    }
    out[name] = value;
  }
  return out;
}

/**
 * Sets the new password (checked against the policy) and the attributes given with it; the user
 * becomes CONFIRMED. Returns the updated user. The attributes are a change the user makes
 * through the client, checked as UpdateUserAttributes checks one, all before anything is stored.
 *
 * @throws {InvalidPasswordException} in the policy's words; {InvalidParameterException} when
 *   NEW_PASSWORD or a required attribute is missing, or an attribute is unknown, immutable,
 *   `sub` or `cognito:*`; {NotAuthorizedException} for a verification flag or an attribute
 *   outside the client's WriteAttributes; {AliasExistsException} for another user's alias.
 * @example
 * ```ts
 * const confirmed = await answerNewPassword(ctx, pool, client, user, { NEW_PASSWORD: "Brand-New-Pass-2", "userAttributes.name": "Zoe" });
 * ```
 */
export async function answerNewPassword(
  ctx: UserPoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  responses: Record<string, string>,
): Promise<UserRecord> {
  const password = responses.NEW_PASSWORD;
  if (password === undefined || password === "")
    throw new InvalidParameterException("Invalid attributes given, NEW_PASSWORD is missing"); // [?] words
  // The answer is the invited user's own write: left unchecked, it set sub, cognito:groups,
  // email_verified or another user's alias (a privilege escalation), so it gets every check.
  const changes = answeredAttributes(responses);
  checkUserChange(pool, client, changes);
  const problem = passwordProblem(password, passwordPolicyOf(pool.config));
  if (problem !== undefined) throw new InvalidPasswordException(problem);
  await screenPassword(ctx, pool, { event: "PASSWORD_CHANGE", password, user });
  const attributes = updatedAttributes(user.attributes, changes);
  const missing = missingRequired(pool, attributes);
  if (missing.length > 0)
    throw new InvalidParameterException(`Invalid attributes given, ${missing[0]} is missing`);
  await checkPasswordHistory(ctx, pool, user, password);
  const store = await ctx.store();
  const now = ctx.now();
  const { salt, verifier } = await userVerifier(pool, user.username, password);
  // As UpdateUserAttributes writes them (aliases, AttributesRequireVerificationBeforeUpdate), and
  // only while the user still waits for a new password.
  await applyAttributeUpdate(ctx, pool, user, changes, {
    sendCodes: false,
    ifStatus: "FORCE_CHANGE_PASSWORD",
  });
  const updated = await store.users.update(
    pool.id,
    user.username,
    {
      status: "CONFIRMED",
      srpSalt: salt,
      srpVerifier: padHex(verifier),
      passwordExpiresAt: null,
      passwordUpdatedAt: now,
    },
    { now, ifStatus: "FORCE_CHANGE_PASSWORD" },
  );
  if (updated === null) throw new NotAuthorizedException(MESSAGES.invalidSession); // [?] the user changed meanwhile
  await rememberPassword(ctx, pool, user);
  return updated;
}
