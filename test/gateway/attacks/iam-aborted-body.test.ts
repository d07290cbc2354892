// SigV4 attack finding 03 (issue 16, fixed): a client that goes away while an iam route reads its body to check the signature is
// an "unhandled error" (stack trace on stderr, a 500 for nobody), one per aborted request.
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ALICE, head, sign, startWorld, type World } from "./iam-harness.js";

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

it("treats a client that aborts mid-body as gone, not as an unhandled error", async () => {
  const alice = await w.issue();
  const path = `/files/${ALICE}/m`;
  const signed = await sign(w, alice, path, {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "abcdefghij",
  });
  const { hostname, port } = new URL(w.url);
  for (let i = 0; i < 5; i++) {
    const socket = connect(Number(port), hostname);
    await new Promise<void>((ok) => socket.on("connect", ok));
    socket.write(
      `${head("POST", path, `${hostname}:${port}`, { ...signed.init.headers, "content-length": "10" })}abc`,
    );
    await new Promise((ok) => setTimeout(ok, 100));
    socket.destroy();
  }
  await new Promise((ok) => setTimeout(ok, 300));
  expect(errors.filter((e) => e.includes("unhandled error"))).toEqual([]);
});
