/**
 * SignUp (unsigned): an UNCONFIRMED user with a permanent password (as SRP salt and verifier),
 * and a confirmation code through the sender when the pool auto-verifies email or phone.
 */
import { defineOperation, NotAuthorizedException, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_TTL_MS, UNCOUNTED } from "../../rules/codes.js";
import { appClient, secretHashShape } from "../../app-client.js";
import { checkClientWrite } from "../../users/attribute-changes.js";
import { sendSignUpCode, verificationDestination } from "../../codes/delivery.js";
import { aliasesFor } from "../../users/aliases.js";
import { checkAttributes } from "../../users/attribute-checks.js";
import { creating, newIdentity } from "../../users/identity.js";
import { refuseProviderPrefix } from "../../users/provider-prefix.js";
import { checkPassword, passwordChanges } from "../../users/passwords.js";
import { recordCompromised, screenPassword } from "../../risk/compromised.js";
import { attributeList, attributeRecord, clientMetadata, password, username } from "../../users/shapes.js";
import { autoVerified, autoVerifiedAliases, preSignUp } from "../../triggers/pre-sign-up.js";
import { postConfirmation } from "../../triggers/post-confirmation.js";

const Input = structure({
  ClientId: clientId(),
  SecretHash: secretHashShape(),
  Username: username(),
  Password: password({ required: true }),
  UserAttributes: attributeList(),
  ValidationData: attributeList(),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function signUp(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await appClient(ctx, input.ClientId, input.SecretHash, [input.Username]);
    const adminOnly = (
      pool.config.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined
    )?.AllowAdminCreateUserOnly;
    if (adminOnly === true) throw new NotAuthorizedException("SignUp is not permitted for this user pool");
    const given = attributeRecord(input.UserAttributes);
    checkClientWrite(pool, client, Object.keys(given));
    checkAttributes(pool, given, true);
    checkPassword(pool, input.Password);
    const { compromised } = await screenPassword(ctx, pool, {
      clientId: client.id,
      event: "SIGN_UP",
      password: input.Password,
    });
    const sub = crypto.randomUUID();
    const { username: internal, attributes } = newIdentity(pool, input.Username, given, sub);
    await refuseProviderPrefix(ctx, pool, internal);
    // The trigger runs once the input is valid and before anything is written: a refusal leaves
    // no user, alias or code behind.
    const call = { clientId: client.id, headers: request.headers };
    const answer = await preSignUp(ctx, pool, "PreSignUp_SignUp", internal, call, {
      userAttributes: attributes,
      validationData: input.ValidationData === undefined ? null : attributeRecord(input.ValidationData),
      clientMetadata: input.ClientMetadata,
    });
    const stored = autoVerified(attributes, answer);
    const moved = autoVerifiedAliases(pool, attributes, stored);
    const { srpSalt, srpVerifier } = await passwordChanges(ctx, pool, internal, input.Password, true);
    const store = await ctx.store();
    // One batch: the user, its login attributes and the aliases the trigger verified, taken from
    // whoever holds them (their value then unverified), are written together or not at all;
    // other aliases wait for verification. A value that is another user's name, or their alias
    // of another kind, is AliasExistsException and nothing is written.
    const user = await creating(pool, "User already exists", () =>
      store.users.create(
        {
          poolId: pool.id,
          sub,
          username: internal,
          status: answer.autoConfirmUser ? "CONFIRMED" : "UNCONFIRMED",
          attributes: stored,
          srpSalt,
          srpVerifier,
          aliases: aliasesFor(pool, attributes),
          moved,
        },
        ctx.now(),
      ),
    );
    if (compromised) await recordCompromised(ctx, pool.id, sub, "SIGN_UP", { clientId: client.id });
    if (answer.autoConfirmUser) {
      // An auto-confirmed user is confirmed at sign-up: no code, and PostConfirmation fires now.
      await postConfirmation(ctx, pool, "PostConfirmation_ConfirmSignUp", user, call, input.ClientMetadata);
      return { UserConfirmed: true, UserSub: sub };
    }
    const destination = verificationDestination(pool, stored);
    const CodeDeliveryDetails =
      destination === undefined
        ? undefined
        : await sendSignUpCode(ctx, pool, user, destination, CODE_TTL_MS.signUp, UNCOUNTED, {
            call: {
              clientId: client.id,
              headers: request.headers,
              clientMetadata: input.ClientMetadata,
              background: request.background,
            },
          });
    return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails };
  });
}
