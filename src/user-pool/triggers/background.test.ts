import { afterEach, describe, expect, it, vi } from "vitest";
import { backgroundQueue } from "./background.js";
import { InvocationError } from "./invoker.js";

/** A job that runs until `release()`, counting how many run at once. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let now = 0;
  let most = 0;
  let ran = 0;
  const job = async () => {
    now++;
    ran++;
    most = Math.max(most, now);
    await opened;
    now--;
  };
  return { job, release: () => open(), stats: () => ({ running: now, most, ran }) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("backgroundQueue", () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  afterEach(() => errors.mockClear());

  it("runs at most `running` jobs, keeps `waiting` more, drops the rest with one log line by type", async () => {
    const queue = backgroundQueue({ running: 2, waiting: 3 });
    const { job, release, stats } = gate();
    const done = Array.from({ length: 8 }, () =>
      queue.run("CustomEmailSender (asynchronous invocation)", job),
    );
    await flush();
    expect(stats()).toMatchObject({ running: 2, ran: 2 });
    expect(queue.size()).toEqual({ running: 2, waiting: 3 });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toMatch(
      /^cognate: CustomEmailSender \(asynchronous invocation\) dropped: 2 running and 3 waiting/,
    );
    release();
    await Promise.all(done); // every promise settles, a dropped job's at once, never rejecting
    expect(stats()).toEqual({ running: 0, most: 2, ran: 5 });
    expect(queue.size()).toEqual({ running: 0, waiting: 0 });
  });

  it("answers at once: run never waits for the job, nor fails with it", async () => {
    const queue = backgroundQueue({ running: 1, waiting: 1 });
    const { job, release } = gate();
    const first = queue.run("CustomSMSSender (asynchronous invocation)", job);
    let settled = false;
    const second = queue.run("CustomSMSSender (asynchronous invocation)", job).then(() => {
      settled = true;
    });
    await flush();
    expect(settled).toBe(false);
    release();
    await Promise.all([first, second]);
    await expect(
      queue.run("CustomSMSSender (asynchronous invocation)", () =>
        Promise.reject(new InvocationError("TimeoutException", "code 123456")),
      ),
    ).resolves.toBeUndefined();
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      "cognate: CustomSMSSender (asynchronous invocation) failed: TimeoutException",
    ]);
  });

  it("logs drops at most once a second, with how many", async () => {
    let now = 0;
    const queue = backgroundQueue({ running: 1, waiting: 0, now: () => now });
    const { job, release } = gate();
    const running = queue.run("CustomEmailSender (asynchronous invocation)", job);
    for (let i = 0; i < 50; i++) await queue.run("CustomEmailSender (asynchronous invocation)", job);
    expect(errors).toHaveBeenCalledTimes(1);
    now += 1000;
    await queue.run("CustomEmailSender (asynchronous invocation)", job);
    expect(errors).toHaveBeenCalledTimes(2);
    expect(String(errors.mock.calls[1]![0])).toContain("50 dropped");
    release();
    await running;
  });
});
