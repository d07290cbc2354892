import { describe, expect, it, vi } from "vitest";
import { startBackgroundSweep } from "./background.js";
import type { SweepReport } from "./sweep.js";

// Real timers. The delays a test must never reach are a minute long, so "no sweep yet" after a
// short wait is a count, not a timing.
const NEVER = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (more: boolean, failed: SweepReport["failed"] = []): SweepReport => ({
  deleted: { codes: 1 },
  more,
  failed,
});

/** A run that answers `script` in turn (a function is called: it may throw), and counts its calls. */
function scripted(script: (SweepReport | (() => never))[]) {
  const calls = { n: 0 };
  const run = async () => {
    const next = script[Math.min(calls.n++, script.length - 1)]!;
    return typeof next === "function" ? next() : next;
  };
  return { run, calls };
}

describe("startBackgroundSweep", () => {
  it("sweeps again after backlogDelayMs while a backlog remains, and after intervalMs once none does", async () => {
    const { run, calls } = scripted([report(true), report(true), report(false)]);
    const reports: SweepReport[] = [];
    const sweeper = startBackgroundSweep(run, {
      firstDelayMs: 1,
      backlogDelayMs: 1,
      intervalMs: NEVER,
      onReport: (r) => reports.push(r),
    });
    try {
      await vi.waitFor(() => expect(calls.n).toBe(3));
      await sleep(30);
      expect(calls.n).toBe(3);
      expect(reports.map((r) => r.more)).toEqual([true, true, false]);
    } finally {
      await sweeper.stop();
    }

    // The other way round: a sweep with nothing left waits the interval, not the backlog delay.
    const idle = scripted([report(false)]);
    const slowBacklog = startBackgroundSweep(idle.run, {
      firstDelayMs: 1,
      backlogDelayMs: NEVER,
      intervalMs: 1,
    });
    try {
      await vi.waitFor(() => expect(idle.calls.n).toBeGreaterThanOrEqual(3));
    } finally {
      await slowBacklog.stop();
    }
  });

  it("reports a run that throws, and a failed purge, and goes on sweeping after the interval", async () => {
    const error = new Error("disk I/O error");
    const purgeError = new Error("database is locked");
    const { run, calls } = scripted([
      () => {
        throw error;
      },
      // More was due, but a purge failed: the next sweep waits the interval, not the backlog delay.
      report(true, [{ name: "codes", error: purgeError }]),
      report(false),
    ]);
    const reports: SweepReport[] = [];
    const sweeper = startBackgroundSweep(run, {
      firstDelayMs: 1,
      backlogDelayMs: NEVER,
      intervalMs: 1,
      onReport: (r) => reports.push(r),
    });
    try {
      await vi.waitFor(() => expect(calls.n).toBeGreaterThanOrEqual(3));
      expect(reports.slice(0, 2)).toEqual([
        { deleted: {}, more: false, failed: [{ name: "sweep", error }] },
        report(true, [{ name: "codes", error: purgeError }]),
      ]);
    } finally {
      await sweeper.stop();
    }
  });

  it("goes on sweeping when the report's receiver throws", async () => {
    const { run, calls } = scripted([report(true), report(false)]);
    const sweeper = startBackgroundSweep(run, {
      firstDelayMs: 1,
      backlogDelayMs: 1,
      intervalMs: NEVER,
      onReport: () => {
        throw new Error("the log is gone");
      },
    });
    try {
      await vi.waitFor(() => expect(calls.n).toBe(2));
    } finally {
      await sweeper.stop();
    }
  });

  it("stop() waits for the sweep under way, and no sweep runs after it", async () => {
    let finish: (r: SweepReport) => void = () => {};
    let calls = 0;
    const run = () => {
      calls += 1;
      return new Promise<SweepReport>((resolve) => (finish = resolve));
    };
    const reports: SweepReport[] = [];
    const sweeper = startBackgroundSweep(run, {
      firstDelayMs: 1,
      backlogDelayMs: 1,
      intervalMs: 1,
      onReport: (r) => reports.push(r),
    });
    await vi.waitFor(() => expect(calls).toBe(1));
    let stopped = false;
    const stopping = sweeper.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    finish(report(true));
    await stopping;
    expect(reports).toEqual([report(true)]);
    await sleep(30);
    expect(calls).toBe(1);

    // Stopped before its first sweep, it never sweeps.
    const early = scripted([report(false)]);
    await startBackgroundSweep(early.run, { firstDelayMs: 1, intervalMs: 1 }).stop();
    await sleep(30);
    expect(early.calls.n).toBe(0);
  });
});
