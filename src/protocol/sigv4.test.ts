// Web APIs only (Request, ReadableStream, crypto.subtle, TextEncoder): these cases could run in
// workerd unchanged. The cross-check against the real AWS signer is test/sigv4/sigv4.test.ts.
import { describe, expect, it } from "vitest";
import { readBodyLimited } from "../util/body.js";
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  formatAmzDate,
  parseAmzDate,
  parseQuery,
  stringToSign,
} from "./sigv4-canonical.js";
import {
  cachedSigningKeys,
  hmacHex,
  MAX_CACHED_SIGNING_KEYS,
  sha256Hex,
  signingKey,
} from "./sigv4-crypto.js";
import { SignatureThrottle, verifySigV4, type SigV4Credentials, type SigV4VerifyOptions } from "./sigv4.js";

const AKID = "AKIDEXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const AMZ_DATE = "20150830T123600Z";
const T0 = parseAmzDate(AMZ_DATE)!;
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

const known: SigV4Credentials[] = [
  { accessKeyId: AKID, secretAccessKey: SECRET },
  {
    accessKeyId: "ASIATEMPORARY",
    secretAccessKey: "temp-secret",
    sessionToken: "session+token/==",
    expiresAt: T0 + 3600_000,
  },
];

function options(overrides: Partial<SigV4VerifyOptions> = {}): SigV4VerifyOptions {
  return {
    lookup: (id) => known.find((c) => c.accessKeyId === id),
    region: "us-east-1",
    service: "service",
    now: () => T0,
    ...overrides,
  };
}

interface SignInit {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  credentials?: SigV4Credentials;
  region?: string;
  service?: string;
  amzDate?: string;
}

/** Signs in the header form, as the SDKs do: x-amz-date, the token and the payload hash as headers. */
async function signed(init: SignInit): Promise<Request> {
  const creds = init.credentials ?? known[0]!;
  const amzDate = init.amzDate ?? AMZ_DATE;
  const url = new URL(init.url);
  const body = init.body === undefined ? undefined : new TextEncoder().encode(init.body);
  const headers: Record<string, string> = {
    host: url.host,
    ...(!init.headers?.date && { "x-amz-date": amzDate }),
    ...init.headers,
  };
  if (creds.sessionToken) headers["x-amz-security-token"] = creds.sessionToken;
  headers["x-amz-content-sha256"] ??= await sha256Hex(body ?? "");
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const scope = `${amzDate.slice(0, 8)}/${init.region ?? "us-east-1"}/${init.service ?? "service"}/aws4_request`;
  const canonical = canonicalRequest({
    method: init.method ?? "GET",
    uri: canonicalUri(url.pathname),
    query: canonicalQuery(parseQuery(url.search)),
    headers: names.map((n) => [n, lower[n]!] as const),
    payloadHash: lower["x-amz-content-sha256"]!,
  });
  const key = await signingKey(
    creds.accessKeyId,
    creds.secretAccessKey,
    scope.slice(0, 8),
    init.region ?? "us-east-1",
    init.service ?? "service",
  );
  const signature = await hmacHex(key, stringToSign(amzDate, scope, await sha256Hex(canonical)));
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return new Request(url, { method: init.method ?? "GET", headers, ...(body && { body }) });
}

function withHeader(request: Request, name: string, value: string | null, body?: BodyInit): Request {
  const headers = new Headers(request.headers);
  if (value === null) headers.delete(name);
  else headers.set(name, value);
  return new Request(request.url, { method: request.method, headers, ...(body !== undefined && { body }) });
}

