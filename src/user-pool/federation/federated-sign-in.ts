/**
 * TEMPORARY STAND-IN of helper "users"'s module (branch h14-users), written to its contract so
 * the OIDC/social relying party compiles and runs before that branch is merged; the merge takes
 * theirs whole. It makes or finds `{ProviderName}_{subject}` and writes the mapped attributes.
 */
import type { IdentityProviderRecord, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";

/** An identity an IdP vouched for. */
export interface ExternalIdentity {
  provider: IdentityProviderRecord;
  /** Google/Apple/OIDC `sub`, Facebook `id`, LWA `user_id`, SAML NameID. */
  subject: string;
  /** The provider's claims by the provider's own names. */
  claims: Record<string, unknown>;
}

/** The user to sign in, or why not. */
export type FederatedSignInResult =
  | { user: UserRecord }
  | { error: "invalid_request" | "access_denied" | "server_error"; description: string };

/** Finds or creates the federated user (stand-in). */
export async function federatedSignIn(
  ctx: UserPoolContext,
  pool: PoolRecord,
  identity: ExternalIdentity,
): Promise<FederatedSignInResult> {
  const store = await ctx.store();
  const sensitive =
    (pool.config.UsernameConfiguration as { CaseSensitive?: unknown } | undefined)?.CaseSensitive === true;
  const raw = `${identity.provider.name}_${identity.subject}`;
  const username = sensitive ? raw : raw.toLowerCase();
  const attributes: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(identity.provider.attributeMapping)) {
    if (attribute === "username") continue;
    const value = identity.claims[claim];
    if (value !== undefined && value !== null)
      attributes[attribute] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const found = await store.users.get(pool.id, username);
  if (found !== null) {
    if (!found.enabled) return { error: "invalid_request", description: "User is disabled." };
    return { user: found };
  }
  const sub = crypto.randomUUID();
  const user = await store.users.create(
    { poolId: pool.id, sub, username, status: "EXTERNAL_PROVIDER", attributes: { sub, ...attributes } },
    ctx.now(),
  );
  return { user };
}
