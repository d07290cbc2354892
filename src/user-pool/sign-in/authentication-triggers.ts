/**
 * The PreAuthentication and PostAuthentication triggers' steps. Not yet run: issue 15 fills them in.
 */
import type { Step } from "./pipeline.js";

/** Before the first factor is checked, once the user is found (it may refuse the sign-in). */
export const preAuthentication: Step = () => undefined;

/** After the last factor, before any token. */
export const postAuthentication: Step = () => undefined;