describe("verifySigV4 (Web APIs only)", () => {
  it("accepts AWS's published get-vanilla request", async () => {
    const request = new Request("https://example.amazonaws.com/", {
      headers: {
        host: "example.amazonaws.com",
        "x-amz-date": AMZ_DATE,
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
          "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      },
    });
    const result = await verifySigV4(request, options());
    expect(result).toMatchObject({
      ok: true,
      accessKeyId: AKID,
      region: "us-east-1",
      service: "service",
      form: "header",
    });
  });

  it("accepts a signed JSON POST and hands back the body it read", async () => {
    const json = JSON.stringify({ IdentityPoolId: "us-east-1:abc", Logins: { "a+b": "x y" } });
    const request = await signed({
      url: "https://example.amazonaws.com/identitypools/us-east-1%3Aabc?b=2&a=1&a=0",
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityService.GetId",
      },
      body: json,
    });
    const result = await verifySigV4(request, options());
    expect(result.ok).toBe(true);
    if (result.ok) expect(new TextDecoder().decode(result.body)).toBe(json);
    expect(request.bodyUsed).toBe(true);
  });

  it("accepts session credentials only with their own token", async () => {
    const request = await signed({ url: "https://example.amazonaws.com/", credentials: known[1]! });
    const result = await verifySigV4(request.clone(), options());
    expect(result).toMatchObject({
      ok: true,
      accessKeyId: "ASIATEMPORARY",
      sessionToken: "session+token/==",
    });
    const other = await verifySigV4(withHeader(request, "x-amz-security-token", "other"), options());
    expect(other).toMatchObject({ ok: false, error: "UnrecognizedClientException" });
    const none = await verifySigV4(withHeader(request, "x-amz-security-token", null), options());
    expect(none).toMatchObject({ ok: false, error: "UnrecognizedClientException" });
  });

  it("refuses expired temporary credentials", async () => {
    const later = T0 + 3600_000;
    const request = await signed({
      url: "https://example.amazonaws.com/",
      credentials: known[1]!,
      amzDate: formatAmzDate(later),
    });
    const result = await verifySigV4(request, options({ now: () => later }));
    expect(result).toEqual({
      ok: false,
      error: "ExpiredTokenException",
      status: 400,
      message: "The security token included in the request is expired",
    });
  });

  it("refuses a request without authentication", async () => {
    const result = await verifySigV4(new Request("https://example.amazonaws.com/"), options());
    expect(result).toEqual({
      ok: false,
      error: "MissingAuthenticationTokenException",
      status: 400,
      message: "Request is missing Authentication Token",
    });
  });

  it("refuses a garbled Authorization header, naming what is missing", async () => {
    const bearer = new Request("https://example.amazonaws.com/", {
      headers: { authorization: "Bearer eyJhbGciOi" },
    });
    expect(await verifySigV4(bearer, options())).toMatchObject({
      ok: false,
      error: "IncompleteSignatureException",
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    });
    const spaced = new Request("https://example.amazonaws.com/", {
      headers: {
        "x-amz-date": AMZ_DATE,
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKID /20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00",
      },
    });
    expect(await verifySigV4(spaced, options())).toMatchObject({
      error: "IncompleteSignatureException",
      message:
        "'/20150830/us-east-1/service/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header.",
    });
    const sha512 = new Request("https://example.amazonaws.com/", {
      headers: { authorization: "AWS4-HMAC-SHA512 Credential=x" },
    });
    expect(await verifySigV4(sha512, options())).toMatchObject({
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
    });
    const short = new Request("https://example.amazonaws.com/", {
      headers: {
        "x-amz-date": AMZ_DATE,
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/aws4_request, SignedHeaders=host, Signature=00",
      },
    });
    expect(await verifySigV4(short, options())).toMatchObject({
      error: "IncompleteSignatureException",
      message: expect.stringMatching(/^Credential must have exactly 5/),
    });
  });

  it("reports signature expiry and future dates as AWS does", async () => {
    const request = await signed({ url: "https://example.amazonaws.com/" });
    expect(await verifySigV4(request.clone(), options({ now: () => T0 + 10 * 60_000 }))).toEqual({
      ok: false,
      error: "InvalidSignatureException",
      status: 400,
      message:
        "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5 min.)",
    });
    expect(await verifySigV4(request.clone(), options({ now: () => T0 - 10 * 60_000 }))).toMatchObject({
      error: "InvalidSignatureException",
      message:
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123100Z (20150830T122600Z + 5 min.)",
    });
    expect((await verifySigV4(request.clone(), options({ now: () => T0 + 5 * 60_000 }))).ok).toBe(true);
  });

  it("checks the credential scope against this endpoint", async () => {
    const request = await signed({
      url: "https://example.amazonaws.com/",
      region: "eu-west-1",
      service: "other",
    });
    expect(await verifySigV4(request, options({ service: ["service", "service2"] }))).toMatchObject({
      error: "InvalidSignatureException",
      message:
        "Credential should be scoped to a valid region, not 'eu-west-1'. Credential should be scoped to correct service: 'service'.",
    });
    const wrongDay = await signed({ url: "https://example.amazonaws.com/" });
    const auth = wrongDay.headers.get("authorization")!.replace("/20150830/", "/20150829/");
    expect(await verifySigV4(withHeader(wrongDay, "authorization", auth), options())).toMatchObject({
      message:
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.",
    });
  });

  it("accepts any of several service names", async () => {
    const request = await signed({ url: "https://example.amazonaws.com/", service: "service2" });
    expect(await verifySigV4(request, options({ service: ["service", "service2"] }))).toMatchObject({
      ok: true,
      service: "service2",
    });
  });

  it("refuses tampering, wrong secrets and unknown keys", async () => {
    const post = { url: "https://example.amazonaws.com/", method: "POST", body: '{"a":1}' };
    // Bytes, not a string: a string body would add an unsigned text/plain Content-Type.
    const tamperedBody = withHeader(
      await signed(post),
      "x-amz-target",
      null,
      new TextEncoder().encode('{"a":2}'),
    );
    expect(await verifySigV4(tamperedBody, options())).toMatchObject({
      error: "InvalidSignatureException",
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
    const noHashHeader = await signed({ ...post, headers: { "x-amz-content-sha256": "" } });
    const dropped = withHeader(
      noHashHeader,
      "x-amz-content-sha256",
      null,
      new TextEncoder().encode('{"a":2}'),
    );
    expect(await verifySigV4(dropped, options())).toMatchObject({ error: "InvalidSignatureException" });
    const wrongSecret = await signed({
      url: "https://example.amazonaws.com/",
      credentials: { accessKeyId: AKID, secretAccessKey: "nope" },
    });
    expect(await verifySigV4(wrongSecret, options())).toMatchObject({
      error: "InvalidSignatureException",
      message: MISMATCH,
    });
    const unknown = await signed({
      url: "https://example.amazonaws.com/",
      credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: SECRET },
    });
    expect(await verifySigV4(unknown, options())).toEqual({
      ok: false,
      error: "UnrecognizedClientException",
      status: 400,
      message: "The security token included in the request is invalid.",
    });
    const query = await signed({ url: "https://example.amazonaws.com/?a=1" });
    expect(
      await verifySigV4(
        new Request("https://example.amazonaws.com/?a=1&b=2", { headers: query.headers }),
        options(),
      ),
    ).toMatchObject({ message: MISMATCH });
  });

  it("refuses an operation or content type the signature does not cover, before looking up the key", async () => {
    const post = {
      url: "https://example.amazonaws.com/",
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/x-amz-json-1.1" },
    };
    const untargeted = await signed(post);
    const replayed = withHeader(
      untargeted,
      "x-amz-target",
      "AWSCognitoIdentityProviderService.AdminDeleteUser",
      new TextEncoder().encode("{}"),
    );
    const looked: string[] = [];
    expect(await verifySigV4(replayed, options({ lookup: (id) => void looked.push(id) }))).toEqual({
      ok: false,
      error: "InvalidSignatureException",
      status: 400,
      message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
    });
    expect(looked).toEqual([]);
    const untyped = withHeader(
      await signed({ ...post, headers: {} }),
      "content-type",
      "application/x-amz-json-1.1",
      new TextEncoder().encode("{}"),
    );
    expect(await verifySigV4(untyped, options())).toMatchObject({
      message: "'Content-Type' must be a 'SignedHeader' in the AWS Authorization.",
    });
    expect(await verifySigV4(await signed(post), options())).toMatchObject({ ok: true });
  });

  it("with a throttle: after 20 failed signatures from a network, that network's requests are throttled unverified", async () => {
    const throttle = new SignatureThrottle({ now: () => T0 });
    const wrong = {
      url: "https://example.amazonaws.com/",
      credentials: { accessKeyId: AKID, secretAccessKey: "guess" },
    };
    for (let i = 0; i < 20; i++) {
      const result = await verifySigV4(
        await signed(wrong),
        options({ throttle, clientAddress: "203.0.113.9" }),
      );
      expect(result).toMatchObject({ error: "InvalidSignatureException", message: MISMATCH });
    }
    const good = () => signed({ url: "https://example.amazonaws.com/" });
    expect(await verifySigV4(await good(), options({ throttle, clientAddress: "203.0.113.9" }))).toEqual({
      ok: false,
      error: "ThrottlingException",
      status: 400,
      message: "Rate exceeded",
    });
    expect(
      await verifySigV4(await good(), options({ throttle, clientAddress: "198.51.100.1" })),
    ).toMatchObject({ ok: true });
    expect(await verifySigV4(await good(), options({ throttle }))).toMatchObject({ ok: true });
  });

  it("with a throttle: a failing credentials lookup charges nothing", async () => {
    const throttle = new SignatureThrottle({ burst: 1, now: () => T0 });
    const lookup = () => {
      throw new Error("database down");
    };
    for (let i = 0; i < 3; i++) {
      await expect(
        verifySigV4(await signed({ url: "https://example.amazonaws.com/" }), options({ throttle, lookup })),
      ).rejects.toThrow("database down");
    }
    expect(
      await verifySigV4(await signed({ url: "https://example.amazonaws.com/" }), options({ throttle })),
    ).toMatchObject({ ok: true });
  });

  it("takes the request time from a Date header when there is no x-amz-date", async () => {
    const request = await signed({
      url: "https://example.amazonaws.com/",
      headers: { date: "Sun, 30 Aug 2015 12:36:00 GMT" },
    });
    expect(request.headers.has("x-amz-date")).toBe(false);
    expect(await verifySigV4(request, options())).toMatchObject({ ok: true });
  });

  it("fails, without throwing, on signed header names that were not sent or cannot be", async () => {
    const request = await signed({ url: "https://example.amazonaws.com/" });
    for (const extra of ["x-absent", "bad(name", ":authority"]) {
      const auth = request.headers.get("authorization")!.replace("SignedHeaders=", `SignedHeaders=${extra};`);
      const result = await verifySigV4(withHeader(request, "authorization", auth), options());
      expect(result).toMatchObject({ ok: false, error: "InvalidSignatureException" });
    }
  });

  it("refuses UNSIGNED-PAYLOAD unless allowed", async () => {
    const init = {
      url: "https://example.amazonaws.com/",
      method: "PUT",
      body: "data",
      headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    };
    expect(await verifySigV4(await signed(init), options())).toMatchObject({
      error: "InvalidSignatureException",
    });
    expect(await verifySigV4(await signed(init), options({ allowUnsignedPayload: true }))).toMatchObject({
      ok: true,
    });
  });

  it("stops reading a body past the limit, declared or streamed", async () => {
    const big = await signed({
      url: "https://example.amazonaws.com/",
      method: "POST",
      body: "x".repeat(2048),
    });
    expect(await verifySigV4(big, options({ maxBodyBytes: 1024 }))).toEqual({
      ok: false,
      error: "RequestEntityTooLargeException",
      status: 413,
      message: "Request body exceeds the limit of 1024 bytes.",
    });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const streamed = new Request("https://example.amazonaws.com/", {
      method: "POST",
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(await readBodyLimited(streamed, 4096)).toEqual({ tooLarge: true, limit: 4096 });
    expect(pulled).toBeLessThan(12);
  });

  it("never reads the body of a GET or HEAD, which cannot have one: the empty body's hash is signed", async () => {
    for (const method of ["GET", "HEAD"]) {
      const request = await signed({ url: "https://example.amazonaws.com/items", method });
      // A runtime may build the body's stream lazily (@hono/node-server does): asking for it costs.
      const reads: string[] = [];
      const watched = new Proxy(request, {
        get(target, name) {
          if (name === "body" || name === "bodyUsed" || name === "arrayBuffer") reads.push(String(name));
          const value = Reflect.get(target, name, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const result = await verifySigV4(watched, options());
      expect(result).toMatchObject({ ok: true, body: new Uint8Array(0) });
      expect(reads).toEqual([]);
      // A GET signed as if it carried a body is refused: the empty body is what was received.
      const claimed = withHeader(request, "x-amz-content-sha256", await sha256Hex("x"));
      expect(await verifySigV4(claimed, options())).toMatchObject({
        ok: false,
        error: "InvalidSignatureException",
      });
    }
  });

  it("keeps the derived-key cache bounded, dropping the least recently used key", async () => {
    const derive = (i: number, secret = "s") =>
      signingKey(`AKID${i}`, secret, "20150830", "us-east-1", "service");
    const kept = await derive(0);
    const dropped = await derive(1);
    for (let i = 2; i < MAX_CACHED_SIGNING_KEYS + 200; i++) {
      await derive(i);
      if (i % 1000 === 0) expect(await derive(0)).toBe(kept); // used now and then: kept
    }
    expect(cachedSigningKeys()).toBe(MAX_CACHED_SIGNING_KEYS);
    expect(await derive(0)).toBe(kept);
    // Not used since: derived again (the same bytes, a new copy).
    const again = await derive(1);
    expect(again).not.toBe(dropped);
    expect(again).toEqual(dropped);
    expect(cachedSigningKeys()).toBe(MAX_CACHED_SIGNING_KEYS);
    // Another secret for the same key id does not get the cached key.
    expect(await derive(0, "rotated")).not.toEqual(kept);
  });

  it("verifies a presigned URL until it expires", async () => {
    const url = new URL("https://example.amazonaws.com/path");
    const scope = "20150830/us-east-1/service/aws4_request";
    url.search = new URLSearchParams({
      Action: "Get",
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": `${AKID}/${scope}`,
      "X-Amz-Date": AMZ_DATE,
      "X-Amz-Expires": "60",
      "X-Amz-SignedHeaders": "host",
    }).toString();
    const canonical = canonicalRequest({
      method: "GET",
      uri: canonicalUri(url.pathname),
      query: canonicalQuery(parseQuery(url.search)),
      headers: [["host", url.host]],
      payloadHash: await sha256Hex(""),
    });
    const key = await signingKey(AKID, SECRET, "20150830", "us-east-1", "service");
    url.searchParams.set(
      "X-Amz-Signature",
      await hmacHex(key, stringToSign(AMZ_DATE, scope, await sha256Hex(canonical))),
    );
    expect(await verifySigV4(new Request(url), options({ now: () => T0 + 60_000 }))).toMatchObject({
      ok: true,
      form: "query",
    });
    expect(await verifySigV4(new Request(url), options({ now: () => T0 + 61_000 }))).toMatchObject({
      error: "InvalidSignatureException",
      message: `Signature expired: 20150830T123700Z is now earlier than ${formatAmzDate(T0 + 61_000)} (20150830T123600Z + 60 sec.)`,
    });
  });
});
