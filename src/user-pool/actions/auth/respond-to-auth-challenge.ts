/** RespondToAuthChallenge (unsigned): PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED. */
import { defineOperation, document, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { signInClient } from "../../sign-in/client.js";
import { CHALLENGE_NAMES, parameterMap, parameters, session, stringMap } from "../../auth-params.js";
import { respond } from "../../sign-in/respond.js";
import { userStep } from "../../sign-in/step.js";

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
 *
 * @example
 * ```ts
 * const operations = { RespondToAuthChallenge: respondToAuthChallenge(ctx) };
 * ```
 */
export function respondToAuthChallenge(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId);
    return respond(
      ctx,
      userStep(pool, client, request, input.UserContextData),
      input.ChallengeName,
      parameters(input.ChallengeResponses, "ChallengeResponses"),
      input.Session,
    );
  });
}
