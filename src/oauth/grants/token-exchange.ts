/**
 * `grant_type=urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693): a confidential app
 * client trades an access token of the pool (the subject token) for a narrower one, for one
 * resource server of the pool, with some of the subject token's scopes, living no longer than
 * it. With an actor token, the new token names the actor in `act` (delegation); without one it
 * stands for the subject alone (impersonation). Every exchange must be allowed by the
 * configuration's `tokenExchange.policies` (./exchange/policy.ts): none is allowed implicitly.
 * Beyond Cognito, whose token endpoint has no such grant. Steps, in order:
 *
 * 1. the parameters (`invalid_request`, `invalid_target`: ../exchange/request.ts);
 * 2. the client: confidential (`invalid_client`), OAuth on, and token exchange configured (`unauthorized_client`);
 * 3. the subject and actor tokens' signatures and expiry (`invalid_request`, as section 2.2.2
 *    requires for tokens "invalid for any reason, or ... unacceptable based on policy");
 * 4. the policies (`unauthorized_client`), before anything is told of the pool or the account;
 * 5. the tokens still standing (their users, sign-ins and clients), the actor the client's own,
 *    the subject's `may_act` honoured (`invalid_request`);
 * 6. the target resource server (`invalid_target`) and the scopes (`invalid_scope`);
 * 7. the token signed with the pool's access key.
 */
import type { Context } from "hono";
import type { Policy } from "../../policy/types.js";
import type { ClientRecord } from "../../storage/index.js";
import { poolSigningKeys, validitySeconds } from "../../user-pool/sign-in/result.js";
import { signJwt } from "../../user-pool/tokens/issue.js";
import { tokenError } from "../errors.js";
import { type ActClaim, actClaim, mayAct, priorActors } from "../exchange/actor.js";
import { exchangedLifetime, exchangedTokenClaims } from "../exchange/claims.js";
import { exchangeDecision } from "../exchange/policy.js";
import {
  type PresentedToken,
  type SignedToken,
  signedToken,
  standingToken,
} from "../exchange/presented-token.js";
import { ACCESS_TOKEN_TYPE, type ExchangeRequest, exchangeRequest } from "../exchange/request.js";
import { exchangeScopes } from "../exchange/target.js";
import type { Hosted } from "../hosted.js";
import { type Grant, oauthEnabled, tokenResponse } from "./grant.js";

/** The token-exchange grant. */
export const tokenExchange: Grant = async (c, hosted, client, form) => {
  const request = exchangeRequest(form);
  if (request instanceof Response) return request;
  const refused = clientRefusal(client, hosted.options.tokenExchange);
  if (refused !== undefined) return refused;

  // The policies decide before anything is told of the pool's resource servers, the token's
  // scopes or its user's account: a client no policy allows learns none of them.
  const signed = await signedTokens(hosted, request);
  if (signed instanceof Response) return signed;
  const store = await hosted.ctx.store();
  const server = await store.resourceServers.get(hosted.pool.id, request.target);
  const scopes =
    server === null ? undefined : exchangeScopes(signed.subject.claims.scope, server, client, request.scopes);
  const now = hosted.ctx.now();
  const decision = exchangeDecision(hosted.ctx, hosted.options.tokenExchange ?? [], {
    poolId: hosted.pool.id,
    client,
    audience: server?.identifier ?? request.target,
    scopes: scopes !== undefined && !("refused" in scopes) ? scopes.granted : (request.scopes ?? []),
    subject: signed.subject.claims,
    ...(signed.actor === undefined ? {} : { actor: signed.actor.claims }),
    now,
    secure: hosted.https,
    ...sourceIpOf(c, hosted),
  });
  if (decision.decision !== "Allow")
    return tokenError(
      "unauthorized_client",
      decision.decision === "ExplicitDeny"
        ? "A token exchange policy denies this exchange"
        : "No token exchange policy allows this exchange",
    );

  const tokens = await standingTokens(hosted, signed);
  if (tokens instanceof Response) return tokens;
  const act = delegation(hosted, client, tokens);
  if (act instanceof Response) return act;
  if (server === null || scopes === undefined)
    return tokenError("invalid_target", "The pool has no resource server with that identifier");
  if ("refused" in scopes) return tokenError("invalid_scope", scopes.refused);

  const seconds = Math.floor(now / 1000);
  const ttlSeconds = exchangedLifetime(validitySeconds(client, "AccessToken"), seconds, [
    tokens.subject.claims.exp,
    tokens.actor?.claims.exp,
  ]);
  if (ttlSeconds <= 0)
    return tokenError("invalid_request", "subject_token is not acceptable: Access Token has expired");
  const claims = exchangedTokenClaims({
    issuer: hosted.issuer,
    clientId: client.id,
    audience: server.identifier,
    scopes: scopes.granted,
    subject: tokens.subject.claims,
    ...(act === undefined ? {} : { act }),
    now: seconds,
    ttlSeconds,
  });
  const keys = await poolSigningKeys(hosted.ctx, hosted.pool.id);
  return tokenResponse({
    access_token: await signJwt(claims, keys.access),
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: "Bearer",
    expires_in: ttlSeconds,
    scope: scopes.granted.join(" "),
  });
};

