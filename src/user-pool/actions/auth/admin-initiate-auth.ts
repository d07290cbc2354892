/** AdminInitiateAuth (SigV4): ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH and the refresh flows. */
import { defineOperation, document, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { adminSignIn, initiate, signInClient } from "../../sign-in/index.js";
import { AUTH_FLOWS, parameterMap, parameters, stringMap } from "../../auth-params.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: clientId(),
  AuthFlow: string({ required: true, enum: AUTH_FLOWS }),
  AuthParameters: parameterMap(),
  ClientMetadata: stringMap(),
  AnalyticsMetadata: document(),
  ContextData: document(),
  Session: string({ min: 20, max: 2048 }),
});

/**
 * The operation.
 */
export function adminInitiateAuth(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId, input.UserPoolId);
    const params = parameters(input.AuthParameters, "AuthParameters");
    return initiate(
      ctx,
      adminSignIn(pool, client, request, input.ContextData, params, input.ClientMetadata),
      input.AuthFlow,
      "admin",
    );
  });
}
