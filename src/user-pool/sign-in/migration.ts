/**
 * The UserMigration trigger's step (UserMigration_Authentication): where a password flow
 * (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, the hosted UI's password sign-in) meets a name no
 * user holds, before it is refused. Never in the SRP flow: the password is needed in clear.
 */
import { clearMigrationAttempt, takeMigrationAttempt } from "../codes/migration-attempts.js";
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
 * counts until one migrates (a refusal, no answer, a failure to run); a locked name (or a pool past its budget) is refused before the function is asked, with
 * "Password attempts exceeded", the answer of a locked-out user in any client. The new user's
 * welcome message goes out in the background (triggers/migration-welcome.ts).
 */
export const userMigration: Step = async (ctx, s) => {
  if (s.user !== null || !hasTrigger(s.pool, "UserMigration")) return;
  const typedName = s.typedName ?? "";
  await takeMigrationAttempt(ctx, s.pool.id, typedName);
  const migrated = await migrateUser(ctx, s.pool, {
    source: "UserMigration_Authentication",
    typedName,
    call: { clientId: s.client.id, headers: s.headers },
    password: s.params.PASSWORD ?? "",
    validationData: s.clientMetadata ?? null,
    clientMetadata: s.clientMetadata,
  });
  if (migrated === null) return;
  await clearMigrationAttempt(ctx, s.pool.id, typedName);
  // InitiateAuth's ClientMetadata goes to the migration only, not to CustomMessage (InitiateAuth's reference).
  welcomeMigrated(ctx, s.pool, migrated, {
    clientId: s.client.id,
    headers: s.headers,
    background: s.background,
  });
  s.user = migrated.user;
};
