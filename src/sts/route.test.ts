import { describe, expect, it } from "vitest";
import { isStsCall } from "./route.js";

const ACTIONS = new Set(["AssumeRoleWithWebIdentity"]);
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const post = (body: BodyInit, headers: Record<string, string> = FORM, url = "http://h/") =>
  new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
const stream = (text: string) => new Blob([text]).stream();
const within = <T>(promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("hung")), 2000)),
  ]);

describe("which request to / is STS's", () => {
  it("is one whose query or form body names an action of STS, whatever its version", async () => {
    expect(await isStsCall(post("Action=AssumeRoleWithWebIdentity&Version=2011-06-15"), ACTIONS)).toBe(true);
    expect(await isStsCall(post("Version=2010-01-01&Action=AssumeRoleWithWebIdentity"), ACTIONS)).toBe(true);
    expect(await isStsCall(new Request("http://h/?Action=AssumeRoleWithWebIdentity"), ACTIONS)).toBe(true);
    expect(
      await isStsCall(
        post("{}", { "content-type": "application/json" }, "http://h/?Action=AssumeRoleWithWebIdentity"),
        ACTIONS,
      ),
    ).toBe(true);
    expect(await isStsCall(post("Action=GetCallerIdentity"), ACTIONS)).toBe(false);
    expect(await isStsCall(post("action=AssumeRoleWithWebIdentity"), ACTIONS)).toBe(false);
    expect(
      await isStsCall(
        post('{"Action":"AssumeRoleWithWebIdentity"}', { "content-type": "application/json" }),
        ACTIONS,
      ),
    ).toBe(false);
    expect(await isStsCall(new Request("http://h/"), ACTIONS)).toBe(false);
  });

  it("knows a body too large to be a call by the action it names first, without reading it all", async () => {
    const large = `Action=AssumeRoleWithWebIdentity&WebIdentityToken=${"a".repeat(1024 * 1024)}`;
    expect(await within(isStsCall(post(large), ACTIONS))).toBe(true);
    expect(await within(isStsCall(post(stream(large)), ACTIONS))).toBe(true);
    // An action cut at the end of what is looked at is no action.
    const cut = `Padding=${"a".repeat(64 * 1024 - 40)}&Action=AssumeRoleWithWebIdentity&More=${"b".repeat(100)}`;
    expect(await within(isStsCall(post(cut), ACTIONS))).toBe(false);
  });

  it("leaves the request's own body whole for whoever takes it next, however large (it used to hang past 64 KiB)", async () => {
    for (const size of [10, 64 * 1024, 1024 * 1024]) {
      const text = `Padding=${"a".repeat(size)}`;
      for (const body of [text, stream(text)]) {
        const request = post(body);
        expect(await within(isStsCall(request, ACTIONS))).toBe(false);
        expect((await within(request.text())).length).toBe(text.length);
      }
    }
    const call = post(`Action=AssumeRoleWithWebIdentity&Padding=${"a".repeat(100 * 1024)}`);
    expect(await within(isStsCall(call, ACTIONS))).toBe(true);
    expect((await within(call.text())).startsWith("Action=AssumeRoleWithWebIdentity&Padding=aaa")).toBe(true);
  });
});
