/**
 * The runner of a sign-in flow: a flow is a list of named steps run in order over one
 * {@link SignIn}, in the manner of node-oidc-provider's authorization actions. A step returns
 * nothing to go on, or the answer to stop with (a challenge, tokens); it throws to refuse.
 */
import type { UserPoolContext } from "../context.js";
import type { SignIn } from "./state.js";

/** What a sign-in call answers: a challenge (ChallengeName, Session, ...) or tokens. */
export type Answer = Record<string, unknown>;

/** One named step of a flow: nothing (go on) or the answer to stop with. */
// biome-ignore lint/suspicious/noConfusingVoidType: a step that goes on returns nothing at all.
export type Step = (ctx: UserPoolContext, s: SignIn) => Promise<Answer | void> | Answer | void;

/**
 * Runs the steps in order until one answers.
 *
 * @throws {Error} when the list ends without an answer (a flow whose last step answers nothing).
 * @example
 * ```ts
 * return run(ctx, s, [findUser, checkSecretHash, screenAddress, verifyPassword, ...TO_TOKENS]);
 * ```
 */
export async function run(ctx: UserPoolContext, s: SignIn, steps: readonly Step[]): Promise<Answer> {
  for (const step of steps) {
    const answer = await step(ctx, s);
    if (answer) return answer;
  }
  throw new Error(`sign-in flow ended without an answer after ${steps.at(-1)?.name ?? "no step"}`);
}
