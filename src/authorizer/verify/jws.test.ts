import { describe, expect, it } from "vitest";
import { signatureCrypto as nodeCrypto } from "../../runtime/crypto.node.js";
import { signatureCrypto as webCrypto } from "../../runtime/crypto.web.js";
import { JwtError } from "./errors.js";
import { decodeJws, HeaderCache } from "./jws.js";

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString("base64url");
const seg = (value: unknown) => b64(JSON.stringify(value));
const HEADER = seg({ alg: "RS256", kid: "k1" });
const PAYLOAD = seg({ sub: "alice", n: 1 });
const SIG = b64(new Uint8Array([1, 2, 3, 250, 251, 252]));

describe.each([
  ["node", nodeCrypto],
  ["web", webCrypto],
])("decodeJws (%s base64url)", (_, crypto) => {
  const malformed = (token: string, message: RegExp) => {
    let error: unknown;
    try {
      decodeJws(token, crypto);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JwtError);
    expect((error as JwtError).code).toBe("ERR_JWT_MALFORMED");
    expect((error as JwtError).message).toMatch(message);
  };

  it("decodes header, payload and signature of a compact JWS", () => {
    const decoded = decodeJws(`${HEADER}.${PAYLOAD}.${SIG}`, crypto);
    expect(decoded.header).toEqual({ alg: "RS256", kid: "k1" });
    expect(decoded.payload).toEqual({ sub: "alice", n: 1 });
    expect(Array.from(decoded.signature)).toEqual([1, 2, 3, 250, 251, 252]);
  });

  it("gives as signing input exactly the ASCII bytes of header.payload", () => {
    const decoded = decodeJws(`${HEADER}.${PAYLOAD}.${SIG}`, crypto);
    const expected = Array.from(`${HEADER}.${PAYLOAD}`, (c) => c.charCodeAt(0));
    expect(decoded.signingInput).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.signingInput)).toEqual(expected);
    expect(decoded.signingInput.byteLength).toBe(HEADER.length + 1 + PAYLOAD.length);
  });

  it.each([
    ["empty", ""],
    ["two segments", `${HEADER}.${PAYLOAD}`],
    ["four segments", `${HEADER}.${PAYLOAD}.${SIG}.${SIG}`],
    ["empty signature (alg none)", `${HEADER}.${PAYLOAD}.`],
    ["empty header", `.${PAYLOAD}.${SIG}`],
    ["padding", `${HEADER}.${PAYLOAD}.${SIG}==`],
    ["standard base64 '+'", `${HEADER}.${PAYLOAD}.ab+c`],
    ["standard base64 '/'", `${HEADER}.${PAYLOAD}.ab/c`],
    ["surrounding whitespace", ` ${HEADER}.${PAYLOAD}.${SIG}`],
    ["trailing newline", `${HEADER}.${PAYLOAD}.${SIG}\n`],
    ["JWE-like five segments", `${HEADER}.a.b.c.d`],
  ])("refuses a token not in strict compact form: %s", (_, token) => {
    malformed(token, /not a signed JWT in compact form/);
  });

  it("refuses a segment whose length is 1 mod 4 (not base64url)", () => {
    const one = (s: string) => (s.length % 4 === 1 ? s : s + "A".repeat((5 - (s.length % 4)) % 4));
    expect(one("abcd").length % 4).toBe(1);
    malformed(`${one(HEADER)}.${PAYLOAD}.${SIG}`, /invalid base64url/);
    malformed(`${HEADER}.${one(PAYLOAD)}.${SIG}`, /invalid base64url/);
    malformed(`${HEADER}.${PAYLOAD}.${one(SIG)}`, /invalid base64url/);
    malformed(`${HEADER}.${PAYLOAD}.A`, /invalid base64url/);
  });

  it("accepts segment lengths 2 and 3 mod 4 (unpadded base64url)", () => {
    for (const sig of ["AQ", "AQI", "AQID"]) {
      expect(Array.from(decodeJws(`${HEADER}.${PAYLOAD}.${sig}`, crypto).signature)).toEqual(
        [1, 2, 3].slice(0, Math.floor((sig.length * 3) / 4)),
      );
    }
  });

  it.each([
    ["array", [1, 2]],
    ["null", null],
    ["number", 42],
    ["string", "hello"],
    ["boolean", true],
  ])("refuses a header or payload that is JSON but not an object: %s", (_, value) => {
    malformed(`${seg(value)}.${PAYLOAD}.${SIG}`, /header is not a JSON object/);
    malformed(`${HEADER}.${seg(value)}.${SIG}`, /payload is not a JSON object/);
  });

  it("refuses a header or payload that is not JSON", () => {
    malformed(`${b64("{alg:RS256}")}.${PAYLOAD}.${SIG}`, /header is not UTF-8 JSON/);
    malformed(`${HEADER}.${b64("not json")}.${SIG}`, /payload is not UTF-8 JSON/);
  });

  it("refuses invalid UTF-8 even inside a JSON string, keeping the cause", () => {
    const invalid = [
      Uint8Array.of(...Buffer.from('{"sub":"'), 0xc3, ...Buffer.from('"}')), // truncated sequence
      Uint8Array.of(...Buffer.from('{"sub":"'), 0xc0, 0xaf, ...Buffer.from('"}')), // overlong "/"
      Uint8Array.of(...Buffer.from('{"sub":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')), // UTF-16 surrogate
    ];
    for (const bytes of invalid) {
      malformed(`${HEADER}.${b64(bytes)}.${SIG}`, /payload is not UTF-8 JSON/);
      try {
        decodeJws(`${HEADER}.${b64(bytes)}.${SIG}`, crypto);
      } catch (e) {
        expect((e as JwtError).cause).toBeInstanceOf(TypeError);
      }
    }
  });

  it("decodes valid non-ASCII UTF-8 claims", () => {
    const decoded = decodeJws(`${HEADER}.${seg({ sub: "zoë", city: "東京" })}.${SIG}`, crypto);
    expect(decoded.payload).toEqual({ sub: "zoë", city: "東京" });
  });
});

describe("HeaderCache", () => {
  it("decodes a header once per distinct segment, frozen, and stays bounded", () => {
    const cache = new HeaderCache(2);
    const header = (kid: string) => seg({ alg: "RS256", kid });
    const token = (kid: string) => `${header(kid)}.${PAYLOAD}.${SIG}`;
    const first = decodeJws(token("a"), nodeCrypto, cache).header;
    expect(decodeJws(token("a"), nodeCrypto, cache).header).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    decodeJws(token("b"), nodeCrypto, cache);
    decodeJws(token("c"), nodeCrypto, cache); // full: emptied, then holds c
    expect(cache.get(header("a"))).toBeUndefined();
    expect(cache.get(header("c"))).toEqual({ alg: "RS256", kid: "c" });
  });
});
