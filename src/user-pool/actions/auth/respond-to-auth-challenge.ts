/** RespondToAuthChallenge (unsigned): PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED. */
import { defineOperation, document, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { respond, signInClient, userSignIn } from "../../sign-in/index.js";
import { CHALLENGE_NAMES, parameterMap, parameters, session, stringMap } from "../../auth-params.js";

const Input = structure({
  ClientId: clientId(),
  ChallengeName: string({ required: true, enum: CHALLENGE_NAMES }),
  Session: session(),
  ChallengeResponses: parameterMap(),
  AnalyticsMetadata: document(),
  UserContextData: document(),
  ClientMetadata: stringMap(),
});

/**
 * The operation.
 */
export function respondToAuthChallenge(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId);
    const responses = parameters(input.ChallengeResponses, "ChallengeResponses");
    const signIn = userSignIn(pool, client, request, input.UserContextData, responses, input.ClientMetadata);
    return respond(ctx, { ...signIn, sessionId: input.Session }, input.ChallengeName);
  });
}
