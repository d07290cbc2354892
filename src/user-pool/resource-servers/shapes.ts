/**
 * Resource servers as their five operations share them: the input shapes after the service model,
 * the checks the model cannot write (one scope name once), the limits, and ResourceServerType.
 */
import {
  InvalidParameterException,
  list,
  ResourceNotFoundException,
  string,
  structure,
  type Infer,
} from "../../protocol/json/index.js";
import type { ResourceScope, ResourceServerRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";

/** Resource servers a pool may hold (Cognito's quota). */
export const MAX_RESOURCE_SERVERS = 25;

/** `Identifier` (ResourceServerIdentifierType): 1-256 printable characters but `"` and `\`. */
export const identifier = () =>
  string({ required: true, min: 1, max: 256, pattern: "[\\x21\\x23-\\x5B\\x5D-\\x7E]+" });

/** `Name` (ResourceServerNameType). */
export const serverName = () => string({ required: true, min: 1, max: 256, pattern: "[\\w\\s+=,.@-]+" });

/** `Scopes` (ResourceServerScopeListType): at most 100; a scope name has no `/`. */
export const scopes = () =>
  list(
    structure({
      ScopeName: string({
        required: true,
        min: 1,
        max: 256,
        pattern: "[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+",
      }),
      ScopeDescription: string({ required: true, min: 1, max: 256 }),
    }),
    { max: 100 },
  );

type ScopesInput = Infer<ReturnType<typeof scopes>>;

/**
 * The scopes to store, each name once.
 *
 * @throws {InvalidParameterException} for a name given twice ([?] words).
 */
export function scopesOf(given: ScopesInput | undefined): ResourceScope[] {
  const out = (given ?? []).map((s) => ({ name: s.ScopeName, description: s.ScopeDescription }));
  const seen = new Set<string>();
  for (const scope of out) {
    if (seen.has(scope.name)) throw new InvalidParameterException(`Duplicate scope name: ${scope.name}`); // [?] words
    seen.add(scope.name);
  }
  return out;
}

/** The model's ResourceServerType. */
export function resourceServerType(server: ResourceServerRecord): Record<string, unknown> {
  return {
    UserPoolId: server.poolId,
    Identifier: server.identifier,
    Name: server.name,
    Scopes: server.scopes.map((s) => ({ ScopeName: s.name, ScopeDescription: s.description })),
  };
}

/** The words for a resource server the pool does not have. */
export const serverNotFound = (id: string) => `Resource server ${id} does not exist.`; // [?] words

/**
 * The pool's resource server of that identifier, or a thrown ResourceNotFoundException.
 */
export async function requireResourceServer(
  ctx: UserPoolContext,
  poolId: string,
  id: string,
): Promise<ResourceServerRecord> {
  const server = await (await ctx.store()).resourceServers.get(poolId, id);
  if (server === null) throw new ResourceNotFoundException(serverNotFound(id));
  return server;
}
