/**
 * AdminCreateUser: a user in FORCE_CHANGE_PASSWORD with a temporary password (given, or generated
 * to fit the policy) that expires after TemporaryPasswordValidityDays, and an invitation through
 * the sender unless MessageAction is SUPPRESS. RESEND sends a fresh temporary password to an
 * existing user who has not signed in yet.
 */
import {
  boolean,
  defineOperation,
  list,
  string,
  structure,
  UnsupportedUserStateException,
} from "../../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { sendInvitation } from "../../codes/delivery.js";
import { aliasesFor } from "../../users/aliases.js";
import { checkAttributes } from "../../users/attribute-checks.js";
import { creating, newIdentity } from "../../users/identity.js";
import { refuseProviderPrefix } from "../../users/provider-prefix.js";
import { present, requireUser } from "../../users/lookup.js";
import { checkPassword, passwordChanges, temporaryPassword } from "../../users/passwords.js";
import { attributeList, attributeRecord, clientMetadata, password, username } from "../../users/shapes.js";
import type { TriggerCall } from "../../triggers/event.js";
import { preSignUp } from "../../triggers/pre-sign-up.js";
import { userType } from "../../users/user-view.js";

const Input = structure({
  UserPoolId: userPoolId(),
  Username: username(),
  UserAttributes: attributeList(),
  ValidationData: attributeList(),
  TemporaryPassword: password(),
  ForceAliasCreation: boolean(),
  MessageAction: string({ enum: ["RESEND", "SUPPRESS"] }),
  DesiredDeliveryMediums: list(string({ enum: ["SMS", "EMAIL"] })),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function adminCreateUser(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const temporary = input.TemporaryPassword ?? temporaryPassword(pool);
    checkPassword(pool, temporary);
    const user =
      input.MessageAction === "RESEND"
        ? await resend(ctx, pool, input.Username, temporary)
        : await create(ctx, pool, input, temporary, { headers: request.headers });
    if (input.MessageAction !== "SUPPRESS")
      await sendInvitation(ctx, pool, user, temporary, input.DesiredDeliveryMediums ?? ["SMS"], {
        headers: request.headers,
        clientMetadata: input.ClientMetadata,
        background: request.background,
      });
    return { User: userType(user) };
  });
}

async function create(
  ctx: UserPoolContext,
  pool: PoolRecord,
  input: {
    Username: string;
    UserAttributes?: { Name: string; Value?: string }[];
    ValidationData?: { Name: string; Value?: string }[];
    ClientMetadata?: Record<string, string>;
  },
  temporary: string,
  call: TriggerCall,
): Promise<UserRecord> {
  const given = attributeRecord(input.UserAttributes);
  checkAttributes(pool, given, true);
  const sub = crypto.randomUUID();
  const { username: internal, attributes } = newIdentity(pool, input.Username, given, sub);
  await refuseProviderPrefix(ctx, pool, internal);
  // Before anything is written: a refusal leaves no user behind. The answer's flags change
  // nothing here [?]: the user is FORCE_CHANGE_PASSWORD until the first sign-in, and the admin
  // sets email_verified / phone_number_verified in UserAttributes.
  await preSignUp(ctx, pool, "PreSignUp_AdminCreateUser", internal, call, {
    userAttributes: attributes,
    validationData: input.ValidationData === undefined ? null : attributeRecord(input.ValidationData),
    clientMetadata: input.ClientMetadata,
  });
  const { status, ...secret } = await passwordChanges(ctx, pool, internal, temporary, false);
  const store = await ctx.store();
  return creating(pool, "User account already exists", () =>
    store.users.create(
      {
        poolId: pool.id,
        sub,
        username: internal,
        status: status!,
        attributes,
        ...secret,
        aliases: aliasesFor(pool, attributes),
      },
      ctx.now(),
    ),
  );
}

async function resend(
  ctx: UserPoolContext,
  pool: PoolRecord,
  name: string,
  temporary: string,
): Promise<UserRecord> {
  const user = await requireUser(ctx, pool, name);
  if (user.status !== "FORCE_CHANGE_PASSWORD")
    throw new UnsupportedUserStateException(
      `Resend not possible. ${user.username} status is ${user.status}.`,
    ); // [?] words
  const store = await ctx.store();
  const changes = await passwordChanges(ctx, pool, user.username, temporary, false);
  return present(
    await store.users.update(pool.id, user.username, changes, {
      now: ctx.now(),
      ifStatus: "FORCE_CHANGE_PASSWORD",
    }),
  );
}
