// SigV4 attack finding 02 (issue 16, fixed): a signed TRACE (or other body-forbidden method) with a body is a 500 on an iam
// route: keepBody rebuilds the Request with the body and undici throws.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ALICE, head, rawSend, sign, startWorld, type World } from "./iam-harness.js";

let w: World;
const errors: string[] = [];
beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(
    (...a: unknown[]) => void errors.push(a.map(String).join(" ")),
  );
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
  vi.restoreAllMocks();
});

it("answers a signed TRACE with a body without a 500 or an unhandled error", async () => {
  const alice = await w.issue();
  const path = `/files/${ALICE}/m`;
  const signed = await sign(w, alice, path, {
    method: "TRACE",
    headers: { "content-type": "text/plain" },
    body: "abc",
  });
  const raw = await rawSend(
    w.url,
    `${head("TRACE", path, new URL(w.url).host, { ...signed.init.headers, "content-length": "3" })}abc`,
  );
  expect(Number(raw.split(" ")[1])).toBeLessThan(500);
  expect(errors.filter((e) => e.includes("unhandled error"))).toEqual([]);
});
