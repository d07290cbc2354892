/**
 * The UserMigration trigger's step (UserMigration_Authentication): where a password flow
 * (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, the hosted UI's password sign-in) meets a name no
 * user holds, before it is refused; never in the SRP flow, where the password is not in clear.
 * The steps that keep the name's migration count in the other sign-ins live here too.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import {
  migrationNameLocked,
  migrationSucceeded,
  returnLegacyNameAttempt,
  takeLegacyNameAttempt,
  takeMigrationAttempt,
} from "../codes/migration-attempts.js";
import { MESSAGES } from "../messages.js";
import { hidesUsers } from "../prevent-user-existence.js";
import { hasTrigger } from "../triggers/run.js";
import { welcomeMigrated } from "../triggers/migration-welcome.js";
import { migrateUser } from "../triggers/user-migration.js";
import type { Step } from "./pipeline.js";

/**
 * Creates the user from the legacy store's answer, and lets the flow go on with them: the
 * password check that follows proves the typed password against the verifier just made from it.
 * InitiateAuth's and AdminInitiateAuth's ClientMetadata is the event's `validationData` ("This
 * payload contains a validationData attribute, which provides the data that you assigned to the
 * ClientMetadata parameter", InitiateAuth's reference), and its `clientMetadata` too.
 *
 * Each call checks the typed password in the legacy store, where no user record counts the
 * failures: they are counted here (codes/migration-attempts.ts), per name folded as coarsely as a
 * legacy store may fold it, with a user's lockout numbers, and per pool (100 a minute), so the
 * function is not a password oracle without end. Cognito documents no such bound. Every attempt
 * counts until one migrates (a refusal, no answer, a failure to run). A locked name is refused
 * before the function is asked, with "Password attempts exceeded", the answer of a locked-out
 * user in any client. Past the pool's budget the function is not asked: a client that hides users
 * then refuses the name as it refuses any unknown one (a held user's wrong password gets that
 * answer too, so the spent budget tells no name apart), another client answers "Password
 * attempts exceeded". A held user's sign-in counts toward its name's migration lockout as well
 * (takeLegacyNameAttempt), given back once its password is proven ({@link passedMigrationName}).
 * The new user's welcome message goes out in the background (triggers/migration-welcome.ts).
 */
export const userMigration: Step = async (ctx, s) => {
  if (!hasTrigger(s.pool, "UserMigration")) return;
  const typedName = s.typedName ?? "";
  if (s.user !== null) {
    s.migrationAttemptAt = await takeLegacyNameAttempt(ctx, s.pool.id, typedName);
    return;
  }
  const { takenAt, ask } = await takeMigrationAttempt(ctx, s.pool.id, typedName);
  if (!ask) {
    if (hidesUsers(s.client)) return;
    throw new NotAuthorizedException(MESSAGES.attemptsExceeded);
  }
  const migrated = await migrateUser(ctx, s.pool, {
    source: "UserMigration_Authentication",
    typedName,
    call: { clientId: s.client.id, headers: s.headers },
    password: s.params.PASSWORD ?? "",
    validationData: s.clientMetadata ?? null,
    clientMetadata: s.clientMetadata,
  });
  if (migrated === null) return;
  await migrationSucceeded(ctx, s.pool.id, typedName, takenAt);
  // InitiateAuth's ClientMetadata goes to the migration only, not to CustomMessage (InitiateAuth's reference).
  welcomeMigrated(ctx, s.pool, migrated, {
    clientId: s.client.id,
    headers: s.headers,
    background: s.background,
  });
  s.user = migrated.user;
};

/**
 * After a proven password, in a pool with a UserMigration trigger: the attempt the sign-in took on
 * the name's migration count is given back, as the user's own is.
 */
export const passedMigrationName: Step = async (ctx, s) => {
  const typed = typedOf(s);
  if (typed === undefined || s.migrationAttemptAt === undefined) return;
  await returnLegacyNameAttempt(ctx, s.pool.id, typed, s.migrationAttemptAt);
};

/**
 * USER_SRP_AUTH, CUSTOM_AUTH and CUSTOM_WITH_SRP in a pool with a UserMigration trigger: a name
 * whose migration count is locked is refused as a locked-out user is, whoever holds it. These
 * flows ask no legacy store, but the password flows lock the count of a name nobody holds: were
 * they to answer such a name with a challenge while they refuse a locked held user, they would
 * tell the two apart.
 */
export const refuseLockedMigrationName: Step = async (ctx, s) => {
  if (!hasTrigger(s.pool, "UserMigration") || s.typedName === undefined) return;
  if (await migrationNameLocked(ctx, s.pool.id, s.typedName))
    throw new NotAuthorizedException(MESSAGES.attemptsExceeded);
};

/**
 * A PASSWORD_VERIFIER answer in a pool with a UserMigration trigger counts toward the typed name's
 * migration count, for a held user and a simulated one alike (whose proof never passes): a name
 * nobody holds then locks after as many wrong proofs as a held user does.
 */
export const countMigrationProof: Step = async (ctx, s) => {
  const typed = typedOf(s);
  if (!hasTrigger(s.pool, "UserMigration") || typed === undefined) return;
  s.migrationAttemptAt = await takeLegacyNameAttempt(ctx, s.pool.id, typed);
};

// The name typed at InitiateAuth: the request's, or the one its Session keeps for an answer.
const typedOf = (s: Parameters<Step>[1]): string | undefined => {
  const kept = s.session?.data.typed;
  return s.typedName ?? (typeof kept === "string" ? kept : undefined);
};
