/**
 * The access token a token exchange issues: the subject's identity (`sub`, `username`,
 * `cognito:groups`, and the sign-in's `origin_jti`, `auth_time` and `amr`, so that revoking the
 * sign-in revokes it too and MFA conditions still read it), the exchanging client as `client_id`,
 * the resource server as `aud`, the granted scopes, and `act` for a delegation. It lives no longer
 * than the subject token (nor the actor token), nor than the client's access-token validity.
 */
import type { ActClaim } from "./actor.js";

/** What the exchanged token is made of. */
export interface ExchangedTokenFacts {
  issuer: string;
  /** The exchanging client. */
  clientId: string;
  /** The resource server's identifier. */
  audience: string;
  scopes: readonly string[];
  /** The subject token's claims (verified). */
  subject: Readonly<Record<string, unknown>>;
  act?: ActClaim;
  /** Epoch seconds. */
  now: number;
  ttlSeconds: number;
}

/**
 * The lifetime of the exchanged token, in seconds: the client's access-token validity, cut to
 * what is left of the subject and actor tokens (their `exp`, epoch seconds).
 *
 * @example
 * ```ts
 * exchangedLifetime(3600, 1_700_000_000, [1_700_000_600]); // 600
 * ```
 */
export function exchangedLifetime(clientTtl: number, now: number, expiries: readonly unknown[]): number {
  let ttl = clientTtl;
  for (const exp of expiries) if (typeof exp === "number") ttl = Math.min(ttl, Math.floor(exp) - now);
  return ttl;
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === "string") ? [...value] : undefined;

/**
 * The exchanged access token's claims, in the order of Cognito's access tokens, then `aud` and
 * `act`.
 *
 * @example
 * ```ts
 * exchangedTokenClaims({ issuer, clientId: "backend", audience: "orders", scopes: ["orders/read"], subject, now, ttlSeconds: 600 });
 * // { sub, "cognito:groups", iss, version: 2, client_id: "backend", origin_jti, token_use: "access", scope: "orders/read", auth_time, exp, iat, jti, username, aud: "orders" }
 * ```
 */
export function exchangedTokenClaims(facts: ExchangedTokenFacts): Record<string, unknown> {
  const { subject } = facts;
  const groups = strings(subject["cognito:groups"]);
  const amr = strings(subject.amr);
  return {
    sub: subject.sub,
    ...(groups === undefined ? {} : { "cognito:groups": groups }),
    iss: facts.issuer,
    version: 2,
    client_id: facts.clientId,
    ...(typeof subject.origin_jti === "string" ? { origin_jti: subject.origin_jti } : {}),
    // The app client the user signed in with: when it is deleted, the tokens exchanged from its
    // tokens die with them (access-token.ts), as the originals do.
    origin_client_id:
      typeof subject.origin_client_id === "string" ? subject.origin_client_id : subject.client_id,
    token_use: "access",
    scope: facts.scopes.join(" "),
    auth_time: typeof subject.auth_time === "number" ? subject.auth_time : facts.now,
    ...(amr === undefined ? {} : { amr }),
    exp: facts.now + facts.ttlSeconds,
    iat: facts.now,
    jti: crypto.randomUUID(),
    ...(typeof subject.username === "string" ? { username: subject.username } : {}),
    aud: facts.audience,
    ...(facts.act === undefined ? {} : { act: facts.act }),
  };
}
