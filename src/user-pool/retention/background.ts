/**
 * The retention sweep in the background of a long-running server (Node): a timer, one bounded
 * sweep per tick, the next tick soon while a backlog remains and after the interval otherwise.
 * Runtime-neutral (setTimeout); the timer never keeps a process alive on its own.
 */
import type { SweepReport } from "./sweep.js";

/** How the background sweep runs. */
export interface BackgroundOptions {
  /** Between two sweeps when nothing was left due. */
  intervalMs: number;
  /** Before the first sweep. Default: the interval (nothing runs in the way of a start). */
  firstDelayMs?: number;
  /** Between two sweeps while a backlog remains, so requests get their turn. Default 50 ms. */
  backlogDelayMs?: number;
  /** Each sweep's report (a failed purge included); never given rows' contents. */
  onReport?: (report: SweepReport) => void;
}

/** A running background sweep. */
export interface BackgroundSweep {
  /** Stops the timer and waits for a sweep under way, so the database can be closed after. */
  stop(): Promise<void>;
}

/**
 * Starts sweeping in the background.
 *
 * @example
 * ```ts
 * const retention = startBackgroundSweep(() => sweep(store, Date.now(), options), { intervalMs: 60_000 });
 * // on shutdown, before closing the database:
 * await retention.stop();
 * ```
 */
export function startBackgroundSweep(
  run: () => Promise<SweepReport>,
  options: BackgroundOptions,
): BackgroundSweep {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    (timer as { unref?: () => void }).unref?.();
  };
  const tick = () => {
    timer = undefined;
    running = (async () => {
      let report: SweepReport;
      try {
        report = await run();
      } catch (error) {
        report = { deleted: {}, more: false, failed: [{ name: "sweep", error }] };
      }
      // A report that cannot be told (a logger that throws) must not stop the sweeps, nor end the process.
      try {
        options.onReport?.(report);
      } catch {}
      running = undefined;
      const more = report.more && report.failed.length === 0;
      schedule(more ? (options.backlogDelayMs ?? 50) : options.intervalMs);
    })();
  };
  schedule(options.firstDelayMs ?? options.intervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
