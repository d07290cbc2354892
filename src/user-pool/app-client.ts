/** The unsigned operations name an app client, not a pool: the client, its pool, its SECRET_HASH. */
import { NotAuthorizedException, ResourceNotFoundException, string } from "../protocol/json/index.js";
import type { ClientRecord, PoolRecord } from "../storage/index.js";
import type { UserPoolContext } from "./context.js";
import { secretHashMatches } from "./secret-hash.js";
import { timingSafeEqual } from "../util/encoding.js";
import { NAMED } from "./messages.js";

/** `SecretHash` (SecretHashType). */
export const secretHashShape = () => string({ min: 1, max: 128, pattern: "[\\w+=/]+", sensitive: true });

/**
 * The client and its pool, or ResourceNotFoundException; with a client secret, the SecretHash
 * must match one of `usernames`, else NotAuthorizedException in Cognito's words.
 */
export async function appClient(
  ctx: UserPoolContext,
  clientId: string,
  given: string | undefined,
  usernames: readonly string[],
): Promise<{ pool: PoolRecord; client: ClientRecord }> {
  const store = await ctx.store();
  const client = await store.clients.find(clientId);
  const pool = client === null ? null : await store.pools.get(client.poolId);
  if (client === null || pool === null) throw new ResourceNotFoundException(NAMED.clientNotFound(clientId));
  if (isConfidential(client)) {
    if (given === undefined)
      throw new NotAuthorizedException(
        `Client ${clientId} is configured for secret but secret was not received`,
      );
    if (!(await secretHashMatches(given, usernames, clientId, client.secrets)))
      throw new NotAuthorizedException(NAMED.secretHashWrong(clientId));
  }
  return { pool, client };
}

/**
 * Whether the client has a secret (one or, during a rotation, two): a confidential client, which
 * must prove it; a public one has none.
 */
export function isConfidential(client: ClientRecord): boolean {
  return client.secrets.length > 0;
}

/**
 * Whether `given` is one of the client's secrets (either one during a rotation), each compared in
 * constant time; `false` for a public client. (The OAuth token and revocation endpoints' client
 * authentication, and RevokeToken's and GetTokensFromRefreshToken's ClientSecret.)
 *
 * @example
 * ```ts
 * if (!clientSecretMatches(client, password)) return tokenError("invalid_client", ...);
 * ```
 */
export function clientSecretMatches(client: ClientRecord, given: string): boolean {
  const encoder = new TextEncoder();
  const wanted = encoder.encode(given);
  let matched = false;
  for (const secret of client.secrets) {
    const match = timingSafeEqual(wanted, encoder.encode(secret));
    matched = match || matched;
  }
  return matched;
}
