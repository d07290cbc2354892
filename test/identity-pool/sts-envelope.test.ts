// STS's envelope, over the wire (the Node entry): a GET, a JSON body, another content type, bodies
// of 1 MB: STS's XML <ErrorResponse> with a 4xx status when the request names STS's action, the
// route table's answer (here a 404) when it names none, never a hang.
import { describe, expect, it } from "vitest";
import { form, type StsCase, stsServer } from "./sts-setup.js";

const { url, base, withParam, problemsOf } = await stsServer();

describe("STS: the envelope", { timeout: 60_000 }, () => {
  it("refuses a GET, a JSON body, another content type and a body of 1 MB with STS's errors; leaves other requests to the route table", async () => {
    const query = `?${form(base())}`;
    const huge = form(withParam("WebIdentityToken", "a".repeat(1024 * 1024)));
    const cases: StsCase[] = [
      {
        label: "a GET",
        codes: ["MalformedQueryString"],
        request: () => ({ path: `/${query}`, init: { method: "GET" } }),
      },
      {
        label: "a JSON body, the action in the query",
        codes: ["MalformedQueryString"],
        request: () => ({
          path: "/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15",
          init: {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(Object.fromEntries(base().slice(2))),
          },
        }),
      },
      {
        label: "text/plain, the action in the query",
        codes: ["MalformedQueryString"],
        request: () => ({
          path: "/?Action=AssumeRoleWithWebIdentity",
          init: { method: "POST", headers: { "content-type": "text/plain" }, body: form(base().slice(1)) },
        }),
      },
      {
        label: "a form body of 1 MB",
        codes: ["RequestEntityTooLarge"],
        status: 413,
        request: () => ({
          init: {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: huge,
          },
        }),
      },
      {
        label: "a form body of 1 MB, streamed",
        codes: ["RequestEntityTooLarge"],
        status: 413,
        request: () => ({
          init: {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new Blob([huge]).stream(),
            duplex: "half",
          } as RequestInit,
        }),
      },
      {
        label: "a form body just over 64 KiB",
        codes: ["RequestEntityTooLarge"],
        status: 413,
        request: () => ({
          init: {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: form(withParam("Policy", "a".repeat(64 * 1024))),
          },
        }),
      },
      {
        label: "the action in the query, the rest in the form",
        codes: ["MalformedQueryString"],
        request: () => ({
          path: "/?Action=AssumeRoleWithWebIdentity",
          init: {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: form(base()),
          },
        }),
      },
    ];
    expect(await problemsOf(cases)).toEqual([]);
    // What names no action of STS is not STS's: the route table (here, none) answers, a large
    // form at once (it used to hang: the peek awaited the cancel of a tee's branch).
    const formType = { "content-type": "application/x-www-form-urlencoded" };
    const large = `${form(base().slice(1))}&Padding=${"a".repeat(1024 * 1024)}&Action=AssumeRoleWithWebIdentity`;
    for (const init of [
      { method: "POST", headers: formType, body: "Action=Nope" },
      { method: "POST", headers: formType, body: large },
      { method: "POST", headers: formType, body: new Blob([large]).stream(), duplex: "half" },
      { method: "POST", headers: formType, body: `Padding=${"a".repeat(100 * 1024)}` },
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(Object.fromEntries(base())),
      },
      { method: "GET" },
    ] as RequestInit[]) {
      // Node's server may close a connection whose body it answered without reading (the 404
      // here reads none): that, or the 404, but never a hang.
      const outcome = await fetch(`${url()}/`, { ...init, signal: AbortSignal.timeout(10_000) }).then(
        async (response) => `${response.status} ${await response.text()}`,
        (error: Error & { cause?: { code?: string } }) =>
          error.cause?.code === "UND_ERR_SOCKET" ? "closed" : `${error.name}: ${error.message}`,
      );
      expect(['404 {"message":"Not Found"}', "closed"]).toContain(outcome);
    }
  });
});
