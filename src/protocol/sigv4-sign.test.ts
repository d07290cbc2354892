import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { signSigV4 } from "./sigv4-sign.js";
import { verifySigV4 } from "./sigv4.js";

const EXAMPLE = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const AT = Date.UTC(2015, 7, 30, 12, 36, 0);

describe("signSigV4", () => {
  it("matches AWS's published get-vanilla test vector", async () => {
    const headers = await signSigV4(
      { method: "GET", url: "https://example.amazonaws.com/" },
      EXAMPLE,
      "us-east-1",
      "service",
      AT,
    );
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  it("signs a Lambda Invoke call as @smithy/signature-v4 does (ARN in the path, session token)", async () => {
    const credentials = { ...EXAMPLE, sessionToken: "token/with+chars=" };
    const path = `/2015-03-31/functions/${encodeURIComponent("arn:aws:lambda:eu-west-1:000000000000:function:f")}/invocations`;
    const body = JSON.stringify({ hello: "wörld" });
    const ours = await signSigV4(
      {
        method: "POST",
        url: `http://127.0.0.1:9001${path}?Qualifier=live`,
        headers: { "Content-Type": "application/json", "X-Amz-Invocation-Type": "RequestResponse" },
        body,
      },
      credentials,
      "eu-west-1",
      "lambda",
      AT,
    );
    const smithy = new SignatureV4({
      credentials,
      region: "eu-west-1",
      service: "lambda",
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await smithy.sign(
      {
        method: "POST",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: 9001,
        path,
        query: { Qualifier: "live" },
        headers: {
          host: "127.0.0.1:9001",
          "content-type": "application/json",
          "x-amz-invocation-type": "RequestResponse",
        },
        body,
      },
      { signingDate: new Date(AT) },
    );
    expect(ours.authorization).toBe(signed.headers.authorization);
    expect(ours["x-amz-security-token"]).toBe(credentials.sessionToken);
  });

  it("is accepted by the repo's own verifier, and an altered body is not", async () => {
    const url = "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations";
    const body = '{"a":1}';
    const headers = await signSigV4(
      { method: "POST", url, headers: { "content-type": "application/json" }, body },
      EXAMPLE,
      "us-east-1",
      "lambda",
      Date.now(),
    );
    const options = { region: "us-east-1", service: "lambda", lookup: () => EXAMPLE };
    const good = await verifySigV4(new Request(url, { method: "POST", headers, body }), options);
    expect(good.ok).toBe(true);
    const bad = await verifySigV4(new Request(url, { method: "POST", headers, body: '{"a":2}' }), options);
    expect(bad.ok).toBe(false);
  });
});
