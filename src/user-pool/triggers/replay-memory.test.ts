import { describe, expect, it } from "vitest";
import { DEFAULT_REMEMBERED_IDS, DEFAULT_SKEW_SECONDS, replayMemory } from "./replay-memory.js";

const START = 1_700_000_000;

describe("replayMemory", () => {
  it("with serveTrigger's defaults, takes 100 events/s for 10 minutes, every one", () => {
    const remember = replayMemory(DEFAULT_SKEW_SECONDS, DEFAULT_REMEMBERED_IDS);
    let accepted = 0;
    for (let at = START; at < START + 600; at++)
      for (let i = 0; i < 100; i++) if (remember(`${at}-${i}`, at, at) === "ok") accepted++;
    expect(accepted).toBe(60_000);
  });

  it("holds no more than the window's worth: 100 a second, 61 seconds of them, for 10 minutes", () => {
    // Each id is kept through the second its request stops being acceptable (arrival + 60 s): a
    // memory of exactly 61 seconds' worth never fills, and one more in the same second does not fit.
    const remember = replayMemory(60, 6_100);
    for (let at = START; at < START + 600; at++)
      for (let i = 0; i < 100; i++) expect(remember(`${at}-${i}`, at, at)).toBe("ok");
    expect(remember("one-more", START + 599, START + 599)).toBe("full");
    // A second later the oldest second's hundred are gone.
    expect(remember("one-more", START + 600, START + 600)).toBe("ok");
  });

  it("keeps an id stamped ahead until its stamp + skew, not its arrival + skew", () => {
    const remember = replayMemory(300, 10);
    expect(remember("ahead", START, START + 200)).toBe("ok");
    expect(remember("ahead", START + 350, START + 350)).toBe("replay");
    expect(remember("ahead", START + 500, START + 500)).toBe("replay");
    expect(remember("ahead", START + 501, START + 501)).toBe("ok");
  });

  it("refuses a replay even when full, and never makes room by forgetting an acceptable id", () => {
    const remember = replayMemory(60, 2);
    expect(remember("a", START, START)).toBe("ok");
    expect(remember("b", START + 30, START + 30)).toBe("ok");
    expect(remember("a", START + 59, START + 59)).toBe("replay");
    expect(remember("c", START + 60, START + 60)).toBe("full");
    expect(remember("c", START + 61, START + 61)).toBe("ok");
    expect(remember("b", START + 61, START + 61)).toBe("replay");
  });

  it("after a clock set back, refuses as stale what it may have forgotten, and still forgets; and after a jump far ahead", () => {
    const remember = replayMemory(60, 2);
    expect(remember("later", START + 1000, START + 1000)).toBe("ok");
    // The clock is set back 1,000 s: a request of that older time may be one whose id was
    // forgotten (it expired by the clock before the step), so it cannot be told from a replay.
    expect(remember("earlier", START, START)).toBe("stale");
    // One stamped by a clock that did not step is judged by its stamp: remembered.
    expect(remember("stamped", START, START + 1000)).toBe("ok");
    expect(remember("x", START + 10, START + 1010)).toBe("full");
    // Both held ids expire when the clock is back past their stamps' window.
    expect(remember("x", START + 1061, START + 1061)).toBe("ok");
    // Far ahead: everything held has expired.
    expect(remember("y", START + 10_000_000, START + 10_000_000)).toBe("ok");
    expect(remember("z", START + 10_000_000, START + 10_000_000)).toBe("ok");
  });
});
