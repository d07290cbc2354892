/**
 * The bound on work that runs after the answer: the custom senders' asynchronous invocations and
 * the deliveries a client that hides its users sends in the background. The request that caused
 * such work no longer waits for it, so without a bound a caller's own pace would no longer limit
 * the server's: each invocation holds a connection (HTTP, Lambda) for up to its deadline.
 */
import { failureType } from "./invoker.js";

/** How much background work runs at once and waits: per process (per isolate on Workers). */
export interface BackgroundLimits {
  /** Jobs running at once. Default 64. */
  running: number;
  /** Jobs waiting for one to end; beyond, a job is dropped (and logged). Default 1,000. */
  waiting: number;
  now?: () => number;
}

/** The bound of {@link BACKGROUND}: 64 running, 1,000 waiting. */
export const BACKGROUND_LIMITS: BackgroundLimits = { running: 64, waiting: 1000 };

/** A bounded runner of background jobs. */
export interface BackgroundQueue {
  /**
   * Runs `job` now, or once a running one ends; when `waiting` jobs already wait, drops it and
   * logs `what` (never the job's data), as Lambda's own queue of asynchronous invocations drops
   * what it cannot deliver. Resolves when the job is done or dropped, never rejecting (a failure
   * is logged by its type only): hand it to the request's `background` (workerd's `waitUntil`).
   */
  run(what: string, job: () => Promise<unknown>): Promise<void>;
  /** How many run and wait now. */
  size(): { running: number; waiting: number };
}

/**
 * A queue of background jobs, bounded in what runs and what waits.
 *
 * @example
 * ```ts
 * const queue = backgroundQueue({ running: 64, waiting: 1000 });
 * request.background?.(queue.run("CustomEmailSender (asynchronous invocation)", () => invoke()));
 * ```
 */
export function backgroundQueue(limits: BackgroundLimits = BACKGROUND_LIMITS): BackgroundQueue {
  const now = limits.now ?? Date.now;
  let running = 0;
  const waiting: Array<() => void> = [];
  let lastNotice = Number.NEGATIVE_INFINITY;
  let unreported = 0;

  const drop = (what: string) => {
    // One line a second at most: a flood of dropped jobs is one problem, not thousands of lines.
    if (now() - lastNotice < 1000) {
      unreported++;
      return;
    }
    const more = unreported > 0 ? ` (${unreported + 1} dropped since the last notice)` : "";
    console.error(
      `cognate: ${what} dropped: ${limits.running} running and ${limits.waiting} waiting, the most background work taken at once${more}`,
    );
    lastNotice = now();
    unreported = 0;
  };

  return {
    async run(what, job) {
      // A woken job takes a free place when it runs, not when it is woken: on Workers its
      // continuation runs in its own request's context, and one that never runs holds nothing.
      if (running >= limits.running) {
        if (waiting.length >= limits.waiting) return drop(what);
        await new Promise<void>((wake) => waiting.push(wake));
        // Another took the place first: wait again, first in line (it was already counted in).
        while (running >= limits.running) await new Promise<void>((wake) => waiting.unshift(wake));
      }
      running++;
      try {
        await job();
      } catch (error) {
        console.error(`cognate: ${what} failed: ${failureType(error)}`);
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
    size: () => ({ running, waiting: waiting.length }),
  };
}

/** The process's (the isolate's, on Workers) bound on background work: 64 running, 1,000 waiting. */
export const BACKGROUND: BackgroundQueue = backgroundQueue();
