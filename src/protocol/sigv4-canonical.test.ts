import { describe, expect, it } from "vitest";
import {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  EMPTY_SHA256,
  escapeUri,
  formatAmzDate,
  parseAmzDate,
  parseQuery,
  stringToSign,
} from "./sigv4-canonical.js";
import { hmacHex, sha256Hex, signingKey, timingSafeEqual } from "./sigv4-crypto.js";

// Vectors in the style of AWS's SigV4 test suite (aws-sig-v4-test-suite): the published
// get-vanilla case and the IAM ListUsers example from the SigV4 documentation, plus the pieces.
const AKID = "AKIDEXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

describe("canonical URI from the raw wire path", () => {
  it.each([
    ["/", "/"],
    ["", ""],
    ["/identitypools/us-east-1%3Aabc", "/identitypools/us-east-1%253Aabc"],
    [
      "/identities/us-east-1%3A0f1e/datasets/my%20set/records",
      "/identities/us-east-1%253A0f1e/datasets/my%2520set/records",
    ],
    ["/a%2Fb", "/a%252Fb"],
    ["/example/./path/../other/", "/example/other/"],
    ["//a//b//", "/a/b/"],
    ["/..", "/"],
    ["/-_.~", "/-_.~"],
    ["/!'()*", "/%21%27%28%29%2A"],
    ["/caf%C3%A9", "/caf%25C3%25A9"],
  ])("%j -> %j", (raw, expected) => {
    expect(canonicalUri(raw)).toBe(expected);
  });

  it("keeps %3A as sent when taken from request.url", () => {
    const url = new URL("https://cognito-identity.us-east-1.amazonaws.com/identitypools/us-east-1%3Aabc?x=1");
    expect(url.pathname).toBe("/identitypools/us-east-1%3Aabc");
    expect(canonicalUri(url.pathname)).toBe("/identitypools/us-east-1%253Aabc");
  });
});

describe("canonical query", () => {
  it.each([
    ["", ""],
    ["?Param2=value2&Param1=value1", "Param1=value1&Param2=value2"],
    ["?Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2"],
    ["?b=1&a=2&A=3", "A=3&a=2&b=1"],
    [
      "?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~",
      "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~",
    ],
    ["?%E1%88%B4=bar", "%E1%88%B4=bar"],
    ["?q=a%20b%2Bc%2Fd%3A!'()*", "q=a%20b%2Bc%2Fd%3A%21%27%28%29%2A"],
    ["?q=a+b", "q=a%2Bb"],
    ["?flag&x=", "flag=&x="],
    ["?a=1&&b=2", "a=1&b=2"],
    ["?X-Amz-Signature=abc&z=1", "z=1"],
    ["?bad=%zz", "bad=%25zz"],
  ])("%j -> %j", (raw, expected) => {
    expect(canonicalQuery(parseQuery(raw))).toBe(expected);
  });

  it("parses pairs in order, bare keys as null", () => {
    expect(parseQuery("?a=1&b=x%2By&c")).toEqual([
      ["a", "1"],
      ["b", "x+y"],
      ["c", null],
    ]);
  });
});

describe("pieces", () => {
  it("escapes as the AWS signers do", () => {
    expect(escapeUri("us-east-1:a b(c)")).toBe("us-east-1%3Aa%20b%28c%29");
    const unreserved = "AZaz09-._~";
    expect(escapeUri(unreserved)).toBe(unreserved);
    expect(escapeUri("")).toBe("");
    for (const [char, escaped] of [
      ["!", "%21"],
      ["'", "%27"],
      ["(", "%28"],
      [")", "%29"],
      ["*", "%2A"],
      ["/", "%2F"],
      ["+", "%2B"],
      ["%", "%25"],
      ["é", "%C3%A9"],
    ])
      expect(escapeUri(`${unreserved}${char}`)).toBe(`${unreserved}${escaped}`);
  });

  it("canonicalizes header values", () => {
    expect(canonicalHeaderValue("  a \t  b  ")).toBe("a b");
    expect(canonicalHeaderValue("value1\r\n value2")).toBe("value1 value2");
    // Each thing that makes a value not canonical, alone; and values that are, unchanged.
    for (const [sent, signed] of [
      ["a\tb", "a b"],
      ["a\rb", "a b"],
      ["a\nb", "a b"],
      ["a  b", "a b"],
      [" a", "a"],
      ["a ", "a"],
      ["a b c", "a b c"],
      ["s1.ASIA234.v1.AbC_-x", "s1.ASIA234.v1.AbC_-x"],
      ["", ""],
    ])
      expect(canonicalHeaderValue(sent!)).toBe(signed);
  });

  it("parses and formats ISO 8601 basic dates", () => {
    expect(parseAmzDate("20150830T123600Z")).toBe(Date.UTC(2015, 7, 30, 12, 36, 0));
    expect(parseAmzDate("20240229T235959Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(formatAmzDate(Date.UTC(2015, 7, 30, 12, 36, 0, 999))).toBe("20150830T123600Z");
    for (const bad of [
      "20150830T123600",
      "2015-08-30T12:36:00Z",
      "20150231T000000Z",
      "20151330T000000Z",
      "20230229T000000Z",
      "20150830T240000Z",
      "20150830T126000Z",
      "20150830T123660Z",
      "00500830T123600Z",
      "x",
    ]) {
      expect(parseAmzDate(bad)).toBeUndefined();
    }
  });

  it("hashes with WebCrypto", async () => {
    expect(await sha256Hex("")).toBe(EMPTY_SHA256);
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("compares every character", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });
});

describe("published vectors", () => {
  it("get-vanilla: reproduces AWS's canonical request, string to sign and signature", async () => {
    const canonical = canonicalRequest({
      method: "GET",
      uri: canonicalUri("/"),
      query: canonicalQuery(parseQuery("")),
      headers: [
        ["host", "example.amazonaws.com"],
        ["x-amz-date", "20150830T123600Z"],
      ],
      payloadHash: EMPTY_SHA256,
    });
    expect(canonical).toBe(
      `GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${EMPTY_SHA256}`,
    );
    const toSign = stringToSign(
      "20150830T123600Z",
      "20150830/us-east-1/service/aws4_request",
      await sha256Hex(canonical),
    );
    expect(toSign.split("\n")[3]).toBe("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    const key = await signingKey(AKID, SECRET, "20150830", "us-east-1", "service");
    expect(await hmacHex(key, toSign)).toBe(
      "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  it("IAM ListUsers example: reproduces the documented signature", async () => {
    const canonical = canonicalRequest({
      method: "GET",
      uri: canonicalUri("/"),
      query: canonicalQuery(parseQuery("?Action=ListUsers&Version=2010-05-08")),
      headers: [
        ["content-type", "application/x-www-form-urlencoded; charset=utf-8"],
        ["host", "iam.amazonaws.com"],
        ["x-amz-date", "20150830T123600Z"],
      ],
      payloadHash: EMPTY_SHA256,
    });
    expect(await sha256Hex(canonical)).toBe(
      "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
    );
    const key = await signingKey(AKID, SECRET, "20150830", "us-east-1", "iam");
    const toSign = stringToSign(
      "20150830T123600Z",
      "20150830/us-east-1/iam/aws4_request",
      await sha256Hex(canonical),
    );
    expect(await hmacHex(key, toSign)).toBe(
      "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    );
  });
});
