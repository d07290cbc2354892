/**
 * The one error a policy document can raise when it is loaded. It names the file, the statement
 * (index, and Sid when present) and the field, so a bad policy is fixed in one read.
 */

/**
 * A policy document that does not follow IAM's grammar, thrown by `parsePolicy`.
 *
 * @example
 * ```ts
 * try {
 *   parsePolicy(text, "policies/orders.json");
 * } catch (e) {
 *   if (e instanceof PolicyError) console.error(e.message);
 *   // policies/orders.json: Statement[2].Condition.StringEqualz: unknown condition operator
 * }
 * ```
 */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    /** The document's file name or label, e.g. `policies/orders.json`. */
    readonly source: string,
    /** Where the bad value is, e.g. `Statement[0] (Sid "ReadOrders").Effect`; `(document)` for the whole. */
    readonly path: string,
    /** What is wrong with it, e.g. `must be "Allow" or "Deny"`. */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${source}: ${path}: ${problem}`, options);
  }
}
