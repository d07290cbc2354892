import { SELF } from "cloudflare:test";
import { signatureCrypto } from "#crypto";
import { describe, expect, it } from "vitest";

describe("the Worker entry, inside workerd", () => {
  it("runs in workerd, on the WebCrypto signature port", () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    // The WebCrypto port is asynchronous; the Node port answers synchronously.
    expect(signatureCrypto.sha256("x")).toBeInstanceOf(Promise);
  });

  it("answers GET /health from the gateway app", async () => {
    const res = await SELF.fetch("http://cognate.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      service: "cognate",
      runtime: "workerd",
      region: "us-east-1",
    });
  });

  it("answers unknown paths with API Gateway's 404 body", async () => {
    const res = await SELF.fetch("http://cognate.test/nowhere");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "Not Found" });
  });
});
