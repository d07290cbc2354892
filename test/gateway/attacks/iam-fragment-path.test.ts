// SigV4 attack finding 01 (issue 16, fixed): a request target with `#` before `?` makes the policy decide on one path
// (`/files/{me}/admin#x`) while the upstream is sent another (`/files/{me}/admin`).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ALICE, head, rawSend, sign, startWorld, type World } from "./iam-harness.js";

let w: World;
beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
  vi.restoreAllMocks();
});
const statusOf = (raw: string) => Number(raw.split(" ")[1]);
const host = () => new URL(w.url).host;

describe("a '#' in the request target", () => {
  it("does not get a request past an explicit Deny on the path the upstream serves", async () => {
    const alice = await w.issue();
    const signed = await sign(w, alice, `/files/${ALICE}/admin`);
    // Without the trick: the role's Deny on .../files/${sub}/admin holds.
    expect(
      statusOf(await rawSend(w.url, head("GET", `/files/${ALICE}/admin`, host(), signed.init.headers))),
    ).toBe(403);
    const before = w.upstream.seen.length;
    const raw = await rawSend(w.url, head("GET", `/files/${ALICE}/admin#x?y`, host(), signed.init.headers));
    expect(w.upstream.seen.slice(before).map((s) => s.url)).toEqual([]);
    expect([400, 403]).toContain(statusOf(raw));
  });

  it("does not let an Allow on a suffix (`GET/docs/*.pdf`) reach another file", async () => {
    const alice = await w.issue();
    const signed = await sign(w, alice, "/docs/secret.txt");
    expect(statusOf(await rawSend(w.url, head("GET", "/docs/secret.txt", host(), signed.init.headers)))).toBe(
      403,
    );
    const before = w.upstream.seen.length;
    const raw = await rawSend(w.url, head("GET", "/docs/secret.txt#.pdf?", host(), signed.init.headers));
    expect(w.upstream.seen.slice(before).map((s) => s.url)).toEqual([]);
    expect([400, 403]).toContain(statusOf(raw));
  });
});
