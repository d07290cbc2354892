/**
 * The PreTokenGeneration trigger's step, just before the tokens are minted (a sign-in or a
 * refresh). Not yet run: issue 15 fills it in.
 */
import type { Step } from "./pipeline.js";

/** Runs the trigger; the minting applies the claims and scopes it answers. */
export const preTokenGeneration: Step = () => undefined;
