// Web APIs only. Over the wire, with the real signer and presigner: test/sigv4/operation-binding.test.ts.
import { describe, expect, it } from "vitest";
import { checkBoundHeaders, queryValues } from "./sigv4-bound.js";
import { parseQuery } from "./sigv4-canonical.js";

const TARGET = "AWSCognitoIdentityProviderService.AdminGetUser";
const OTHER = "AWSCognitoIdentityProviderService.AdminDeleteUser";
const JSON_11 = "application/x-amz-json-1.1";
const refused = (name: string) => ({
  ok: false,
  error: "InvalidSignatureException",
  status: 400,
  message: `'${name}' must be a 'SignedHeader' in the AWS Authorization.`,
});

function check(signed: string, headers: Record<string, string>, search = "") {
  return checkBoundHeaders(signed.split(";"), new Headers(headers), parseQuery(search));
}

describe("checkBoundHeaders", () => {
  it("accepts the target and content type in SignedHeaders, as the SDKs sign them", () => {
    expect(
      check("content-type;host;x-amz-date;x-amz-target", { "content-type": JSON_11, "x-amz-target": TARGET }),
    ).toBeUndefined();
  });

  it("refuses a target or content type sent but not signed", () => {
    expect(
      check("content-type;host;x-amz-date", { "content-type": JSON_11, "X-Amz-Target": TARGET }),
    ).toEqual(refused("X-Amz-Target"));
    expect(
      check("host;x-amz-date;x-amz-target", { "content-type": JSON_11, "x-amz-target": TARGET }),
    ).toEqual(refused("Content-Type"));
  });

  it("needs nothing for a header not sent: the query that may carry it is signed", () => {
    expect(check("host", {})).toBeUndefined();
    expect(
      check("content-type;host", { "content-type": JSON_11 }, `?x-amz-target=${TARGET}`),
    ).toBeUndefined();
  });

  it("takes an unsigned header only when it repeats the signed query's one value", () => {
    expect(
      check(
        "content-type;host",
        { "content-type": JSON_11, "x-amz-target": TARGET },
        `?x-amz-target=${TARGET}`,
      ),
    ).toBeUndefined();
    expect(
      check(
        "content-type;host",
        { "content-type": JSON_11, "x-amz-target": OTHER },
        `?x-amz-target=${TARGET}`,
      ),
    ).toEqual(refused("X-Amz-Target"));
    const twice = `?x-amz-target=${TARGET}&X-Amz-Target=${OTHER}`;
    expect(check("content-type;host", { "content-type": JSON_11, "x-amz-target": TARGET }, twice)).toEqual(
      refused("X-Amz-Target"),
    );
  });

  it("reads query keys in any case", () => {
    expect(queryValues(parseQuery(`?X-AMZ-TARGET=${TARGET}&x-amz-date=1&bare`), "x-amz-target")).toEqual([
      TARGET,
    ]);
  });
});
