/**
 * Retention: the purges of what only grows (expired sessions and tokens, spent codes, unconfirmed
 * devices, old auth events), run in bounded batches by a timer on Node and by a Cron Trigger on
 * Workers. docs/storage.md has what is kept how long, and why.
 */
export { PURGES, type Purge, type RetentionPolicy } from "./purges.js";
export { drain, logFailedPurges, sweep, type SweepOptions, type SweepReport } from "./sweep.js";
export { startBackgroundSweep, type BackgroundOptions, type BackgroundSweep } from "./background.js";
