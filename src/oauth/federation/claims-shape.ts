/**
 * A bound on the shape of what an identity provider says about its user (federation.md §4.3):
 * the ID token's claims and the profile (userinfo, the People API, Graph `/me`, the LWA profile)
 * are JSON the IdP alone chose. Their values may be nested (Google's `names`, an OIDC `address`),
 * and a mapped one becomes its JSON text, which recurses once per level: a value nested 100,000
 * deep (200 KB, under the size bound of every IdP call) overflows the stack there. So the shape
 * is checked once, iteratively, before anything walks it.
 */

/** The deepest nesting taken, the profile object itself being level 1 (Google's deepest is ~5). */
export const MAX_CLAIM_DEPTH = 32;

/** The most values (objects, arrays and scalars, the profile itself included) taken. */
export const MAX_CLAIM_VALUES = 10_000;

/**
 * Why `value` (parsed JSON) is too deep or too large to read, or `undefined` when it is not.
 * Iterative, and it stops at the first level or value over a bound.
 *
 * @example
 * ```ts
 * claimsShapeProblem({ sub: "1", names: [{ displayName: "Ann" }] }); // undefined
 * claimsShapeProblem({ name: JSON.parse("[".repeat(99) + "]".repeat(99)) }); // "nested deeper than 32 levels"
 * ```
 */
export function claimsShapeProblem(value: unknown): string | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  let values = 1;
  while (pending.length > 0) {
    const { value: at, depth } = pending.pop()!;
    if (typeof at !== "object" || at === null) continue;
    if (depth > MAX_CLAIM_DEPTH) return `nested deeper than ${MAX_CLAIM_DEPTH} levels`;
    const inside = Array.isArray(at) ? at : Object.values(at);
    values += inside.length;
    if (values > MAX_CLAIM_VALUES) return `more than ${MAX_CLAIM_VALUES} values`;
    for (const child of inside) pending.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}
