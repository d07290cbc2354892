/**
 * The app client a sign-in names, the flows it allows, and the SECRET_HASH it may require: the
 * checks every auth operation makes before it looks at the user.
 */
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from "../../protocol/json/index.js";
import type { ClientRecord, PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { clientSecretMatches, isConfidential } from "../app-client.js";
import { NAMED } from "../messages.js";
import { secretHashMatches } from "../secret-hash.js";

/** The client and its pool. */
export interface SignInClient {
  pool: PoolRecord;
  client: ClientRecord;
}

// A client created without ExplicitAuthFlows gets Cognito's defaults.
const DEFAULT_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
// The legacy names each allow what their ALLOW_ twin does; with them, SRP and refresh are implied.
const LEGACY: Record<string, string> = {
  USER_PASSWORD_AUTH: "ALLOW_USER_PASSWORD_AUTH",
  ADMIN_NO_SRP_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  CUSTOM_AUTH_FLOW_ONLY: "ALLOW_CUSTOM_AUTH",
};

/**
 * The client by id alone (InitiateAuth names no pool), or, with `poolId`, that pool's client.
 *
 * @throws {ResourceNotFoundException} "User pool client {id} does not exist."
 */
export async function signInClient(
  ctx: UserPoolContext,
  clientId: string,
  poolId?: string,
): Promise<SignInClient> {
  const store = await ctx.store();
  if (poolId !== undefined && (await store.pools.get(poolId)) === null)
    throw new ResourceNotFoundException(NAMED.poolNotFound(poolId));
  const client =
    poolId === undefined ? await store.clients.find(clientId) : await store.clients.get(poolId, clientId);
  const pool = client === null ? null : await store.pools.get(client.poolId);
  if (client === null || pool === null) throw new ResourceNotFoundException(NAMED.clientNotFound(clientId));
  return { pool, client };
}

/**
 * The flows a client allows, as ALLOW_* names.
 */
export function allowedFlows(client: ClientRecord): Set<string> {
  const given = client.config.ExplicitAuthFlows as string[] | undefined;
  if (given === undefined || given.length === 0) return new Set(DEFAULT_FLOWS);
  const flows = new Set(given.map((f) => LEGACY[f] ?? f));
  if (given.some((f) => f in LEGACY))
    for (const f of ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]) flows.add(f);
  return flows;
}

/**
 * Refuses a flow the client does not allow, in Cognito's words for USER_PASSWORD_AUTH (the
 * reference has only that one; the others follow its pattern [?]).
 */
export function requireFlow(client: ClientRecord, allow: string, flow: string): void {
  if (!allowedFlows(client).has(allow)) throw new InvalidParameterException(NAMED.flowNotEnabled(flow));
}

/**
 * Checks SECRET_HASH when the client has a secret (either one during a rotation), against each username the caller may have
 * hashed (as typed, the internal one).
 *
 * @example
 * ```ts
 * await checkSecretHash(client, params.SECRET_HASH, [params.USERNAME, user.username]);
 * ```
 */
export async function checkSecretHash(
  client: ClientRecord,
  given: string | undefined,
  usernames: readonly string[],
): Promise<void> {
  if (!isConfidential(client)) return;
  if (given === undefined || given === "")
    throw new NotAuthorizedException(NAMED.secretHashMissing(client.id));
  if (!(await secretHashMatches(given, usernames, client.id, client.secrets)))
    throw new NotAuthorizedException(NAMED.secretHashWrong(client.id));
}

/**
 * RevokeToken's and GetTokensFromRefreshToken's check of ClientSecret (the secret itself, not a
 * hash; either secret during a rotation), in constant time.
 *
 * @throws {NotAuthorizedException} "Client {id} is configured with secret but ClientSecret was not
 *   received" / "Unable to verify secret hash for client {id}" ([?] words, after SECRET_HASH's).
 */
export function checkClientSecret(client: ClientRecord, given: string | undefined): void {
  if (!isConfidential(client)) return;
  if (given === undefined) throw new NotAuthorizedException(NAMED.clientSecretMissing(client.id));
  if (!clientSecretMatches(client, given)) throw new NotAuthorizedException(NAMED.secretHashWrong(client.id));
}
