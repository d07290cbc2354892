/** InitiateAuth (unsigned): USER_SRP_AUTH, USER_PASSWORD_AUTH and the refresh flows. */
import { defineOperation, document, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { initiate, signInClient, userSignIn } from "../../sign-in/index.js";
import { AUTH_FLOWS, parameterMap, parameters, session, stringMap } from "../../auth-params.js";

const Input = structure({
  AuthFlow: string({ required: true, enum: AUTH_FLOWS }),
  AuthParameters: parameterMap(),
  ClientMetadata: stringMap(),
  ClientId: clientId(),
  AnalyticsMetadata: document(),
  UserContextData: document(),
  Session: session(),
});

/**
 * The operation.
 */
export function initiateAuth(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId);
    const params = parameters(input.AuthParameters, "AuthParameters");
    return initiate(
      ctx,
      userSignIn(pool, client, request, input.UserContextData, params, input.ClientMetadata),
      input.AuthFlow,
      "user",
    );
  });
}
