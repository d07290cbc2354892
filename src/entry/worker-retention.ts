/**
 * The Worker's scheduled handler: the retention sweep, run by the Cron Trigger in wrangler.toml
 * (`[triggers] crons`). Each run sweeps until nothing is due, within a bound of sweeps and of
 * wall time well inside a Cron Trigger's limits; what is left waits for the next run.
 */
import { sweepOptions, type RetentionSettingsConfig } from "../config-retention.js";
import { d1Driver, type D1DatabaseLike } from "../storage/d1.js";
import { migrateOnce, repositories } from "../storage/index.js";
import { drain, logFailedPurges, type SweepReport } from "../user-pool/retention/index.js";

/** Sweeps in one run at most: with 500-row batches, 10,000 rows of each kind. */
export const MAX_SWEEPS_PER_RUN = 20;
/** Wall time a run starts no new sweep after. */
export const RUN_BUDGET_MS = 20_000;

/**
 * Sweeps the Worker's D1 database; `undefined` when it has none (nothing is stored to purge).
 *
 * @example
 * ```ts
 * export default { async scheduled(_controller, env) { await scheduledSweep(env.DB, config.retention); } };
 * ```
 */
export async function scheduledSweep(
  db: D1DatabaseLike | undefined,
  retention: RetentionSettingsConfig,
  clock: () => number = Date.now,
): Promise<SweepReport | undefined> {
  if (db === undefined) return undefined;
  const driver = d1Driver(db);
  await migrateOnce(driver);
  const report = await drain(repositories(driver), {
    ...sweepOptions(retention),
    maxSweeps: MAX_SWEEPS_PER_RUN,
    deadline: clock() + RUN_BUDGET_MS,
    clock,
  });
  logFailedPurges(report);
  return report;
}
