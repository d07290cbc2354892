/**
 * The PreTokenGeneration trigger's step, just before the tokens are minted (a sign-in or a
 * refresh); the minting (result.ts) applies what it answered. A hosted-UI sign-in mints no token
 * here: its trigger runs at the token endpoint (TokenGeneration_HostedAuth, src/oauth/tokens.ts).
 * The answer is not stored: each refresh runs the trigger again.
 */
import {
  groupConfiguration,
  runPreTokenGeneration,
  type TokenGenerationSource,
  userAttributesOf,
} from "../triggers/index.js";
import { hasTrigger } from "../triggers/run.js";
import type { Step } from "./pipeline.js";
import { type SignIn, userOf } from "./state.js";

/** Runs the trigger; the minting applies the claims and scopes it answers (`s.tokenOverrides`). */
export const preTokenGeneration: Step = async (ctx, s) => {
  if (s.hosted === true || !hasTrigger(s.pool, "PreTokenGeneration")) return;
  const user = userOf(s);
  const groups = await (await ctx.store()).groups.allForUser(user.poolId, user.sub);
  s.tokenOverrides = await runPreTokenGeneration(ctx, s.pool, {
    source: sourceOf(s),
    userName: user.username,
    clientId: s.client.id,
    headers: s.headers,
    userAttributes: userAttributesOf(s.pool, user),
    groups: groupConfiguration(groups),
    scopes: ["aws.cognito.signin.user.admin"],
    clientMetadata: forwardedMetadata(s),
  });
};

/**
 * "TokenGeneration_NewPasswordChallenge: ... invoked when the user has to change a temporary
 * password"; "_AuthenticateDevice: Called at the end of the authentication of a user device";
 * "_RefreshTokens: Called when a user tries to refresh the identity and access tokens";
 * "_Authentication: Called after user authentication flows have completed" [doc]. The source is
 * the challenge the tokens answer (a new password followed by MFA ends in _Authentication [?]).
 */
function sourceOf(s: SignIn): TokenGenerationSource {
  if (s.refresh !== undefined) return "TokenGeneration_RefreshTokens";
  if (s.session?.challenge === "NEW_PASSWORD_REQUIRED") return "TokenGeneration_NewPasswordChallenge";
  if (s.session?.challenge === "DEVICE_PASSWORD_VERIFIER") return "TokenGeneration_AuthenticateDevice";
  return "TokenGeneration_Authentication";
}

/**
 * ClientMetadata reaches this trigger from RespondToAuthChallenge / AdminRespondToAuthChallenge
 * and GetTokensFromRefreshToken, not from InitiateAuth (whose ClientMetadata goes only to "Pre
 * signup, Pre authentication, User migration" [doc: InitiateAuth API reference]).
 */
function forwardedMetadata(s: SignIn): Record<string, string> | undefined {
  if (s.tokenMetadata !== undefined) return s.tokenMetadata;
  return s.session !== undefined ? s.clientMetadata : undefined;
}
