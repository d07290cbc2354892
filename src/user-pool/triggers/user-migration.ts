/**
 * The UserMigration trigger (AWS: "Migrate user Lambda trigger"): a password sign-in or a
 * ForgotPassword that names no user asks the legacy store, through the pool's function, and the
 * user it answers with is created here.
 */
import {
  AliasExistsException,
  InvalidParameterException,
  UserNotFoundException,
} from "../../protocol/json/index.js";
import {
  AliasExistsError,
  type PoolRecord,
  UsernameExistsError,
  type UserRecord,
} from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { NAMED } from "../messages.js";
import { mfaMode } from "../mfa/pool-mfa.js";
import { aliasesFor } from "../users/aliases.js";
import { checkAttributes } from "../users/attribute-checks.js";
import { newIdentity, usernameAttributesOf } from "../users/identity.js";
import { findUser } from "../users/lookup.js";
import { passwordChanges } from "../users/passwords.js";
import { type TriggerCall, triggerEvent } from "./event.js";
import { responseField, runTrigger, unrecognizableOutput } from "./run.js";

/** What the flow that met the unknown name knows. */
export interface MigrationRequest {
  source: "UserMigration_Authentication" | "UserMigration_ForgotPassword";
  /** The name as typed: the event's `userName`, and the new user's name (or email / phone). */
  typedName: string;
  call: TriggerCall;
  /** The password typed (sign-in only): sent to the function, and the new user's password. */
  password?: string;
  validationData: Record<string, string> | null;
  clientMetadata?: Record<string, string> | undefined;
}

/** What the new user was created with, beyond the user: the welcome message's settings. */
export interface Migrated {
  user: UserRecord;
  messageAction?: "SUPPRESS" | "RESEND";
  desiredDeliveryMediums?: ("SMS" | "EMAIL")[];
}

const unreadable = unrecognizableOutput;
const STATUSES = ["CONFIRMED", "RESET_REQUIRED"] as const;
/** The aliases forceAliasCreation may move: the ones a verification proves. */
const MOVABLE: ReadonlySet<string> = new Set(["email", "phone_number"]);
const ACTIONS = ["SUPPRESS", "RESEND"] as const;
const MEDIUMS = ["SMS", "EMAIL"] as const;
// What no migration may write: the user's identifiers and Cognito's own attributes.
const NEVER_WRITTEN = (name: string) =>
  name === "sub" || name === "identities" || name === "username" || name.startsWith("cognito:");

/**
 * Runs the pool's UserMigration trigger for a name no user holds and creates the user it answers
 * with; `null` when the pool has no such trigger or the function found no one (an answer without
 * `userAttributes`): the caller then refuses the name as it would have.
 *
 * The new user has the typed name (in a pool that signs in with an email or phone number, the
 * typed value is that attribute and the internal name is the `sub`), the attributes the pool's
 * schema allows (never `sub`, `identities`, `cognito:*`), the typed password (sign-in) or none
 * (ForgotPassword), and `finalUserStatus` at sign-in (default CONFIRMED; always RESET_REQUIRED in
 * ForgotPassword, which has no password). `forceAliasCreation` moves a verified email or phone
 * alias from another user; `enableSMSMFA` turns SMS MFA on (in a pool with MFA, for a user with a
 * phone number; otherwise the migration fails). The create is atomic, with its aliases and MFA
 * setting (one storage batch: a failure leaves no user, and the next sign-in migrates again); of
 * two first sign-ins of one legacy user, one creates it and the other goes on with the user created.
 *
 * @throws {UserLambdaValidationException | InvalidLambdaResponseException | UnexpectedLambdaException} as runTrigger.
 * @throws {UserNotFoundException} "Exception migrating user in app client ..." for an answer the
 * pool cannot take (attributes outside the schema, a required one missing, a name of the wrong form,
 * enableSMSMFA without a phone number or in a pool whose MFA is OFF).
 * @throws {AliasExistsException} for a verified email or phone alias another user holds, without forceAliasCreation.
 */
