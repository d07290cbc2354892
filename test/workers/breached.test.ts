import { describe, expect, inject, it } from "vitest";
import {
  isBreached,
  isOnShippedList,
  rangeCount,
  RangeUnavailableError,
} from "../../src/user-pool/breached/index.js";

// The breached-password check inside workerd: the shipped filter decodes and answers the same as
// on Node, and the range client's SHA-1, timeout and failure handling run on workerd's fetch over
// real loopback HTTP to the Node server of test/workers/upstream.setup.ts.
const upstream = inject("gatewayUpstream");
const closed = inject("closedUpstream");
const STRONG = "cognate workerd Zp4#rT9!wq";

async function reason(url: string, timeoutMs?: number): Promise<string> {
  const error = await rangeCount(STRONG, { url, timeoutMs }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RangeUnavailableError);
  return (error as RangeUnavailableError).reason;
}

describe("breached passwords in workerd", () => {
  it("finds the shipped list's entries and not a strong password", async () => {
    for (const common of ["123456", "password", "qwerty123", "iloveyou", "password1", "trustno1"]) {
      expect(isOnShippedList(common)).toBe(true);
    }
    expect(isOnShippedList(STRONG)).toBe(false);
    expect(isOnShippedList("PASSWORD1 ")).toBe(false);
    expect(await isBreached("password1")).toBe(true);
    expect(await isBreached(STRONG)).toBe(false);
  });

  it("sends the uppercase five-digit SHA-1 prefix with Add-Padding", async () => {
    const echoed: { url: string; headers: Record<string, string> }[] = [];
    const recording = async (input: string, init: RequestInit) => {
      const response = await fetch(input, init);
      echoed.push(await response.clone().json());
      return response;
    };
    // SHA-1("password") starts 5BAA6; the echo upstream's JSON is not the protocol.
    const error = await rangeCount("password", { url: `${upstream}/echo`, fetch: recording }).catch(
      (e: unknown) => e,
    );
    expect((error as RangeUnavailableError).reason).toBe("protocol");
    expect(echoed[0]!.url).toBe("/echo/range/5BAA6");
    expect(echoed[0]!.headers["add-padding"]).toBe("true");
  });

  it("reads a 503, a hang and a refused connection as unavailable, then applies the fail mode", async () => {
    expect(await reason(`${upstream}/busy`)).toBe("status");
    expect(await reason(`${upstream}/hang`, 200)).toBe("timeout");
    expect(await reason(closed)).toBe("network");
    expect(await isBreached(STRONG, { range: { url: closed } })).toBe(false);
    expect(await isBreached(STRONG, { range: { url: `${upstream}/busy`, failMode: "closed" } })).toBe(true);
  });
});
