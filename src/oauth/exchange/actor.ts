/**
 * Delegation (RFC 8693 sections 4.1 and 4.4): the `act` claim that names the current actor of an
 * exchanged token, with the subject token's own `act` (its prior actors) nested inside, and the
 * subject token's `may_act`, which, when present, says who may act for it.
 *
 * > A chain of delegation can be expressed by nesting one act claim within another. The outermost
 * > act claim represents the current actor while nested act claims represent prior actors. The
 * > least recent actor is the most deeply nested. (section 4.1)
 */

/** An `act` claim: the actor's `sub` and `client_id`, and the prior actors. */
export interface ActClaim {
  sub: string;
  client_id?: string;
  act?: ActClaim;
}

/** The longest chain of actors an exchanged token carries: past it, tokens would only grow. */
export const MAX_ACTORS = 8;

/**
 * The prior actors of a token: its `act` claim rebuilt from `sub` and `client_id` alone (nothing
 * else in an `act` counts, section 4.1), `undefined` when it has none, `"invalid"` when it is not
 * such a chain of at most {@link MAX_ACTORS}.
 *
 * @example
 * ```ts
 * priorActors({ sub: "svc-a", client_id: "svc-a", act: { sub: "svc-0" } }); // the same chain
 * priorActors("svc-a"); // "invalid"
 * ```
 */
export function priorActors(value: unknown, depth = 1): ActClaim | undefined | "invalid" {
  if (value === undefined) return undefined;
  if (depth > MAX_ACTORS || typeof value !== "object" || value === null || Array.isArray(value))
    return "invalid";
  const { sub, client_id: clientId, act } = value as Record<string, unknown>;
  if (typeof sub !== "string" || (clientId !== undefined && typeof clientId !== "string")) return "invalid";
  const prior = priorActors(act, depth + 1);
  if (prior === "invalid") return "invalid";
  return {
    sub,
    ...(clientId === undefined ? {} : { client_id: clientId }),
    ...(prior === undefined ? {} : { act: prior }),
  };
}

/**
 * The exchanged token's `act`: the actor token's `sub` and `client_id`, with the subject's prior
 * actors nested; `"too-long"` past {@link MAX_ACTORS}.
 *
 * @example
 * ```ts
 * actClaim({ sub: "svc-b", client_id: "svc-b" }, { sub: "svc-a", client_id: "svc-a" });
 * // { sub: "svc-b", client_id: "svc-b", act: { sub: "svc-a", client_id: "svc-a" } }
 * ```
 */
export function actClaim(
  actor: { sub?: unknown; client_id?: unknown },
  prior: ActClaim | undefined,
): ActClaim | "too-long" {
  if (prior !== undefined && depthOf(prior) >= MAX_ACTORS) return "too-long";
  return {
    sub: String(actor.sub),
    ...(typeof actor.client_id === "string" ? { client_id: actor.client_id } : {}),
    ...(prior === undefined ? {} : { act: prior }),
  };
}

function depthOf(act: ActClaim): number {
  return act.act === undefined ? 1 : 1 + depthOf(act.act);
}

/**
 * Whether the subject token's `may_act` (section 4.4) lets `party` act for it: no `may_act`
 * lets anyone the policies allow; one that is not an object, or names none of `sub`, `client_id`
 * and `iss`, lets no one; otherwise each of those it names must be the party's.
 *
 * @example
 * ```ts
 * mayAct({ may_act: { sub: "svc-b" } }, { sub: "svc-b", client_id: "svc-b", iss }); // true
 * ```
 */
export function mayAct(
  subject: Readonly<Record<string, unknown>>,
  party: { sub: unknown; client_id: unknown; iss: unknown },
): boolean {
  const may = subject.may_act;
  if (may === undefined) return true;
  if (typeof may !== "object" || may === null || Array.isArray(may)) return false;
  const named = (["sub", "client_id", "iss"] as const).filter((name) => name in may);
  return (
    named.length > 0 &&
    named.every(
      (name) => typeof party[name] === "string" && (may as Record<string, unknown>)[name] === party[name],
    )
  );
}
