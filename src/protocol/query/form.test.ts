import { describe, expect, it } from "vitest";
import { isForm, readQueryParams } from "./form.js";

const post = (body: string, type = "application/x-www-form-urlencoded; charset=utf-8", url = "http://h/") =>
  new Request(url, { method: "POST", headers: { "content-type": type }, body });

describe("the Query protocol's parameters", () => {
  it("reads a form body and the URL's query together, decoded", async () => {
    const params = await readQueryParams(
      post(
        "Action=AssumeRoleWithWebIdentity&RoleSessionName=a%2Bb",
        undefined,
        "http://h/?Version=2011-06-15",
      ),
      1024,
    );
    expect(params).toEqual(
      new Map([
        ["Version", "2011-06-15"],
        ["Action", "AssumeRoleWithWebIdentity"],
        ["RoleSessionName", "a+b"],
      ]),
    );
  });

  it("refuses a repeated name (in the body, or across the body and the query)", async () => {
    expect(await readQueryParams(post("Action=A&Action=B"), 1024)).toBe("repeated");
    expect(await readQueryParams(post("Action=A", undefined, "http://h/?Action=B"), 1024)).toBe("repeated");
  });

  it("refuses a body over the limit without reading it all, and a POST that is not a form", async () => {
    expect(await readQueryParams(post(`Action=${"a".repeat(2000)}`), 1024)).toBe("too-large");
    expect(await readQueryParams(post("{}", "application/json"), 1024)).toBe("not-form");
  });

  it("takes a GET's parameters from its query", async () => {
    const params = await readQueryParams(new Request("http://h/?Action=GetCallerIdentity"), 1024);
    expect(params).toEqual(new Map([["Action", "GetCallerIdentity"]]));
    expect(isForm(new Request("http://h/"))).toBe(false);
  });
});
