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
  if (client.secret !== null) {
    if (given === undefined)
      throw new NotAuthorizedException(
        `Client ${clientId} is configured for secret but secret was not received`,
      );
    if (!(await secretHashMatches(given, usernames, clientId, client.secret)))
      throw new NotAuthorizedException(NAMED.secretHashWrong(clientId));
  }
  return { pool, client };
}

/**
 * Whether `given` is the client's secret, compared in constant time; `false` for a public client.
 * (The OAuth token and revocation endpoints' client authentication.)
 *
 * @example
 * ```ts
 * if (!clientSecretMatches(client, password)) return tokenError("invalid_client", ...);
 * ```
 */
export function clientSecretMatches(client: ClientRecord, given: string): boolean {
  if (client.secret === null) return false;
  const encoder = new TextEncoder();
  return timingSafeEqual(encoder.encode(given), encoder.encode(client.secret));
}
