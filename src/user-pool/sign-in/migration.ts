/**
 * The UserMigration trigger's step (UserMigration_Authentication): where a password flow meets a
 * name no user holds, before it is refused. Not yet run: issue 15 fills it in.
 */
import type { Step } from "./pipeline.js";

/** Creates the user from the legacy store's answer, and lets the flow go on with them. */
export const userMigration: Step = () => undefined;