export async function migrateUser(
  ctx: UserPoolContext,
  pool: PoolRecord,
  request: MigrationRequest,
): Promise<Migrated | null> {
  const { source, typedName, call, password, validationData, clientMetadata } = request;
  const event = triggerEvent(
    ctx,
    pool,
    source,
    typedName,
    call,
    {
      ...(password !== undefined ? { password } : {}),
      validationData,
      ...(clientMetadata !== undefined ? { clientMetadata } : {}),
    },
    {
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    },
  );
  const answered = await runTrigger(ctx, pool, "UserMigration", event);
  if (answered === undefined) return null;
  const response = answered.response;
  const given = responseField(response, "userAttributes", "object");
  const finalUserStatus = oneOf(responseField(response, "finalUserStatus", "string"), STATUSES);
  const messageAction = oneOf(responseField(response, "messageAction", "string"), ACTIONS);
  const mediums = response.desiredDeliveryMediums;
  if (
    mediums !== undefined &&
    mediums !== null &&
    !(Array.isArray(mediums) && mediums.every((m) => oneOf(m, MEDIUMS)))
  )
    throw unreadable();
  const forceAlias = responseField(response, "forceAliasCreation", "boolean") === true;
  const smsMfa = responseField(response, "enableSMSMFA", "boolean") === true;
  if (given === undefined || Object.keys(given).length === 0) return null;

  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== "string") throw unreadable();
    if (!NEVER_WRITTEN(name)) attributes[name] = value;
  }
  const sub = crypto.randomUUID();
  const failed = (cause: unknown) =>
    new UserNotFoundException(`Exception migrating user in app client ${call.clientId ?? ""}`, { cause }); // [obs] words
  let identity: { username: string; attributes: Record<string, string> };
  try {
    checkAttributes(pool, attributes, true);
    identity = newIdentity(pool, typedName, attributes, sub);
  } catch (error) {
    if (error instanceof InvalidParameterException) throw failed(error);
    throw error;
  }
  // enableSMSMFA: "Your user pool must have MFA enabled. Your user's attributes in the request
  // parameters must include a phone number, or else the migration of that user will fail." Refused
  // before anything is written: a user with SMS MFA and no number could never finish a sign-in,
  // and a setting kept in a pool without MFA would spring on when MFA is turned on.
  if (smsMfa && (mfaMode(pool) === "OFF" || !identity.attributes.phone_number))
    throw failed(new InvalidParameterException("enableSMSMFA needs MFA in the pool and a phone_number."));
  // finalUserStatus: "You can set this parameter to CONFIRMED to auto-confirm your users so that
  // they can sign in with their previous passwords ... If you don't set this attribute to
  // CONFIRMED, it's set to RESET_REQUIRED." ForgotPassword carries no password ("Amazon Cognito
  // doesn't send this value in a request that's initiated by a forgot-password flow"), so there
  // is none to sign in with: its user is RESET_REQUIRED whatever the answer says, and the reset
  // code sets the password. A CONFIRMED user without one would answer the legacy password with
  // "Incorrect username or password." and never be migrated again. [?] At sign-in an unset
  // status stays CONFIRMED, as the page's earlier wording had it ("During sign-in, this
  // attribute can be set to CONFIRMED, or not set, to auto-confirm your users").
  const status =
    source === "UserMigration_ForgotPassword" ? "RESET_REQUIRED" : (finalUserStatus ?? "CONFIRMED");
  const secret =
    password === undefined || password === ""
      ? {}
      : await passwordChanges(ctx, pool, identity.username, password, true).then(
          ({ srpSalt, srpVerifier }) => ({
            srpSalt,
            srpVerifier,
          }),
        );
  const aliases = aliasesFor(pool, identity.attributes);
  // forceAliasCreation moves only a verified email or phone, as AdminCreateUser's does, from
  // whoever holds them (whose value is then unverified). A login attribute or preferred_username,
  // which needs no verification, is claimed with the user and never taken from another.
  const login = usernameAttributesOf(pool);
  const movable = (name: string) => forceAlias && !login.includes(name) && MOVABLE.has(name);
  const claimed = Object.fromEntries(Object.entries(aliases).filter(([name]) => !movable(name)));
  const moved = Object.fromEntries(Object.entries(aliases).filter(([name]) => movable(name)));
  const store = await ctx.store();
  const now = ctx.now();
  let user: UserRecord;
  try {
    // One batch: the user, its aliases (the moved ones taken from their holders) and its MFA
    // setting are written together or not at all. A user left without them would never be
    // migrated again (the next sign-in finds it), so it would sign in without the MFA the legacy
    // store required.
    user = await store.users.create(
      {
        poolId: pool.id,
        sub,
        username: identity.username,
        status,
        attributes: identity.attributes,
        ...secret,
        aliases: claimed,
        moved,
        ...(smsMfa
          ? {
              together: store.mfa.withNewUser(
                pool.id,
                { SMS_MFA: true, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: false },
                null,
                now,
              ),
            }
          : {}),
      },
      now,
    );
  } catch (error) {
    // Another first sign-in of the same name created it meanwhile: go on with that user.
    if (error instanceof UsernameExistsError) {
      const existing = await findUser(ctx, pool, typedName);
      // The call that created it sends its welcome.
      if (existing !== null) return { user: existing, messageAction: "SUPPRESS" };
    }
    // "If you set this parameter to FALSE, the API throws an AliasExistsException error if the
    // alias already exists" (forceAliasCreation).
    if (error instanceof AliasExistsError)
      throw new AliasExistsException(NAMED.aliasExists(error.alias), { cause: error });
    if (error instanceof UsernameExistsError) throw failed(error);
    throw error;
  }
  return {
    user,
    ...(messageAction !== undefined ? { messageAction } : {}),
    ...(Array.isArray(mediums) ? { desiredDeliveryMediums: mediums as ("SMS" | "EMAIL")[] } : {}),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw unreadable();
}