/**
 * A public client cannot authenticate, so it may not exchange (as for client credentials); nor
 * may a client with OAuth off, nor anyone while no policy is configured.
 */
function clientRefusal(client: ClientRecord, policies: readonly Policy[] | undefined): Response | undefined {
  if (client.secret === null)
    return tokenError("invalid_client", "Token exchange requires a confidential client", 401);
  if (!oauthEnabled(client))
    return tokenError("unauthorized_client", "The client is not allowed to use OAuth flows");
  if (policies === undefined || policies.length === 0)
    return tokenError(
      "unauthorized_client",
      "Token exchange is not enabled: no tokenExchange policies are configured",
    );
  return undefined;
}

interface Presented {
  subject: PresentedToken;
  actor?: PresentedToken;
}

interface Signed {
  subject: SignedToken;
  actor?: SignedToken;
}

/** The subject and actor tokens' signatures and expiry; a refusal names which and why, never the token. */
async function signedTokens(hosted: Hosted, request: ExchangeRequest): Promise<Signed | Response> {
  const subject = await signedToken(hosted.ctx, hosted.pool.id, request.subjectToken);
  if ("refused" in subject)
    return tokenError("invalid_request", `subject_token is not acceptable: ${subject.refused}`);
  if (request.actorToken === undefined) return { subject };
  const actor = await signedToken(hosted.ctx, hosted.pool.id, request.actorToken);
  if ("refused" in actor)
    return tokenError("invalid_request", `actor_token is not acceptable: ${actor.refused}`);
  return { subject, actor };
}

/** Whether both still stand (users, sign-ins, clients). */
async function standingTokens(hosted: Hosted, signed: Signed): Promise<Presented | Response> {
  const subject = await standingToken(hosted.ctx, hosted.pool.id, signed.subject);
  if ("refused" in subject)
    return tokenError("invalid_request", `subject_token is not acceptable: ${subject.refused}`);
  if (signed.actor === undefined) return { subject };
  const actor = await standingToken(hosted.ctx, hosted.pool.id, signed.actor);
  if ("refused" in actor)
    return tokenError("invalid_request", `actor_token is not acceptable: ${actor.refused}`);
  return { subject, actor };
}

/**
 * The new token's `act`: with an actor token, its `sub` and `client_id` with the subject's prior
 * actors nested; without, the subject's own `act` as it is (an exchange never sheds a delegation).
 * The subject's `may_act` must name the actor (or, impersonating, the client).
 */
function delegation(
  hosted: Hosted,
  client: ClientRecord,
  tokens: Presented,
): ActClaim | undefined | Response {
  const prior = priorActors(tokens.subject.claims.act);
  if (prior === "invalid")
    return tokenError("invalid_request", "subject_token is not acceptable: its act claim is malformed");
  const actor = tokens.actor?.claims;
  // An actor token that is itself delegated names someone acting for its subject, not the actor.
  if (actor?.act !== undefined)
    return tokenError(
      "invalid_request",
      "actor_token is not acceptable: it is itself delegated (it has an act claim); present the actor's own token",
    );
  // The actor is the client acting: its own token (RFC 8693 section 4.1's "acting party"), never
  // a token minted for a downstream API (one with an `aud`) that anyone holding it could replay.
  if (actor !== undefined && (actor.client_id !== client.id || actor.aud !== undefined))
    return tokenError(
      "invalid_request",
      "actor_token is not acceptable: it must be an access token the exchanging client itself was issued",
    );
  const party =
    actor === undefined
      ? { sub: client.id, client_id: client.id, iss: hosted.issuer }
      : { sub: actor.sub, client_id: actor.client_id, iss: actor.iss };
  if (!mayAct(tokens.subject.claims, party))
    return tokenError(
      "invalid_request",
      "subject_token is not acceptable: its may_act claim does not name the actor",
    );
  if (actor === undefined) return prior;
  const act = actClaim(actor, prior);
  if (act === "too-long")
    return tokenError("invalid_request", "subject_token is not acceptable: its chain of actors is too long");
  return act;
}

/** The client's address (after trusted proxies), for `aws:SourceIp`, when the runtime can tell. */
function sourceIpOf(c: Context, hosted: Hosted): { sourceIp?: string } {
  try {
    const address = hosted.options.getConnInfo?.(c).remote.address;
    return address === undefined ? {} : { sourceIp: address };
  } catch {
    return {};
  }
}
