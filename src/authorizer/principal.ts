import type { IamCaller } from "./iam/caller.js";

/**
 * Who a verified token speaks for: what the authorizer publishes as `c.var.principal`.
 *
 * @example
 * ```ts
 * app.get("/api/me", (c) => {
 *   const { sub, username, groups, scopes } = c.var.principal;
 *   return c.json({ sub, username, groups, scopes });
 * });
 * ```
 */
export interface Principal {
  /** The `sub` claim: the stable user (or, for client credentials, client) identifier. */
  readonly sub: string;
  /** Cognito's `username` (access) or `cognito:username` (ID); an OIDC issuer's username claim. */
  readonly username: string | undefined;
  /** `cognito:groups`, or an OIDC issuer's groups claim (default `groups`). */
  readonly groups: readonly string[];
  /** The space-separated `scope` claim (or an `scp` array), split. */
  readonly scopes: readonly string[];
  /** Cognito's `token_use`; `access` for an RFC 9068 (`at+jwt`) token. */
  readonly tokenUse: "id" | "access" | undefined;
  /** The exact `iss` of the token. */
  readonly issuer: string;
  /** `client_id` (access tokens), else `azp`, else a single `aud`. */
  readonly clientId: string | undefined;
  /** Every claim of the verified payload. Read-only: a principal from the cache is frozen and shared. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** A SigV4 request's temporary-credentials session (`authorizer({ iam })`); absent for bearer tokens. */
  readonly iam?: IamCaller;
}

/** What a profile contributes to a principal beyond the claims every profile reads the same way. */
export interface ProfileFacts {
  username: string | undefined;
  groups: readonly string[];
  tokenUse: "id" | "access" | undefined;
}

export function buildPrincipal(payload: Record<string, unknown>, facts: ProfileFacts): Principal {
  const aud = payload.aud;
  return {
    sub: payload.sub as string,
    username: facts.username,
    groups: facts.groups,
    scopes: scopesOf(payload),
    tokenUse: facts.tokenUse,
    issuer: payload.iss as string,
    clientId: stringOr(payload.client_id) ?? stringOr(payload.azp) ?? stringOr(aud),
    claims: payload,
  };
}

function scopesOf(payload: Record<string, unknown>): string[] {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === "string") return scope.split(" ").filter(Boolean);
  return stringsOf(scope);
}

/** A claim that is a string or an array of strings, as an array; anything else is empty. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Freezes a value and all it holds: a cached principal is shared by every request presenting the token. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
