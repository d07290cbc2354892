/**
 * One sweep: each purge once, a bounded batch each, in its own transaction. A sweep that finds a
 * full batch anywhere says so (`more`), and its runner comes back soon for the rest, so a backlog
 * (an upgrade, a long outage of the timer) is worked off in small steps between requests.
 */
import type { Repositories } from "../../storage/index.js";
import { PURGES, type Purge, type RetentionPolicy } from "./purges.js";

/** How a sweep runs. */
export interface SweepOptions extends RetentionPolicy {
  /** Rows each purge deletes at most. */
  batchSize: number;
}

/** What a sweep did. */
export interface SweepReport {
  /** Rows deleted, by purge name; purges that deleted nothing are left out. */
  deleted: Record<string, number>;
  /** Whether some purge filled its batch: more rows of its kind may be due. */
  more: boolean;
  /** Purges that failed (the database busy or gone), with the error; the next sweep tries again. */
  failed: { name: string; error: unknown }[];
}

/**
 * Runs every purge once at `now`.
 *
 * @example
 * ```ts
 * const report = await sweep(store, Date.now(), { authEventsMs: 730 * 86_400_000, batchSize: 500 });
 * // { deleted: { authSessions: 12, codes: 3 }, more: false, failed: [] }
 * ```
 */
export async function sweep(
  store: Repositories,
  now: number,
  options: SweepOptions,
  purges: readonly Purge[] = PURGES,
): Promise<SweepReport> {
  const report: SweepReport = { deleted: {}, more: false, failed: [] };
  // One after the other: SQLite writes one at a time anyway, and D1 is spared a burst. Between two,
  // the event loop takes its turn: better-sqlite3 holds it for a whole batch, not for a whole sweep.
  for (const [i, purge] of purges.entries()) {
    if (i > 0) await new Promise((next) => setTimeout(next, 0));
    try {
      const deleted = await purge.run(store, now - purge.keptMs(options), options.batchSize);
      if (deleted > 0) report.deleted[purge.name] = deleted;
      if (deleted >= options.batchSize) report.more = true;
    } catch (error) {
      report.failed.push({ name: purge.name, error });
    }
  }
  return report;
}

/**
 * Sweeps until nothing is due, at most `maxSweeps` times or until `deadline` (epoch ms, by
 * `clock`): a Cron Trigger's run. Returns the rows deleted by purge and whether rows remain due.
 */
export async function drain(
  store: Repositories,
  options: SweepOptions & { maxSweeps: number; deadline: number; clock: () => number },
): Promise<SweepReport> {
  const total: SweepReport = { deleted: {}, more: false, failed: [] };
  for (let i = 0; i < options.maxSweeps; i++) {
    const report = await sweep(store, options.clock(), options);
    for (const [name, n] of Object.entries(report.deleted))
      total.deleted[name] = (total.deleted[name] ?? 0) + n;
    total.failed.push(...report.failed);
    total.more = report.more;
    if (!report.more || report.failed.length > 0 || options.clock() >= options.deadline) break;
  }
  return total;
}

/**
 * Tells the operator's log which purges failed and why (a database message, never a row's
 * contents); each is tried again at the next sweep.
 */
export function logFailedPurges(report: SweepReport): void {
  for (const { name, error } of report.failed)
    console.error(
      `cognate: retention: the ${name} purge failed: ${error instanceof Error ? error.message : String(error)}`,
    );
}
