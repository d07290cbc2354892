/** AdminRespondToAuthChallenge (SigV4): PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED. */
import { defineOperation, document, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { adminSignIn, respond, signInClient } from "../../sign-in/index.js";
import { CHALLENGE_NAMES, parameterMap, parameters, session, stringMap } from "../../auth-params.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: clientId(),
  ChallengeName: string({ required: true, enum: CHALLENGE_NAMES }),
  ChallengeResponses: parameterMap(),
  Session: session(),
  AnalyticsMetadata: document(),
  ContextData: document(),
  ClientMetadata: stringMap(),
});

/**
 * The operation.
 */
export function adminRespondToAuthChallenge(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId, input.UserPoolId);
    const responses = parameters(input.ChallengeResponses, "ChallengeResponses");
    const signIn = adminSignIn(pool, client, request, input.ContextData, responses, input.ClientMetadata);
    return respond(ctx, { ...signIn, sessionId: input.Session }, input.ChallengeName);
  });
}
